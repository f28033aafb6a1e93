"""The benchmarks under bench/ run as a newcomer would run them: a tiny run of the store benchmark must finish and
print every figure (the full-size runs and their figures are in docs/developer.md)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_store_benchmark_runs_and_prints_every_figure(tmp_path):
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "run.py"), "--participants", "200",
                           "--attempts", "1000"], capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    for figure in ("load and validate every bank", "results report, all attempts", "results export, CSV",
                   "results export, XLSX", "50 kernels answering a quiz at once"):
        assert figure in done.stdout, figure


def test_the_fork_benchmark_runs_and_prints_every_figure(tmp_path):
    """bench/fork.py with two kernels per provisioner (the figures for 50 are in docs/developer.md)."""
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "fork.py"), "--kernels", "2", "--burst", "2"],
                          capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    for figure in ("== local-provisioner", "== asn-fork", "ready (kernel_info, IOPub)", "USS per kernel",
                   "projection for 300", "2 at once", "kernel CPU to run the app, local / fork"):
        assert figure in done.stdout, figure
    assert "NOT STOPPED" not in done.stdout
