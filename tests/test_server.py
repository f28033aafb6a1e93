"""``asn-training serve`` as a process: it prints the address only once the server answers there, it owns Voila and
its kernels (a stop signal to it stops them all and frees the port), and a busy port gets a plain message.

Real processes throughout; every wait is bounded."""

from __future__ import annotations

import asyncio
import gzip
import json
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from asn_training import server
from asn_training.core.identity import mask_name
from asn_training.i18n import t

ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT_S = 120
STOP_TIMEOUT_S = 60


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_is_free(port: int) -> bool:
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def stat(pid: int) -> tuple[str, int, int] | None:
    """(state, parent pid, process group) of a live process, from /proc; ``None`` if it is gone or a zombie."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    fields = text[text.rindex(")") + 2:].split()
    return None if fields[0] in ("Z", "X") else (fields[0], int(fields[1]), int(fields[2]))


def processes() -> dict[int, tuple[str, int, int]]:
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (info := stat(int(entry.name))) is not None:
            found[int(entry.name)] = info
    return found


def children(pid: int) -> list[int]:
    return [child for child, (_, parent, _) in processes().items() if parent == pid]


def group_members(pgid: int) -> list[int]:
    return [pid for pid, (_, _, group) in processes().items() if group == pgid]


def wait_until(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(0.1)
    raise AssertionError(f"not within {timeout} s: {what}")


def serve_environment(tmp_path: Path, lang: str = "id") -> dict[str, str]:
    env = dict(os.environ, ASN_TRAINING_DB=f"sqlite:///{tmp_path / 'serve.sqlite'}",
               ASN_TRAINING_CACHE=str(tmp_path / "cache"), ASN_TRAINING_LANG=lang,
               PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    env.pop("ASN_TRAINING_STRICT", None)
    return env


def serve_command(port: int) -> list[str]:
    return [sys.executable, "-m", "asn_training", "serve", "--host", "127.0.0.1", "--port", str(port)]


class Serve:
    """``asn-training serve`` with its standard output read line by line in the background."""

    def __init__(self, tmp_path: Path, port: int) -> None:
        self.log = open(tmp_path / "serve.err", "wb")  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen(serve_command(port), env=serve_environment(tmp_path), cwd=tmp_path,
                                        stdout=subprocess.PIPE, stderr=self.log, text=True)
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def line_starting(self, prefix: str, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        seen = []
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self.lines.get(timeout=left)
            except queue.Empty:
                break
            if line is None:
                break
            seen.append(line)
            if line.startswith(prefix):
                return line
        raise AssertionError(f"no line starting {prefix!r}; printed: {seen}, exit: {self.process.poll()}")

    def kill(self) -> None:
        """Teardown after a failure: nothing of this test may outlive it."""
        voila = children(self.process.pid)
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(STOP_TIMEOUT_S)
        for pid in voila:  # and its group, where it has one; orphaned kernels exit by themselves
            for kill in (os.kill, os.killpg):
                try:
                    kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        self.reader.join(STOP_TIMEOUT_S)
        self.process.stdout.close()
        self.log.close()


def signed_receipt(database: Path) -> str:
    """A pakta signed in the served database, as a participant would: its receipt's code."""
    from asn_training.content.pledges import load_pledges
    from asn_training.services.pledges import sign_pledge
    from asn_training.store import Store

    from .conftest import add_participant

    store = Store(f"sqlite:///{database}")
    try:
        pakta = load_pledges()["pakta-integritas"]
        signature = sign_pledge(store, add_participant(store), pakta, acknowledged=[True] * len(pakta.points),
                                signed_name="Rina Wulandari", place="Semarang")
        return signature.code
    finally:
        store.close()


