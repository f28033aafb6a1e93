"""The ``asn-fork`` kernel provisioner: kernels forked from a warm parent (``zygote.py``) instead of started cold.

It is jupyter_client's local provisioner (the connection file, the ports, the command line are prepared the same
way) with another launch: the command ``python -m ipykernel_launcher ARGS`` is sent to the zygote for that
``python``, started by the first launch (or by :func:`start_zygote`) and started again if it has died. The
server is not the kernel's parent, so the kernel is watched through ``/proc`` (its pid and start time, so a reused
pid is not mistaken for it) and its exit code is read from the file the zygote writes when it reaps it. A command
that is not ipykernel's, a platform without ``fork`` and ``/proc``, or a zygote that fails twice in a row: the
kernel is started the usual way, with a line in the log.

Select it with ``--KernelProvisionerFactory.default_provisioner_name=asn-fork`` (or the environment variable
``JUPYTER_DEFAULT_PROVISIONER_NAME=asn-fork``); the modules the zygote imports are
``--ForkProvisioner.preload=...``.
"""

from __future__ import annotations

import asyncio
import atexit
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from jupyter_client.provisioning import LocalProvisioner
from traitlets import Float, List, Unicode

from .zygote import DEFAULT_PRELOAD, SOCKET_NAME, exit_path, process_stat, start_time

UNKNOWN_EXIT = 1  # a kernel whose exit nobody recorded (its zygote died before it)


class ZygoteGone(RuntimeError):
    """The zygote exited, or closed the connection without answering."""


