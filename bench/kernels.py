"""Kernel cost of the participant app: time until the sign-in form shows, and memory per kernel.

Usage: .venv/bin/python bench/kernels.py [--pages 10]
Starts `asn-training serve` on a temporary SQLite file, opens N pages in Chromium one after the other, then all N
at once, and reports the time to the first visible widget and the resident memory of each kernel process.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, free_port, wait_for_port  # noqa: E402


def kernel_rss_mb() -> list[float]:
    sizes = []
    for pid in os.listdir("/proc"):
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes()
            if b"ipykernel_launcher" in command or Path(f"/proc/{pid}/comm").read_text().strip() == "asn-kernel":
                status = Path(f"/proc/{pid}/status").read_text()
                sizes.append(int(next(line for line in status.splitlines() if line.startswith("VmRSS")).split()[1]))
        except (OSError, StopIteration, ValueError):
            continue
    return [round(kb / 1024, 1) for kb in sizes]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=10)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="asn-kernels-"))
    port = free_port()
    env = dict(os.environ, ASN_TRAINING_DB=f"sqlite:///{work / 'k.sqlite'}", ASN_TRAINING_CACHE=str(work / "cache"))
    command = [sys.executable, "-m", "asn_training", "serve", "--host", "127.0.0.1", "--port", str(port)]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)
    try:
        wait_for_port(port, server, 90)
        url = f"http://127.0.0.1:{port}/"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            one_by_one = []
            for _ in range(args.pages):
                page = browser.new_page()
                began = time.perf_counter()
                page.goto(url)
                page.locator(".asn-nip input").wait_for(timeout=120_000)
                one_by_one.append(time.perf_counter() - began)
                page.close()
            print(f"page to sign-in form, one at a time ({args.pages}): median {statistics.median(one_by_one):.2f} s, "
                  f"max {max(one_by_one):.2f} s")
            sizes = kernel_rss_mb()
            if sizes:
                print(f"kernel memory (RSS): median {statistics.median(sizes):.0f} MB over {len(sizes)} kernels")
            pages = [browser.new_page() for _ in range(args.pages)]
            began = time.perf_counter()
            for page in pages:
                page.goto(url, wait_until="commit")
            for page in pages:
                page.locator(".asn-nip input").wait_for(timeout=300_000)
            elapsed = time.perf_counter() - began
            print(f"{args.pages} pages opened at once: all sign-in forms shown after {elapsed:.1f} s")
            browser.close()
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
