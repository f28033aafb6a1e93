"""The servers under test in bench/hall.py, and what /proc says about them.

- ``kit``: ``asn-training serve`` on a temporary SQLite file, with ``--siap N`` (a pool of N pre-heated kernels)
  when this version of the command has the option.
- ``plain``: plain Voila on a notebook with one Text widget, with the kit's Voila flags (IPC kernel transport, and
  ``--preheat_kernel=True --pool_size=N`` when the kit pre-heats).

Each server runs in its own process group and is stopped by its own process id; its kernels are the children of its
Voila process, so kernels of other servers on the machine are never counted nor touched.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024
# What the plain target serves: one Text widget, like bench/phone.py's one-widget page; "usable" is its state.
PLAIN_CLASS = "plain-widget"
PLAIN_NOTEBOOK = {
    "cells": [{"cell_type": "code", "execution_count": None, "id": "one", "metadata": {}, "outputs": [],
               "source": ["import ipywidgets as w\n", f"w.Text(placeholder='NIP').add_class('{PLAIN_CLASS}')"]}],
    "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
    "nbformat": 4, "nbformat_minor": 5,
}
START_TIMEOUT_S = 120
# Lines of a server's log worth reporting after a burst.
LOG_SIGNS = ("Timeout waiting for IOPub output", "ZMQError", "Traceback", "database is locked", "Kernel died")


# /proc ---------------------------------------------------------------------------------------------------------


def _stat(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text[text.rindex(")") + 2:].split()  # fields from the state on (the name may hold spaces)


def parent_of(pid: int) -> int | None:
    fields = _stat(pid)
    return int(fields[1]) if fields else None


def children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit() and parent_of(int(entry)) == pid:
            found.append(int(entry))
    return found


def descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (one pass over /proc)."""
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            parent = parent_of(int(entry))
            if parent is not None:
                parents.setdefault(parent, []).append(int(entry))
    found, stack = [], [pid]
    while stack:
        for child in parents.get(stack.pop(), []):
            found.append(child)
            stack.append(child)
    return found


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of the process so far (0 once it is gone)."""
    fields = _stat(pid)
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS if fields else 0.0


def memory_mb(pid: int) -> tuple[float, float]:
    """(RSS, PSS) in MB, from smaps_rollup: PSS shares copy-on-write and library pages among the processes."""
    values = {}
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            name, _, rest = line.partition(":")
            if name in ("Rss", "Pss"):
                values[name] = int(rest.split()[0]) / 1024
    except OSError:
        return 0.0, 0.0
    return values.get("Rss", 0.0), values.get("Pss", 0.0)


def available_mb() -> float:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemAvailable:"):
            return int(line.split()[1]) / 1024
    return 0.0


def is_kernel(pid: int) -> bool:
    try:
        # a kernel started cold, or forked by the kit's warm parent (asn_training/kernels: it names itself)
        return (b"ipykernel_launcher" in Path(f"/proc/{pid}/cmdline").read_bytes()
                or Path(f"/proc/{pid}/comm").read_text().strip() == "asn-kernel")
    except OSError:
        return False


# The servers ---------------------------------------------------------------------------------------------------


def kit_has_pool() -> bool:
    """Whether ``asn-training serve`` has ``--siap N`` (a pool of pre-heated kernels) in this version."""
    done = subprocess.run([sys.executable, "-m", "asn_training", "serve", "--help"], capture_output=True, text=True,
                          cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)), timeout=60)
    return "--siap" in done.stdout


@dataclass
class Server:
    """One server under test, started in ``folder`` on ``port``; ``pool``: pre-heated kernels asked for (0: none)."""

    target: str
    folder: Path
    port: int
    pool: int = 0
    process: subprocess.Popen | None = None
    voila_pid: int = 0
    database: str = ""
    kernels_seen: set[int] = field(default_factory=set)
    log: Path | None = None
    voila_config: dict | None = None  # written to voila.json in the server's working folder, which Voila reads

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def command(self) -> list[str]:
        if self.target == "kit":
            command = [sys.executable, "-m", "asn_training", "serve", "--host", "127.0.0.1", "--port", str(self.port)]
            return command + (["--siap", str(self.pool)] if self.pool else [])
        notebook = self.folder / "plain.ipynb"
        notebook.write_text(json.dumps(PLAIN_NOTEBOOK))
        command = [sys.executable, "-m", "voila", str(notebook), "--no-browser", f"--port={self.port}",
                   "--Voila.ip=127.0.0.1", "--Voila.port_retries=0", "--KernelManager.transport=ipc",
                   # the executor settings the kit's server uses (asn_training/server): without them plain Voila's
                   # pages lose their widget view under a burst (nbclient's 4 s iopub_timeout)
                   "--VoilaExecutor.iopub_timeout=60", "--VoilaExecutor.store_widget_state=False"]
        return command + (["--preheat_kernel=True", f"--pool_size={self.pool}"] if self.pool else [])

    def start(self) -> None:
        self.database = f"sqlite:///{self.folder / 'hall.sqlite'}"
        env = dict(os.environ, ASN_TRAINING_DB=self.database, ASN_TRAINING_CACHE=str(self.folder / "cache"),
                   PYTHONPATH=str(ROOT))
        env.pop("ASN_TRAINING_STRICT", None)
        self.log = self.folder / f"{self.target}.log"
        if self.voila_config:
            (self.folder / "voila.json").write_text(json.dumps(self.voila_config))
        with open(self.log, "wb") as out:
            self.process = subprocess.Popen(self.command(), env=env, stdout=out, stderr=subprocess.STDOUT,
                                            start_new_session=True, cwd=self.folder)
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.target} exited: {self.log.read_text(errors='replace')[-2000:]}")
            if self._answers():
                break
            time.sleep(0.2)
        else:
            raise TimeoutError(f"{self.target} did not answer within {START_TIMEOUT_S} s")
        self.voila_pid = self._find_voila()

    def _answers(self) -> bool:
        import http.client

        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
        try:
            connection.request("HEAD", "/voila/static/favicon.ico")
            connection.getresponse()
            return True
        except OSError:
            return False
        finally:
            connection.close()

    def _find_voila(self) -> int:
        """The process that serves HTTP and owns the kernels: ours for plain Voila, the supervised child for the kit."""
        assert self.process is not None
        if self.target != "kit":
            return self.process.pid
        for pid in children(self.process.pid):
            try:
                if b"launch_voila" in Path(f"/proc/{pid}/cmdline").read_bytes():
                    return pid
            except OSError:
                continue
        raise RuntimeError("the kit's Voila process was not found")

    def kernels(self) -> list[int]:
        found = [pid for pid in descendants(self.voila_pid) if is_kernel(pid)]
        self.kernels_seen.update(found)
        return found

    def wait_warm(self, count: int, timeout: float) -> float:
        """Seconds until ``count`` kernels run and have gone quiet (their CPU still for a second): the pool is warm."""
        began = time.monotonic()
        deadline = began + timeout
        while time.monotonic() < deadline:
            kernels = self.kernels()
            if len(kernels) >= count:
                before = sum(cpu_seconds(pid) for pid in kernels)
                time.sleep(1.0)
                if sum(cpu_seconds(pid) for pid in kernels) - before < 0.05 * len(kernels) + 0.05:
                    return time.monotonic() - began - 1.0
            else:
                time.sleep(0.5)
        raise TimeoutError(f"{self.target}: {len(self.kernels())} of {count} kernels warm after {timeout:.0f} s")

    def log_signs(self) -> dict[str, int]:
        """How often each of LOG_SIGNS appears in the server's log so far."""
        text = self.log.read_text(errors="replace") if self.log is not None and self.log.exists() else ""
        return {sign: text.count(sign) for sign in LOG_SIGNS if sign in text}

    def stop(self) -> None:
        if self.process is None:
            return
        self.kernels()
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(60)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        for pid in self.kernels_seen:  # a kernel Voila did not stop in time (each runs in its own session)
            if is_kernel(pid):
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        self.process = None


