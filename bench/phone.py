"""A participant's first visit on a slow phone: our app beside plain Voila's one-widget page.

Usage: .venv/bin/python bench/phone.py [--runs 1]
Starts `asn-training serve` (temporary SQLite file) and a plain Voila serving a notebook with one widget, each on a
free port; opens each in Debian's Chromium with a cold cache, a 360 x 740 viewport, the DevTools protocol's network
throttling (1.6 Mbit/s down, 750 kbit/s up, 150 ms latency) and CPU throttling (4x); prints the requests, the bytes
transferred (encoded, as on the wire) and the seconds until the page is usable: our sign-in form's NIP field visible
and enabled, Voila's widget visible.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser.conftest import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    free_port,
    scripts_of_first_visit,
    wait_for_port,
)

PRELOAD = ROOT / "asn_training" / "share" / "voila" / "templates" / "asn" / "preload.txt"

THROTTLE = {"offline": False, "latency": 150, "downloadThroughput": 1.6e6 / 8, "uploadThroughput": 750e3 / 8}
CPU_SLOWDOWN = 4
TIMEOUT_MS = 120_000
PLAIN_NOTEBOOK = {
    "cells": [{"cell_type": "code", "execution_count": None, "id": "one", "metadata": {}, "outputs": [],
               "source": ["import ipywidgets as w\n", "w.Text(placeholder='NIP').add_class('plain-widget')"]}],
    "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
    "nbformat": 4, "nbformat_minor": 5,
}


def start(command: list[str], port: int, env: dict[str, str], log: Path) -> subprocess.Popen:
    with open(log, "wb") as out:
        process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    wait_for_port(port, process, 120)
    time.sleep(1)
    return process


def stop(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def measure(browser, url: str, ready: str) -> dict:
    """One cold visit; requests, encoded bytes and seconds until ``ready`` (a CSS selector) is visible and enabled."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", THROTTLE)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    finished: dict[str, float] = {}
    urls: dict[str, str] = {}
    cdp.on("Network.requestWillBeSent", lambda e: urls.setdefault(e["requestId"], e["request"]["url"]))
    cdp.on("Network.loadingFinished", lambda e: finished.__setitem__(e["requestId"], e["encodedDataLength"]))
    started = time.monotonic()
    page.goto(url, wait_until="commit", timeout=TIMEOUT_MS)
    page.locator(ready).first.wait_for(state="visible", timeout=TIMEOUT_MS)
    page.wait_for_function(f"() => {{ const e = document.querySelector({json.dumps(ready)}); "
                           "return e && !e.disabled; }", timeout=TIMEOUT_MS)
    seconds = time.monotonic() - started
    page.wait_for_timeout(2000)  # what the page fetches just after it became usable belongs to the first visit
    context.close()
    largest = sorted(((size, urls.get(rid, "?")) for rid, size in finished.items()), reverse=True)
    return {"requests": len(urls), "bytes": sum(finished.values()), "seconds": seconds, "largest": largest}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1, help="visits per server (the best is printed)")
    parser.add_argument("--largest", type=int, default=0, metavar="N", help="also list the N largest transfers")
    parser.add_argument("--record-preload", action="store_true",
                        help=f"write the scripts of a first visit to {PRELOAD.relative_to(ROOT)} and stop")
    options = parser.parse_args()
    if options.record_preload:
        return record_preload()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "plain.ipynb").write_text(json.dumps(PLAIN_NOTEBOOK))
        env = dict(os.environ, ASN_TRAINING_DB=f"sqlite:///{folder / 'bench.sqlite'}")
        ours_port, plain_port = free_port(), free_port()
        ours = start([sys.executable, "-m", "asn_training", "serve", "--host", "127.0.0.1", "--port", str(ours_port)],
                     ours_port, env, folder / "ours.log")
        plain = None
        try:
            plain = start([sys.executable, "-m", "voila", str(folder / "plain.ipynb"), "--no-browser",
                           f"--port={plain_port}", "--Voila.ip=127.0.0.1"], plain_port, env, folder / "plain.log")
            results = {}
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                for name, url, ready in (("asn-training", f"http://127.0.0.1:{ours_port}/", ".asn-nip input"),
                                         ("plain Voila", f"http://127.0.0.1:{plain_port}/", ".plain-widget input")):
                    runs = [measure(browser, url, ready) for _ in range(options.runs)]
                    results[name] = min(runs, key=lambda r: r["seconds"])
                browser.close()
        finally:
            stop(ours)
            if plain is not None:
                stop(plain)
    print(f"Slow phone: {THROTTLE['downloadThroughput'] * 8 / 1e6:.1f} Mbit/s down, "
          f"{THROTTLE['uploadThroughput'] * 8 / 1e3:.0f} kbit/s up, {THROTTLE['latency']} ms, "
          f"CPU {CPU_SLOWDOWN}x slower, 360 x 740, cold cache")
    print(f"{'':24}{'asn-training':>16}{'plain Voila':>16}")
    ours, plain = results["asn-training"], results["plain Voila"]
    print(f"{'requests':24}{ours['requests']:>16}{plain['requests']:>16}")
    print(f"{'transferred (MB)':24}{ours['bytes'] / 1e6:>16.2f}{plain['bytes'] / 1e6:>16.2f}")
    print(f"{'seconds until usable':24}{ours['seconds']:>16.1f}{plain['seconds']:>16.1f}")
    if options.largest:
        for name, result in results.items():
            print(f"\nlargest transfers, {name}:")
            for size, address in result["largest"][:options.largest]:
                print(f"  {size / 1e3:8.0f} kB  {address}")


def record_preload() -> None:
    """After an upgrade of Voila or ipywidgets (tests/browser/test_hall_browser.py says when): the scripts the page
    template asks the phone to fetch at once, while the server still prepares the page."""
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, ASN_TRAINING_DB=f"sqlite:///{Path(tmp) / 'bench.sqlite'}")
        port = free_port()
        ours = start([sys.executable, "-m", "asn_training", "serve", "--host", "127.0.0.1", "--port", str(port)],
                     port, env, Path(tmp) / "ours.log")
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                scripts = scripts_of_first_visit(browser, f"http://127.0.0.1:{port}/")
                browser.close()
        finally:
            stop(ours)
    PRELOAD.write_text("".join(f"{s}\n" for s in scripts if not s.startswith("voila/templates/")), "utf-8")
    print(f"{len(scripts)} scripts written to {PRELOAD.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
