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
