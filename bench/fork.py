"""Kernels forked from a warm parent (the asn-fork provisioner) against jupyter_client's local provisioner.

Usage: .venv/bin/python bench/fork.py [--kernels 50] [--burst 20]
Both run in the same process through an AsyncMultiKernelManager on the IPC transport, on a temporary SQLite file.
For each provisioner: N kernels started one after the other (time until the kernel_info_reply, CPU seconds of the
kernel), the participant notebook's code run in each (``ParticipantApp.from_environment().widget()``), the memory
of all N at once (RSS, and PSS and USS from /proc/<pid>/smaps_rollup: PSS shares each page among the processes
mapping it, USS counts only a process's own pages); then the same N stopped and ``--burst`` kernels asked for at
once (time until the last one has run the app). Prints medians with their spread, totals for N, and the
projection for 300 kernels.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path
from queue import Empty

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from jupyter_client.multikernelmanager import AsyncMultiKernelManager  # noqa: E402
from jupyter_client.provisioning.factory import KernelProvisionerFactory  # noqa: E402
from traitlets.config import Config  # noqa: E402

from asn_training.kernels import provisioner  # noqa: E402
from asn_training.kernels.zygote import start_time  # noqa: E402

APP = "from asn_training.ui import ParticipantApp\napp = ParticipantApp.from_environment()\napp.widget()"
TICKS = os.sysconf("SC_CLK_TCK")
HALL = 300


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_bytes().rsplit(b")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime


def memory_mb(pid: int) -> dict[str, float]:
    """RSS, PSS and USS (private clean + private dirty) in MB."""
    values = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, value = line.split(":", 1)
        values[name] = int(value.split()[0]) / 1024
    return {"rss": values["Rss"], "pss": values["Pss"], "uss": values["Private_Clean"] + values["Private_Dirty"]}


async def ready(client, timeout: float = 120.0) -> None:
    """Until the kernel answers kernel_info and its IOPub messages arrive (a subscription made before the kernel
    bound its socket misses what it publishes until it reconnects); asked again every 0.25 s."""
    deadline = time.monotonic() + timeout
    replied = False
    while time.monotonic() < deadline:
        client.kernel_info()
        try:
            while not replied:
                replied = (await client.get_shell_msg(timeout=0.25))["msg_type"] == "kernel_info_reply"
            await client.get_iopub_msg(timeout=0.25)
            return
        except Empty:
            continue
    raise TimeoutError("no kernel_info_reply")


async def run_app(client) -> None:
    reply = await client.execute_interactive(APP, timeout=120, output_hook=lambda _message: None)
    if reply["content"]["status"] != "ok":
        raise RuntimeError(f"the app failed in a kernel: {reply['content']}")


async def start(manager, number: int) -> dict:
    """One kernel: started, ready, the app run in it; its figures."""
    began = time.perf_counter()
    kernel_id = await manager.start_kernel(kernel_name="python3", cwd=str(ROOT / "notebooks"),
                                           env=dict(os.environ, QUERY_STRING=f"lang=id&bench={number}"))
    kernel = manager.get_kernel(kernel_id)
    client = kernel.client()
    client.start_channels()
    await ready(client)
    ready_s, pid = time.perf_counter() - began, kernel.provisioner.pid
    cpu_ready = cpu_seconds(pid)
    await run_app(client)
    client.stop_channels()
    return {"id": kernel_id, "pid": pid, "ready_s": ready_s, "usable_s": time.perf_counter() - began,
            "cpu_ready": cpu_ready, "cpu_app": cpu_seconds(pid)}


def spread(values: list[float], unit: str = "", digits: int = 2) -> str:
    values = sorted(values)
    return (f"{statistics.median(values):.{digits}f}{unit} "
            f"[{values[0]:.{digits}f}-{values[-1]:.{digits}f}]")


async def phase(name: str, count: int, burst: int, work: Path) -> dict:
    KernelProvisionerFactory.instance().default_provisioner_name = name
    manager = AsyncMultiKernelManager(config=Config({"KernelManager": {"transport": "ipc"}}),
                                      kernel_manager_class="jupyter_client.manager.AsyncKernelManager",
                                      connection_dir=str(work))  # absolute, as a Jupyter server's runtime dir
    try:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        kernels = [await start(manager, number) for number in range(count)]
        after = resource.getrusage(resource.RUSAGE_SELF)
        manager_cpu = (after.ru_utime + after.ru_stime - usage.ru_utime - usage.ru_stime) / count
        memory = [memory_mb(k["pid"]) for k in kernels]
        zygote = next(iter(provisioner._zygotes.values()), None) if name == "asn-fork" else None
        parent = memory_mb(zygote.process.pid) if zygote else None
        parent_cpu = cpu_seconds(zygote.process.pid) if zygote else 0.0
        await manager.shutdown_all()
        await asyncio.sleep(1)
        left = [k["pid"] for k in kernels if start_time(k["pid"]) is not None]
        began = time.perf_counter()
        crowd = await asyncio.gather(*(start(manager, number) for number in range(burst))) if burst else []
        crowd_s = time.perf_counter() - began
    finally:
        await manager.shutdown_all()
    return {"name": name, "kernels": kernels, "memory": memory, "parent": parent, "parent_cpu": parent_cpu,
            "manager_cpu": manager_cpu, "left": left, "crowd": crowd, "crowd_s": crowd_s}


def report(result: dict) -> None:
    kernels, memory, parent = result["kernels"], result["memory"], result["parent"]
    count = len(kernels)
    print(f"\n== {result['name']}: {count} kernels one after the other ==")
    print(f"  ready (kernel_info, IOPub)  {spread([k['ready_s'] for k in kernels], ' s')}")
    print(f"  until the app has run       {spread([k['usable_s'] for k in kernels], ' s')}")
    print(f"  kernel CPU at ready         {spread([k['cpu_ready'] for k in kernels], ' CPU-s')}")
    print(f"  kernel CPU after the app    {spread([k['cpu_app'] for k in kernels], ' CPU-s')}")
    print(f"  manager (server) CPU/kernel {result['manager_cpu']:.3f} CPU-s")
    for key in ("rss", "pss", "uss"):
        print(f"  {key.upper()} per kernel              {spread([m[key] for m in memory], ' MB', 1)}")
    total_pss = sum(m["pss"] for m in memory) + (parent["pss"] if parent else 0)
    total_cpu = sum(k["cpu_app"] for k in kernels) + result["parent_cpu"]
    print(f"  total for {count}: PSS {total_pss:.0f} MB, kernel CPU {total_cpu:.1f} CPU-s"
          + (f" (warm parent: RSS {parent['rss']:.0f} MB, PSS {parent['pss']:.0f} MB, "
             f"{result['parent_cpu']:.2f} CPU-s)" if parent else ""))
    median_cpu = statistics.median(k["cpu_app"] for k in kernels)
    if parent:
        shared = total_pss - sum(m["uss"] for m in memory)  # the pages the kernels share, counted once
        projected = shared + HALL * statistics.median(m["uss"] for m in memory)
    else:
        projected = HALL * statistics.median(m["pss"] for m in memory)
    print(f"  projection for {HALL}: {projected / 1024:.1f} GB, {HALL * median_cpu + result['parent_cpu']:.0f} "
          f"CPU-s of kernels ({HALL * median_cpu / os.cpu_count():.0f} s on {os.cpu_count()} cores)")
    if result["left"]:
        print(f"  NOT STOPPED after shutdown_all: {result['left']}")
    crowd = result["crowd"]
    if crowd:
        print(f"  {len(crowd)} at once: all ran the app after {result['crowd_s']:.1f} s; each "
              f"{spread([k['usable_s'] for k in crowd], ' s')}, kernel CPU {spread([k['cpu_app'] for k in crowd])}")


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kernels", type=int, default=50)
    parser.add_argument("--burst", type=int, default=20)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="asn-fork-bench-"))
    os.environ["ASN_TRAINING_DB"] = f"sqlite:///{work / 'bench.sqlite'}"
    from asn_training.services.database import upgrade

    upgrade()
    provisioner.register()
    try:
        results = [await phase(name, args.kernels, args.burst, work) for name in ("local-provisioner", "asn-fork")]
    finally:
        provisioner.stop_zygotes()
    print(f"{os.cpu_count()} cores; kernels on IPC; {args.kernels} one after the other, {args.burst} at once")
    for result in results:
        report(result)
    local, fork = results
    ratio = statistics.median(k["cpu_app"] for k in local["kernels"]) / \
        statistics.median(k["cpu_app"] for k in fork["kernels"])
    print(f"\nkernel CPU to run the app, local / fork: {ratio:.1f}x")


if __name__ == "__main__":
    asyncio.run(main())
