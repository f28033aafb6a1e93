"""The warm parent ("zygote"): imports what a participant's kernel needs once, then forks a kernel per request.

Run by the provisioner as ``python -m asn_training.kernels.zygote DIRECTORY MODULE...``. It imports the modules,
loads the content bundle, freezes what it holds out of the garbage collector's reach (so the children's collections
do not write to the shared pages), and listens on ``DIRECTORY/zygote.sock``; the directory is private (0700) and a
peer must run as the same user. A request is one JSON line, ``{"argv": [...], "env": {...}, "cwd": "..."}`` with the
arguments of ``python -m ipykernel_launcher``; the answer is ``{"pid": N}``. The child starts a session of its own,
takes the requested environment and directory, and runs ipykernel; the zygote reaps it and writes its exit code to
``DIRECTORY/exit-<pid>`` for the provisioner, which is not its parent.

Before forking nothing may start a thread, a zmq context, an event loop or a database engine: a child inherits
locks held by threads that do not exist in it. The zygote checks that it has one thread before it serves.
The zygote leaves when the server that started it is gone; its kernels do not die with it (each watches the server
itself, as a cold kernel does).
"""

from __future__ import annotations

import gc
import importlib
import json
import logging
import os
import random
import shutil
import signal
import socket
import struct
import sys
import tempfile
import threading
import time

SOCKET_NAME = "zygote.sock"
MAX_REQUEST = 8 * 1024 * 1024
# What a participant's kernel imports: ipykernel and what its start imports (the debugger, IPython's magics), the
# notebook's one cell and what it reaches.
DEFAULT_PRELOAD = ("ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.debugger", "IPython.core.debugger",
                   "IPython.core.completerlib", "IPython.core.oinspect", "IPython.extensions.storemagic",
                   "tornado.platform.asyncio", "tornado.queues", "http.server", "xmlrpc.server", "sqlite3",
                   "ipywidgets", "sqlalchemy", "sqlalchemy.dialects.sqlite", "asn_training.services.database",
                   "asn_training.content.bundle", "asn_training.ui")

log = logging.getLogger("asn_training.kernels.zygote")


def exit_path(directory: str, pid: int) -> str:
    return os.path.join(directory, f"exit-{pid}")


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    directory, modules = args[0], args[1:] or list(DEFAULT_PRELOAD)
    logging.basicConfig(stream=sys.stderr, level=logging.INFO, format="%(asctime)s [asn-zygote] %(message)s")
    server, zygote = os.getppid(), os.getpid()
    if sys.path and sys.path[0] in ("", os.getcwd()):
        del sys.path[0]  # as ipykernel_launcher does; the kernel puts its own directory back
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C in the server's terminal: the server stops us
    name_process(b"asn-zygote")
    started = time.process_time()
    gc.disable()  # no collection while preloading: freed objects would leave holes the children fill (copies)
    preload(modules)
    gc.collect()
    gc.freeze()
    threads = len(os.listdir("/proc/self/task"))
    if threads != 1 or threading.active_count() != 1:
        log.error("%d threads after preloading: forking is unsafe, leaving", threads)
        sys.exit(3)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(os.path.join(directory, SOCKET_NAME))
    listener.listen(1024)
    listener.settimeout(2.0)
    signal.signal(signal.SIGCHLD, lambda _signum, _frame: reap(directory))
    signal.signal(signal.SIGTERM, lambda _signum, _frame: sys.exit(0))  # leave through the clean-up below
    log.info("ready: %d modules preloaded in %.2f CPU-s, %d MB resident, pid %d", len(sys.modules),
             time.process_time() - started, rss_kb() // 1024, os.getpid())
    try:
        while os.getppid() == server:
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            with connection:
                try:
                    serve(connection, listener, directory, server)
                except (OSError, ValueError) as exc:
                    log.warning("request refused: %s", exc)
        log.info("the server (pid %d) is gone: leaving", server)
    finally:
        if os.getpid() == zygote:  # not in a child that failed before becoming a kernel
            shutil.rmtree(directory, ignore_errors=True)


def preload(modules: list[str]) -> None:
    for name in modules:
        try:
            importlib.import_module(name)
        except Exception as exc:  # noqa: BLE001 (a kernel that needs it will report it itself)
            log.warning("could not preload %s: %s", name, exc)
    bundle = sys.modules.get("asn_training.content.bundle")
    if bundle is not None:
        try:
            bundle.load_bundle()  # type: ignore[attr-defined]
        except Exception as exc:  # noqa: BLE001 (each kernel shows the visitor its own notice)
            log.warning("could not load the content bundle: %s", exc)


def name_process(name: bytes) -> None:
    try:
        import ctypes

        ctypes.CDLL(None).prctl(15, name, 0, 0, 0)  # PR_SET_NAME
    except (OSError, AttributeError):
        pass


def rss_kb() -> int:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))


