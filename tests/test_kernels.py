"""The asn-fork kernel provisioner: kernels forked from a warm parent behave as kernels started cold.

Real processes: a zygote preloading only ipykernel (the participant's modules would only make the suite slower),
kernels on the IPC transport in the test's temporary directory.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
import time
from pathlib import Path

import pytest
from jupyter_client.manager import AsyncKernelManager
from jupyter_client.provisioning.factory import KernelProvisionerFactory
from traitlets.config import Config

from asn_training.kernels import provisioner
from asn_training.kernels.provisioner import ForkProvisioner, fork_refused
from asn_training.kernels.zygote import start_time
from tests.conftest import run_async

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forking kernels needs Linux")

PRELOAD = ["ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.debugger", "ipywidgets"]


@pytest.fixture(scope="module", autouse=True)
def zygotes():
    """One zygote for the module's tests (the kill test replaces it), started with a variable of the server's own
    that a kernel must not inherit when its environment is given."""
    os.environ["ASN_ZYGOTE_ONLY"] = "from the server"
    yield
    del os.environ["ASN_ZYGOTE_ONLY"]
    provisioner.stop_zygotes()


def manager(tmp_path: Path, name: str = "k") -> AsyncKernelManager:
    kernel = AsyncKernelManager(kernel_name="python3", transport="ipc",
                                connection_file=str(tmp_path / f"{name}.json"))
    kernel.provisioner = ForkProvisioner(kernel_id=name, kernel_spec=kernel.kernel_spec, parent=kernel,
                                         preload=PRELOAD)
    return kernel


async def started(kernel: AsyncKernelManager, **kwargs):
    await kernel.start_kernel(**kwargs)
    client = kernel.client()
    client.start_channels()
    await client.wait_for_ready(timeout=60)
    return client


async def output(client, code: str, timeout: float = 30) -> str:
    """What ``code`` prints in the kernel."""
    printed: list[str] = []

    def keep(message):
        if message["msg_type"] == "stream":
            printed.append(message["content"]["text"])

    reply = await client.execute_interactive(code, timeout=timeout, output_hook=keep)
    assert reply["content"]["status"] == "ok", reply["content"]
    return "".join(printed)


def gone(pid: int, within: float = 10.0) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if start_time(pid) is None:  # no such process, or a zombie nobody reaped yet
            return True
        time.sleep(0.05)
    return False


def test_a_forked_kernel_runs_code_and_returns_the_result(tmp_path):
    async def scenario():
        kernel = manager(tmp_path)
        client = await started(kernel)
        assert kernel.provisioner.forked
        assert json.loads(await output(client, "import json, os; print(json.dumps([6 * 7, os.getppid()]))")) == [
            42, kernel.provisioner.zygote_pid]
        client.stop_channels()
        await kernel.shutdown_kernel()

    run_async(scenario())


def test_the_kernel_gets_the_environment_and_directory_asked_for_not_the_zygotes(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "ASN_ZYGOTE_ONLY"}
    env["QUERY_STRING"] = "sesi=ABC123&lang=en"
    (tmp_path / "visitor").mkdir()

    async def scenario():
        kernel = manager(tmp_path)
        client = await started(kernel, env=env, cwd=str(tmp_path / "visitor"))
        seen = json.loads(await output(client, "import json, os; print(json.dumps([os.environ.get('QUERY_STRING'), "
                                               "os.environ.get('ASN_ZYGOTE_ONLY'), os.getcwd()]))"))
        client.stop_channels()
        await kernel.shutdown_kernel()
        return seen

    assert run_async(scenario()) == ["sesi=ABC123&lang=en", None, str(tmp_path / "visitor")]


def test_shutdown_leaves_no_process_behind(tmp_path):
    async def scenario():
        kernel = manager(tmp_path)
        client = await started(kernel)
        pid = kernel.provisioner.pid
        child = int(await output(client, "import subprocess; p = subprocess.Popen(['sleep', '60']); print(p.pid)"))
        client.stop_channels()
        await kernel.shutdown_kernel()
        assert not kernel.has_kernel
        return pid, child

    pid, child = run_async(scenario())
    assert gone(pid) and gone(child)


def test_killing_the_zygote_spares_its_kernels_and_the_next_launch_starts_a_new_one(tmp_path):
    async def scenario():
        first = manager(tmp_path, "first")
        client = await started(first)
        os.kill(first.provisioner.zygote_pid, signal.SIGKILL)
        assert gone(first.provisioner.zygote_pid)
        assert await output(client, "print('still here')") == "still here\n"
        second = manager(tmp_path, "second")
        other = await started(second)
        assert second.provisioner.forked
        assert second.provisioner.zygote_pid != first.provisioner.zygote_pid
        assert await output(other, "print(6 * 7)") == "42\n"
        for kernel, channels in ((first, client), (second, other)):
            channels.stop_channels()
            await kernel.shutdown_kernel()
        return first.provisioner.pid

    assert gone(run_async(scenario()))


def test_a_kernel_killed_with_sigkill_is_seen_dead(tmp_path):
    async def scenario():
        kernel = manager(tmp_path)
        client = await started(kernel)
        assert await kernel.provisioner.poll() is None and await kernel.is_alive()
        os.kill(kernel.provisioner.pid, signal.SIGKILL)
        code = await asyncio.wait_for(kernel.provisioner.wait(), 10)
        assert not await kernel.is_alive()
        client.stop_channels()
        await kernel.shutdown_kernel(now=True)
        return code

    assert run_async(scenario()) == -signal.SIGKILL


def test_interrupt_and_restart(tmp_path):
    async def scenario():
        kernel = manager(tmp_path)
        client = await started(kernel)
        message = client.execute("import time; time.sleep(30)")
        await asyncio.sleep(0.5)
        await kernel.interrupt_kernel()
        reply = await client.get_shell_msg(timeout=10)
        assert reply["parent_header"]["msg_id"] == message and reply["content"]["ename"] == "KeyboardInterrupt"
        before = kernel.provisioner.pid
        await kernel.restart_kernel(now=True)
        await client.wait_for_ready(timeout=60)
        assert kernel.provisioner.forked and kernel.provisioner.pid != before
        assert await output(client, "print('again')") == "again\n"
        client.stop_channels()
        await kernel.shutdown_kernel()
        return before

    assert gone(run_async(scenario()))


def test_the_server_selects_it_by_name(tmp_path, monkeypatch):
    """``--KernelProvisionerFactory.default_provisioner_name=asn-fork`` (the entry point in pyproject.toml)."""
    provisioner.register()
    monkeypatch.setattr(KernelProvisionerFactory.instance(), "default_provisioner_name", "asn-fork")

    async def scenario():
        kernel = AsyncKernelManager(kernel_name="python3", transport="ipc", connection_file=str(tmp_path / "k.json"),
                                    config=Config({"ForkProvisioner": {"preload": PRELOAD}}))
        client = await started(kernel)
        chosen = type(kernel.provisioner)
        client.stop_channels()
        await kernel.shutdown_kernel()
        return chosen

    assert run_async(scenario()) is ForkProvisioner
    pyproject = (Path(__file__).parent.parent / "pyproject.toml").read_text("utf-8")
    assert 'asn-fork = "asn_training.kernels.provisioner:ForkProvisioner"' in pyproject


def test_a_zygote_that_cannot_start_means_kernels_started_the_usual_way(tmp_path, monkeypatch, caplog):
    """A preloaded module that starts a thread: the zygote refuses to fork and exits, twice; the kernel is started
    by the local provisioner and works."""
    (tmp_path / "starts_a_thread.py").write_text(
        "import threading, time\nthreading.Thread(target=time.sleep, args=(30,), daemon=True).start()\n")
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))
    monkeypatch.setattr(provisioner, "_failures", {})

    async def scenario():
        kernel = manager(tmp_path)
        kernel.provisioner.preload = [*PRELOAD, "starts_a_thread"]
        client = await started(kernel)
        assert not kernel.provisioner.forked
        assert await output(client, "print(6 * 7)") == "42\n"
        client.stop_channels()
        await kernel.shutdown_kernel()

    run_async(scenario())
    assert "started the usual way (the warm parent failed: the warm parent exited with code 3)" in caplog.text


@pytest.mark.parametrize(("cmd", "refused"), [
    (["/usr/bin/python3", "-m", "ipykernel_launcher", "-f", "k.json"], False),
    (["python", "-m", "ipykernel", "-f", "k.json"], False),
    (["/usr/bin/R", "--slave", "-e", "IRkernel::main()", "--args", "k.json"], True),
    (["python", "-c", "import ipykernel_launcher"], True),
])
def test_only_ipykernel_commands_are_forked(cmd, refused):
    assert (fork_refused(cmd) is not None) is refused