@pytest.mark.slow
def test_serve_prints_the_address_once_it_answers_and_a_stop_signal_stops_everything(tmp_path):
    port = free_port()
    serve = Serve(tmp_path, port)
    try:
        line = serve.line_starting("Buka aplikasi peserta di peramban: ", START_TIMEOUT_S)
        url = line.split(": ", 1)[1]
        assert url == f"http://127.0.0.1:{port}/"
        with urllib.request.urlopen(url, timeout=60) as page:  # at once: the address was printed when it answered
            assert page.status == 200
            html = page.read().decode("utf-8")
            assert "asn-spinner" in html  # our template: this is our server
            assert f'"reconnecting": "{t("voila.reconnecting", "en")}"' in html  # the catalogue, by the filter

        # Light on a hall's Wi-Fi: compressed, versioned files cached for a year, no extension the page never uses.
        assert "jupyterlab-preview" not in html and "jupyterlab_pygments" not in html
        style = re.search(r'src="([^"]*voila-style\.js\?v=[0-9a-f]+)"', html).group(1)
        for address, cached in ((style, True), ("voila/static/voila.js", False)):
            request = urllib.request.Request(url + address.lstrip("/"), headers={"Accept-Encoding": "gzip"})
            with urllib.request.urlopen(request, timeout=60) as response:
                assert response.headers["Content-Encoding"] == "gzip", address
                body = gzip.decompress(response.read())
                assert len(body) > 1000
                assert (response.headers.get("Cache-Control") == server.CACHE_FOR_A_YEAR) is cached, address

        # The address in every document's QR code: a plain page with no kernel, showing only what the code proves.
        code = signed_receipt(tmp_path / "serve.sqlite")
        with urllib.request.urlopen(f"{url}verifikasi?kode={code.lower()}", timeout=60) as response:
            page_text = response.read().decode("utf-8")
            assert "default-src 'none'" in response.headers["Content-Security-Policy"]
            assert response.headers["Cache-Control"] == "no-store"
        assert f"Kode {code} tercatat" in page_text and mask_name("Rina Wulandari") in page_text
        for private in ("Rina Wulandari", "198609262015051001", "Bappeda", "<script"):
            assert private not in page_text
        with urllib.request.urlopen(f"{url}verifikasi?kode=%3Cscript%3E&lang=en", timeout=60) as response:
            page_text = response.read().decode("utf-8")
        assert "We could not find code" in page_text and "<script>" not in page_text

        # The staff app at /staf: the same server and template, a kernel of its own showing the sign-in form only.
        assert serve.line_starting("Ruang pelatih (staf) di peramban: ", 30).endswith(f"{url}staf")
        with urllib.request.urlopen(f"{url}staf", timeout=60) as page:
            html = page.read().decode("utf-8")
        assert "asn-spinner" in html
        staff_page = json.dumps(widget_states(url, html), ensure_ascii=False)
        assert "asn-staff-user" in staff_page and "asn-staff-password" in staff_page
        assert t("staffui.sign_in_heading", "id") in staff_page
        for other in ("asn-nip", "asn-create", "asn-advance", "asn-sign-out", "asn-session-list"):
            assert other not in staff_page, other

        # Voila runs in a process group of its own, with the settings a hall needs; the page started a kernel.
        (voila,) = children(serve.process.pid)
        assert stat(voila)[2] == voila != stat(serve.process.pid)[2]
        arguments = Path(f"/proc/{voila}/cmdline").read_bytes().split(b"\0")
        for expected in (b"--KernelManager.transport=ipc", b"--MappingKernelManager.cull_connected=False",
                         f"--MappingKernelManager.cull_idle_timeout={server.CULL_IDLE_TIMEOUT_S}".encode(),
                         b"--VoilaConfiguration.template=asn", f"--Voila.port={port}".encode()):
            assert expected in arguments
        kernels = wait_until(lambda: children(voila), 30, "the page's kernel")

        # A second server on the same port says so plainly.
        second = subprocess.run(serve_command(port), env=serve_environment(tmp_path, lang="en"), cwd=tmp_path,
                                capture_output=True, text=True, timeout=START_TIMEOUT_S)
        assert second.returncode == 3
        assert second.stderr == (f"Error: Port {port} on 127.0.0.1 is already in use by another program, perhaps a "
                                 "server still running. Stop that program or choose another port, for example "
                                 "--port 8867.\n")

        # SIGTERM to the serve process alone stops Voila, its group and its kernels, and frees the port.
        os.kill(serve.process.pid, signal.SIGTERM)
        assert serve.process.wait(STOP_TIMEOUT_S) == 0
        wait_until(lambda: not group_members(voila), STOP_TIMEOUT_S, "Voila's process group gone")
        wait_until(lambda: all(stat(kernel) is None for kernel in kernels), STOP_TIMEOUT_S, "the kernels gone")
        with pytest.raises(ProcessLookupError):
            os.killpg(voila, 0)
        assert port_is_free(port)
    finally:
        serve.kill()