class Zygote:
    """One warm parent for one Python interpreter, in a private directory of its own."""

    def __init__(self, python: str, preload: list[str], log) -> None:
        self.python = python
        self.directory = tempfile.mkdtemp(prefix="asn-zygote-")  # 0700
        self.socket = os.path.join(self.directory, SOCKET_NAME)
        command = [python, "-m", "asn_training.kernels.zygote", self.directory, *preload]
        # The zygote runs this very package (a checkout may differ from the one installed in the environment).
        root = str(Path(__file__).resolve().parents[2])
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")])))
        self.process = subprocess.Popen(command, stdin=subprocess.DEVNULL, env=env)
        log.info("asn-fork: warm parent started (pid %d, %s)", self.process.pid, self.directory)

    @property
    def running(self) -> bool:
        return self.process.poll() is None

    async def fork(self, argv: list[str], env: dict[str, str], cwd: str, timeout: float) -> int:
        """Ask for a kernel; its pid. Waits for the zygote to be ready (it listens once it has preloaded)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            try:
                reader, writer = await asyncio.open_unix_connection(self.socket)
                break
            except (FileNotFoundError, ConnectionRefusedError, BlockingIOError):
                if not self.running:
                    raise ZygoteGone(f"the warm parent exited with code {self.process.returncode}") from None
                if loop.time() > deadline:
                    raise TimeoutError(f"the warm parent did not answer within {timeout:.0f} s") from None
                await asyncio.sleep(0.05)
        try:
            writer.write(json.dumps({"argv": argv, "env": env, "cwd": cwd}).encode() + b"\n")
            await writer.drain()
            line = await asyncio.wait_for(reader.readline(), max(deadline - loop.time(), 10.0))
        except (ConnectionError, asyncio.IncompleteReadError) as exc:
            raise ZygoteGone(str(exc)) from None
        finally:
            writer.close()
        if not line:
            raise ZygoteGone("the warm parent closed the connection without answering")
        return int(json.loads(line)["pid"])

    def stop(self) -> None:
        if self.running:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.directory, ignore_errors=True)


_zygotes: dict[tuple[str, ...], Zygote] = {}  # by interpreter and preloaded modules
_failures: dict[str, int] = {}  # zygotes in a row that failed, by interpreter
GIVE_UP_AFTER = 3  # then every kernel of that interpreter starts the usual way, without trying again


def zygote_for(python: str, preload: list[str], log) -> Zygote:
    """The running zygote for ``python`` and these modules; a new one if there is none or it has died."""
    key = (python, *preload)
    zygote = _zygotes.get(key)
    if zygote is None or not zygote.running:
        if zygote is not None:
            log.warning("asn-fork: the warm parent (pid %d) exited with code %s; starting a new one",
                        zygote.process.pid, zygote.process.returncode)
            zygote.stop()
        zygote = _zygotes[key] = Zygote(python, preload, log)
    return zygote


def start_zygote(python: str = sys.executable, preload: list[str] | None = None, log=None) -> Zygote:
    """Start the warm parent now rather than at the first kernel (it takes about a second to preload)."""
    import logging

    return zygote_for(python, list(DEFAULT_PRELOAD) if preload is None else preload,
                      log or logging.getLogger("asn_training.kernels"))


@atexit.register
def stop_zygotes() -> None:
    """Stop every zygote this process started (their kernels go on; the server stops those)."""
    while _zygotes:
        _zygotes.popitem()[1].stop()


def register() -> None:
    """Make ``asn-fork`` known to jupyter_client in this process when the package's entry point is not installed
    (a checkout used without ``pip install``: the tests and the benchmark)."""
    from importlib.metadata import EntryPoint

    from jupyter_client.provisioning.factory import KernelProvisionerFactory

    factory = KernelProvisionerFactory.instance()
    if "asn-fork" not in factory.provisioners:
        factory.provisioners["asn-fork"] = EntryPoint("asn-fork", f"{__name__}:ForkProvisioner",
                                                      KernelProvisionerFactory.GROUP_NAME)


def fork_refused(cmd: list[str]) -> str | None:
    """Why ``cmd`` cannot be forked from a zygote, or ``None``."""
    if not sys.platform.startswith("linux") or not hasattr(os, "fork"):
        return "forking kernels needs Linux"
    if len(cmd) < 3 or cmd[1] != "-m" or cmd[2] not in ("ipykernel_launcher", "ipykernel"):
        return f"not an ipykernel command: {' '.join(cmd[:3])}"
    return None


class ForkProvisioner(LocalProvisioner):  # type: ignore[misc]
    """Kernels forked from a warm parent; see the module's documentation."""

    preload = List(Unicode(), default_value=list(DEFAULT_PRELOAD), config=True,
                   help="Modules the warm parent imports before it forks kernels.")
    start_timeout = Float(60.0, config=True, help="Seconds to wait for the warm parent to be ready.")

    forked = False  # this kernel came from a zygote (else the local provisioner runs it)
    live = False  # ... and has not been waited for
    starttime: int | None = None
    zygote_pid: int | None = None
    zygote_dir: str | None = None
    returncode: int | None = None

    @property
    def has_process(self) -> bool:
        return self.live or super().has_process

    async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> Any:
        self.forked = self.live = False
        self.returncode = None
        reason = fork_refused(cmd)
        if reason is None:
            try:
                return await self._fork(cmd, kwargs)
            except (OSError, TimeoutError, ZygoteGone, ValueError) as exc:
                reason = f"the warm parent failed: {exc}"
        self.log.warning("asn-fork: kernel %s started the usual way (%s)", self.kernel_id, reason)
        return await super().launch_kernel(cmd, **kwargs)

    async def _fork(self, cmd: list[str], kwargs: dict[str, Any]) -> Any:
        env = dict(kwargs.get("env") or os.environ)
        cwd = str(kwargs.get("cwd") or os.getcwd())
        for attempt in (1, 2):  # a zygote found dead (or killed meanwhile) is replaced once
            if _failures.get(cmd[0], 0) >= GIVE_UP_AFTER:
                raise ZygoteGone(f"{GIVE_UP_AFTER} warm parents in a row failed; not trying again")
            zygote = zygote_for(cmd[0], list(self.preload), self.log)
            try:
                pid = await zygote.fork(cmd[3:], env, cwd, self.start_timeout)
                break
            except (ZygoteGone, TimeoutError):
                _failures[cmd[0]] = _failures.get(cmd[0], 0) + 1
                if attempt == 2:
                    raise
        _failures.pop(cmd[0], None)
        self.pid = self.pgid = pid  # the child started its own session
        self.starttime, self.cwd = start_time(pid), cwd
        self.zygote_pid, self.zygote_dir = zygote.process.pid, zygote.directory
        self.forked = self.live = True
        return self.connection_info

    def _alive(self) -> bool:
        return self.starttime is not None and self.pid is not None and start_time(self.pid) == self.starttime

    async def poll(self) -> int | None:
        if not self.forked:
            return await super().poll()
        if self.returncode is None and not self._alive():
            self.returncode = self._recorded_exit()
        return self.returncode

    def _recorded_exit(self) -> int | None:
        """The exit code the zygote wrote; ``None`` while the zygote has yet to reap its exited child."""
        try:
            with open(exit_path(self.zygote_dir or "", self.pid or 0)) as file:
                return int(file.read())
        except (OSError, ValueError):
            pass
        found = process_stat(self.pid or 0)
        if found is not None and found[1:] == (self.zygote_pid, self.starttime) and start_time(found[1]) is not None:
            return None  # a zombie whose living zygote is about to reap it and write its code
        return UNKNOWN_EXIT

    async def wait(self) -> int | None:
        if not self.forked:
            return await super().wait()
        while await self.poll() is None:
            await asyncio.sleep(0.1)
        self.live = False
        return self.returncode

    async def send_signal(self, signum: int) -> None:
        if not self.forked:
            return await super().send_signal(signum)
        if not self._alive():
            return None
        try:
            os.killpg(self.pgid, signum)  # the kernel and whatever it started
        except OSError:
            try:
                os.kill(self.pid, signum)  # type: ignore[arg-type]
            except ProcessLookupError:
                pass
        return None

    async def kill(self, restart: bool = False) -> None:
        if not self.forked:
            return await super().kill(restart)
        return await self.send_signal(signal.SIGKILL)

    async def terminate(self, restart: bool = False) -> None:
        if not self.forked:
            return await super().terminate(restart)
        return await self.send_signal(signal.SIGTERM)

    async def cleanup(self, restart: bool = False) -> None:
        await super().cleanup(restart)
        if self.forked and self.zygote_dir and self.pid:
            try:
                os.unlink(exit_path(self.zygote_dir, self.pid))
            except OSError:
                pass

    async def get_provisioner_info(self) -> dict[str, Any]:
        info = await super().get_provisioner_info()
        info.update({"forked": self.forked, "starttime": self.starttime, "zygote_pid": self.zygote_pid,
                     "zygote_dir": self.zygote_dir})
        return info

    async def load_provisioner_info(self, provisioner_info: dict) -> None:
        await super().load_provisioner_info(provisioner_info)
        self.forked = self.live = bool(provisioner_info.get("forked"))
        self.starttime = provisioner_info.get("starttime")
        self.zygote_pid = provisioner_info.get("zygote_pid")
        self.zygote_dir = provisioner_info.get("zygote_dir")