def reap(directory: str) -> None:
    """SIGCHLD: collect every finished child and leave its exit code where the provisioner looks."""
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        path = exit_path(directory, pid)
        try:
            with open(path + ".tmp", "w") as file:
                file.write(str(os.waitstatus_to_exitcode(status)))
            os.replace(path + ".tmp", path)
        except OSError as exc:
            log.warning("could not record the exit of %d: %s", pid, exc)


def serve(connection: socket.socket, listener: socket.socket, directory: str, server: int) -> None:
    connection.settimeout(10.0)
    uid = struct.unpack("3i", connection.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, 12))[1]
    if uid != os.getuid():
        raise ValueError(f"a peer running as uid {uid}")
    data = b""
    while not data.endswith(b"\n"):
        chunk = connection.recv(65536)
        if not chunk or len(data) > MAX_REQUEST:
            raise ValueError("incomplete request")
        data += chunk
    request = json.loads(data)
    argv, env, cwd = list(request["argv"]), dict(request["env"]), request.get("cwd")
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            listener.close()
            connection.close()
            code = child(argv, env, cwd, server)
        except BaseException:  # noqa: BLE001 (a child never returns into the zygote's loop)
            log.exception("kernel failed")
        finally:
            os._exit(code)
    connection.sendall(json.dumps({"pid": pid}).encode() + b"\n")


def child(argv: list[str], env: dict[str, str], cwd: str | None, server: int) -> int:
    """In the forked child: become the kernel the request describes."""
    os.setsid()  # its own process group, so an interrupt or a kill reaches the kernel and what it started
    name_process(b"asn-kernel")  # its command line stays the zygote's; `ps -o comm` and top show this name
    for signum in (signal.SIGCHLD, signal.SIGTERM):
        signal.signal(signum, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    os.environ.clear()
    os.environ.update(env)
    os.environ["JPY_PARENT_PID"] = str(server)  # as a cold kernel gets it from jupyter_client
    if cwd:
        os.chdir(cwd)
    tempfile.tempdir = None  # computed again from this environment
    random.seed()
    sys.argv = ["ipykernel_launcher", *argv]
    gc.enable()

    import ipywidgets
    from ipykernel.kernelapp import IPKernelApp

    app = IPKernelApp.instance(parent_handle=server)  # its default was read from the zygote's environment
    app.initialize(argv)
    app.poller = ServerWatch(server)  # its parent is the zygote: watch the server instead
    ipywidgets.register_comm_target()  # ipywidgets was imported before there was a kernel to register with
    app.start()
    return 0


class ServerWatch(threading.Thread):
    """Ends the kernel when the server that asked for it is gone (ipykernel's own poller watches the parent)."""

    def __init__(self, server: int) -> None:
        super().__init__(daemon=True, name="asn-server-watch")
        self.server, self.started_at = server, start_time(server)

    def run(self) -> None:
        while self.started_at is not None and start_time(self.server) == self.started_at:
            time.sleep(1.0)
        os._exit(1)


def start_time(pid: int) -> int | None:
    """When ``pid`` started (clock ticks since boot), or ``None`` if there is no such live process; a reused pid
    has another start time. A zombie counts as gone."""
    found = process_stat(pid)
    return None if found is None or found[0] in (b"Z", b"X") else found[2]


def process_stat(pid: int) -> tuple[bytes, int, int] | None:
    """State, parent pid and start time of ``pid`` from /proc, or ``None``."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as file:
            fields = file.read().rsplit(b")", 1)[1].split()
        return fields[0], int(fields[1]), int(fields[19])
    except (OSError, IndexError, ValueError):
        return None


if __name__ == "__main__":
    main()