def widget_states(url: str, html: str, timeout: float = 60) -> dict:
    """The widgets a page's kernel holds, as its browser would receive them: over the kernel's websocket, ask the
    widget control channel for every widget's state (what ipywidgets' front end does when it loads)."""
    from tornado.websocket import websocket_connect

    config = json.loads(re.search(r'<script id="jupyter-config-data" type="application/json">\s*(.*?)\s*</script>',
                                  html, re.S).group(1))
    address = re.sub(r"^http", "ws", url.rstrip("/")) + f"/api/kernels/{config['kernelId']}/channels"
    session, comm = uuid.uuid4().hex, uuid.uuid4().hex

    def message(kind: str, content: dict, metadata: dict | None = None) -> str:
        return json.dumps({"header": {"msg_id": uuid.uuid4().hex, "msg_type": kind, "username": "test",
                                      "session": session, "date": "", "version": "5.3"},
                           "parent_header": {}, "metadata": metadata or {}, "content": content, "channel": "shell",
                           "buffers": []})

    async def ask() -> dict:
        socket = await asyncio.wait_for(websocket_connect(f"{address}?session_id={session}"), timeout)
        try:
            await socket.write_message(message("comm_open", {"comm_id": comm, "target_name": "jupyter.widget.control",
                                                             "data": {}}, {"version": "1.0.0"}))
            await socket.write_message(message("comm_msg", {"comm_id": comm, "data": {"method": "request_states"}}))
            while True:
                raw = await asyncio.wait_for(socket.read_message(), timeout)
                if raw is None:
                    raise AssertionError("the kernel's websocket closed")
                reply = json.loads(raw) if isinstance(raw, str) else {}
                data = reply.get("content", {}).get("data", {}) if reply.get("msg_type") == "comm_msg" else {}
                if data.get("method") == "update_states":
                    return data["states"]
        finally:
            socket.close()

    with ThreadPoolExecutor(1) as pool:  # a loop of its own, whatever runs in this thread's
        return pool.submit(asyncio.run, ask()).result()


# A child with a child of its own, as Voila with its helpers; the stubborn one ignores SIGTERM (so does its child).
FOREVER = "import subprocess, time; subprocess.Popen(['sleep', '300']); time.sleep(300)"
STUBBORN = ("import signal, subprocess, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); "
            "subprocess.Popen(['sleep', '300']); time.sleep(300)")


def started(supervisor: server.Supervisor) -> int:
    """The supervised child's process group, once it and its own child run."""
    pgid = supervisor.process.pid
    wait_until(lambda: len(group_members(pgid)) == 2, 30, "the child and its grandchild")
    return pgid


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP])
def test_a_stop_signal_to_the_server_stops_the_whole_group(signum):
    previous = signal.getsignal(signum)
    with server.Supervisor([sys.executable, "-c", FOREVER], dict(os.environ)) as supervisor:
        pgid = started(supervisor)
        os.kill(os.getpid(), signum)  # as Ctrl+C, `kill` or a closed terminal would
        assert supervisor.wait() == 0
    assert supervisor.stop_requested
    wait_until(lambda: not group_members(pgid), STOP_TIMEOUT_S, "the group gone")
    assert signal.getsignal(signum) == previous  # the previous handler is back


def test_a_group_that_ignores_sigterm_is_killed(monkeypatch):
    monkeypatch.setattr(server, "STOP_GRACE_S", 0.5)
    with server.Supervisor([sys.executable, "-c", STUBBORN], dict(os.environ)) as supervisor:
        pgid = started(supervisor)
    wait_until(lambda: not group_members(pgid), STOP_TIMEOUT_S, "the group gone")
    assert supervisor.process.returncode == -signal.SIGKILL