@dataclass
class Usage:
    """CPU seconds of the server and of its kernels between two readings, and each kernel's memory at the second."""

    server_cpu: float
    kernel_cpu: float
    kernels: int
    rss: list[float]
    pss: list[float]


def reading(server: Server) -> dict[int, float]:
    """CPU seconds so far of the Voila process (key 0) and of each kernel (by pid)."""
    values = {pid: cpu_seconds(pid) for pid in server.kernels()}
    values[0] = cpu_seconds(server.voila_pid)
    return values


def usage_since(server: Server, before: dict[int, float]) -> Usage:
    after = reading(server)
    kernels = [pid for pid in after if pid]
    kernel_cpu = sum(after[pid] - before.get(pid, 0.0) for pid in kernels)
    sizes = [memory_mb(pid) for pid in kernels]
    return Usage(server_cpu=after[0] - before[0], kernel_cpu=kernel_cpu, kernels=len(kernels),
                 rss=[rss for rss, _ in sizes], pss=[pss for _, pss in sizes])


# Profiles ------------------------------------------------------------------------------------------------------


def profile(pid: int, out: Path) -> subprocess.Popen:
    """py-spy sampling ``pid`` (50 per second, without pausing it) until stopped with :func:`stop_profile`."""
    spy = Path(sys.executable).with_name("py-spy")
    return subprocess.Popen([str(spy), "record", "--pid", str(pid), "--format", "raw", "--output", str(out),
                             "--rate", "50", "--nonblocking"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def stop_profile(spy: subprocess.Popen) -> None:
    spy.send_signal(signal.SIGINT)  # py-spy writes its samples on SIGINT
    try:
        spy.wait(30)
    except subprocess.TimeoutExpired:
        spy.kill()


def where_time_goes(out: Path, top: int = 6) -> str:
    """The packages (or our modules) whose own code the samples were in, by share: ``42% tornado, 20% zmq, …``."""
    from collections import Counter

    found: Counter[str] = Counter()
    if not out.exists():
        return "no samples"
    for line in out.read_text(errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        leaf = stack.split(";")[-1] if stack else ""
        where = leaf[leaf.find("(") + 1:leaf.rfind(")")] if "(" in leaf else leaf
        parts = Path(where.split(":")[0]).parts
        package = next((part for part in reversed(parts[:-1]) if part in ("site-packages", "python3.11")), None)
        if package and package in parts:
            name = parts[parts.index(package) + 1]
        else:
            name = parts[-1] if parts else "?"
        found[name.removesuffix(".py")] += int(count) if count.isdigit() else 0
    total = sum(found.values()) or 1
    return ", ".join(f"{count * 100 // total}% {name}" for name, count in found.most_common(top))
