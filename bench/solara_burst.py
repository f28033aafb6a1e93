"""The participant app on solara's one-process server beside `asn-training serve` (Voila), in the same run.

Usage (from the repository, with the project's venv; solara lives in a venv of its own):
    python3 -m venv /work/wt/solara-venv
    /work/wt/solara-venv/bin/pip install -e . "solara==1.58.2" "solara-assets==1.58.2"
    PYTHONPATH=. .venv/bin/python bench/solara_burst.py --solara-venv /work/wt/solara-venv [--pages 20]
        [--servers solara,voila] [--journey]

For each server, on a fresh SQLite file: one cold first visit (requests and encoded bytes over HTTP, websocket
payload bytes, and every address asked for: the page must ask for nothing outside 127.0.0.1), then a burst of N
Chromium pages opened at once (each its own browser context, so its own cookies and cache), each waited for until its
sign-in form is usable (the NIP input inside ``.asn-nip`` visible and enabled), every other page with ``?lang=en`` and
checked to show the language it asked for. The CPU seconds and resident memory of the server's process tree are read
from /proc before and after the burst, split into the server's own processes and Voila's kernels. With ``--journey``,
one participant then signs up on solara and answers a quiz scenario, and the answer is looked up in the database.

Solara runs offline: telemetry off (SOLARA_TELEMETRY_MIXPANEL_ENABLE=False), no version check (--no-check-version),
assets from solara-assets (the same version as solara), and SOLARA_ASSETS_CDN on a closed loopback port, so an asset
missing from solara-assets fails here instead of being fetched from the internet.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.async_api import async_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from phone import start as start_server  # noqa: E402
from phone import stop  # noqa: E402

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, free_port  # noqa: E402

USABLE = "() => { const e = document.querySelector('.asn-nip input'); return e && !e.disabled; }"
TIMEOUT_MS = 180_000
TICKS = os.sysconf("SC_CLK_TCK")
PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024
OFFLINE_ENV = {"SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False", "SOLARA_ASSETS_CDN": "http://127.0.0.1:9/npm/"}
TITLES = {"id": "Pelatihan Netralitas ASN", "en": "ASN Neutrality Training"}


# The server's process tree, read from /proc -------------------------------------------------------------------

def tree(root: int) -> list[int]:
    """``root`` and every process below it."""
    parents: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                ppid = int(Path(f"/proc/{name}/stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            parents.setdefault(ppid, []).append(int(name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(parents.get(pid, []))
    return found


def usage(root: int) -> dict[str, float]:
    """CPU seconds (user + system) and RSS in MB of the server's own processes and of its kernels."""
    totals = {"server_cpu": 0.0, "server_mb": 0.0, "kernel_cpu": 0.0, "kernel_mb": 0.0, "kernels": 0}
    for pid in tree(root):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            kernel = b"ipykernel_launcher" in Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        part = "kernel" if kernel else "server"
        totals[f"{part}_cpu"] += (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime
        totals[f"{part}_mb"] += int(fields[21]) * PAGE_KB / 1024  # rss in pages
        totals["kernels"] += kernel
    return totals


# Servers ---------------------------------------------------------------------------------------------------------

def start(name: str, folder: Path, solara_venv: Path, extra_env: dict[str, str]) -> tuple[subprocess.Popen, str]:
    db = f"sqlite:///{folder / f'{name}.sqlite'}"
    env = dict(os.environ, ASN_TRAINING_DB=db, ASN_TRAINING_CACHE=str(folder / "cache"), **extra_env)
    env.pop("ASN_TRAINING_STRICT", None)
    port = free_port()
    if name == "solara":
        subprocess.run([sys.executable, "-m", "asn_training", "db", "upgrade"], env=env, check=True,
                       stdout=subprocess.DEVNULL)
        command = [str(solara_venv / "bin" / "solara"), "run", str(ROOT / "bench" / "solara_app.py"), "--production",
                   "--no-check-version", "--host", "127.0.0.1", "--port", str(port)]
        env.update(OFFLINE_ENV, PYTHONPATH=str(ROOT))
    else:
        command = [sys.executable, "-m", "asn_training", "serve", "--host", "127.0.0.1", "--port", str(port)]
    with contextlib.chdir(folder):  # the server runs in the temporary folder (bench/phone.py's start has no cwd)
        process = start_server(command, port, env, folder / f"{name}.log")
    return process, f"http://127.0.0.1:{port}/"


# Pages -----------------------------------------------------------------------------------------------------------

async def first_visit(browser, url: str) -> dict:
    """A cold visit until the form is usable and 2 s after: requests, encoded HTTP bytes, websocket payload bytes,
    and the addresses outside 127.0.0.1 (blob: and data: are the page's own)."""
    context = await browser.new_context(viewport={"width": 360, "height": 740})
    page = await context.new_page()
    cdp = await context.new_cdp_session(page)
    await cdp.send("Network.enable")
    urls: dict[str, str] = {}
    encoded: dict[str, float] = {}
    ws = {"received": 0, "sent": 0, "frames": 0}

    def frame(event, key):
        ws[key] += len(event["response"]["payloadData"])
        ws["frames"] += 1

    cdp.on("Network.requestWillBeSent", lambda e: urls.setdefault(e["requestId"], e["request"]["url"]))
    cdp.on("Network.loadingFinished", lambda e: encoded.__setitem__(e["requestId"], e["encodedDataLength"]))
    cdp.on("Network.webSocketFrameReceived", lambda e: frame(e, "received"))
    cdp.on("Network.webSocketFrameSent", lambda e: frame(e, "sent"))
    began = time.monotonic()
    await page.goto(url)
    await page.wait_for_function(USABLE, polling=100, timeout=TIMEOUT_MS)
    seconds = time.monotonic() - began
    await page.wait_for_timeout(2000)
    await context.close()
    outside = sorted({u for u in urls.values()
                      if not u.startswith(("http://127.0.0.1", "ws://127.0.0.1", "blob:", "data:"))})
    http = [u for u in urls.values() if u.startswith("http://127.0.0.1")]
    return {"seconds": seconds, "requests": len(http), "bytes": sum(encoded.values()), "ws": ws, "outside": outside}


async def one_page(browser, url: str, lang: str, began: float) -> dict:
    context = await browser.new_context(viewport={"width": 360, "height": 740})
    try:
        page = await context.new_page()
        await page.goto(f"{url}?lang={lang}", wait_until="commit", timeout=TIMEOUT_MS)
        await page.wait_for_function(USABLE, polling=100, timeout=TIMEOUT_MS)
        seconds = time.monotonic() - began
        title = await page.locator(".asn-app h1").first.inner_text()
        return {"context": context, "seconds": seconds, "right_language": title.strip() == TITLES[lang]}
    except Exception as exc:  # noqa: BLE001 (a hung or failed page is a result, not a crash)
        return {"context": context, "seconds": None, "error": f"{type(exc).__name__}: {str(exc)[:120]}"}


async def burst(browser, url: str, pages: int, root: int) -> dict:
    before, load = usage(root), os.getloadavg()[0]
    began = time.monotonic()
    results = await asyncio.gather(*(one_page(browser, url, "en" if i % 2 else "id", began) for i in range(pages)))
    await asyncio.sleep(2)  # what the pages send just after they became usable belongs to the burst
    after = usage(root)
    for result in results:
        await result["context"].close()
    times = sorted(r["seconds"] for r in results if r["seconds"] is not None)
    return {"before": before, "after": after, "times": times, "load": load,
            "errors": [r["error"] for r in results if "error" in r],
            "wrong_language": sum(1 for r in results if r.get("right_language") is False)}


async def journey(browser, url: str, db_url: str) -> str:
    """One participant signs up (as tests/browser/test_journey_browser.py does), hands in the pre-test unanswered,
    starts the first module's quiz and answers its first scenario; the answer must be in the database."""
    context = await browser.new_context(viewport={"width": 360, "height": 740})
    page = await context.new_page()
    page.set_default_timeout(60_000)

    async def click(selector: str) -> None:
        await page.locator(selector).locator("visible=true").first.click()

    await page.goto(url)
    await page.locator(".asn-nip input").fill("19860926 201505 1 001")
    await click("button.asn-identify")
    await click("button.asn-first-visit")
    await page.locator(".asn-name input").fill("Rina Wulandari")
    await page.locator(".asn-unit input").fill("Bappeda")
    for field in (".asn-new-pin input", ".asn-new-pin-again input"):
        await page.locator(field).fill("2468")
    await click("button.asn-register")
    await click("button.asn-pre")
    await click("button.asn-submit-test")
    await click("button.asn-submit-anyway")
    await click("button.asn-home")
    await click("button.asn-start")
    await page.locator("button.asn-option, .asn-choice").locator("visible=true").first.wait_for()
    if await page.locator(".asn-choice").count():
        await page.locator(".asn-choice input").first.check()
        await click("button.asn-submit")
    else:
        await click("button.asn-option")
    await page.locator(".asn-feedback").locator("visible=true").first.wait_for()
    await context.close()
    from sqlalchemy import func, select

    from asn_training.store import Answer, Attempt, Store

    with Store(db_url) as store, store.transaction() as session:
        answered = session.scalar(select(func.count()).select_from(Answer).join(Attempt)
                                  .where(Attempt.kind == "quiz", Answer.chosen.is_not(None)))
    return f"signed up, pre-test handed in, a quiz scenario answered with its feedback shown; quiz answers stored: " \
           f"{answered}"


# Report ----------------------------------------------------------------------------------------------------------

def report(name: str, visit: dict, result: dict, pages: int) -> None:
    before, after, times = result["before"], result["after"], result["times"]
    print(f"\n== {name} (load average before the burst {result['load']:.1f}, after {os.getloadavg()[0]:.1f})")
    print(f"first visit: {visit['requests']} requests, {visit['bytes'] / 1e6:.2f} MB over HTTP (encoded), websocket "
          f"{visit['ws']['frames']} frames, {visit['ws']['received'] / 1e3:.0f} kB received, "
          f"{visit['ws']['sent'] / 1e3:.1f} kB sent; usable after {visit['seconds']:.2f} s")
    print(f"  addresses outside 127.0.0.1: {visit['outside'] or 'none'}")
    if times:
        p95 = times[min(len(times) - 1, round(0.95 * len(times)) - 1)]
        print(f"burst of {pages}: usable {len(times)}/{pages}, p50 {statistics.median(times):.1f} s, "
              f"p95 {p95:.1f} s, max {times[-1]:.1f} s; wrong language {result['wrong_language']}")
    for error in result["errors"][:5]:
        print(f"  error: {error}")
    done = pages  # every page opened a session (a kernel on Voila), usable in time or not
    server_cpu = after["server_cpu"] - before["server_cpu"]
    kernel_cpu = after["kernel_cpu"] - before["kernel_cpu"]
    server_mb = after["server_mb"] - before["server_mb"]
    kernel_mb = after["kernel_mb"] - before["kernel_mb"]
    print(f"server processes: {server_cpu:.1f} CPU-s ({server_cpu / done:.2f} per session), RSS "
          f"{before['server_mb']:.0f} -> {after['server_mb']:.0f} MB ({server_mb / done:.1f} MB per session)")
    if after["kernels"]:
        print(f"kernels: {after['kernels']:.0f}, {kernel_cpu:.1f} CPU-s ({kernel_cpu / done:.2f} per session), RSS "
              f"{kernel_mb:.0f} MB ({kernel_mb / done:.1f} MB per session)")
    print(f"total per session: {(server_cpu + kernel_cpu) / done:.2f} CPU-s, {(server_mb + kernel_mb) / done:.1f} MB")


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--servers", default="solara,voila", help="in this order, comma-separated")
    parser.add_argument("--solara-venv", type=Path, default=Path("/work/wt/solara-venv"))
    parser.add_argument("--journey", action="store_true", help="then one participant answers a quiz on solara")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="asn-solara-") as tmp:
        folder = Path(tmp)
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for name in options.servers.split(","):
                process, url = start(name, folder, options.solara_venv, {})
                try:
                    visit = await first_visit(browser, url)
                    result = await burst(browser, url, options.pages, process.pid)
                    report(name, visit, result, options.pages)
                    if options.journey and name == "solara":
                        print("journey:", await journey(browser, url, f"sqlite:///{folder / 'solara.sqlite'}"))
                finally:
                    stop(process)
                log = (folder / f"{name}.log").read_text(errors="replace")
                failures = [line for line in log.splitlines() if "Traceback" in line or "ERROR" in line]
                print(f"server log: {len(failures)} lines with Traceback/ERROR" +
                      (f", first: {failures[0][:160]}" if failures else ""))
            await browser.close()


if __name__ == "__main__":
    asyncio.run(main())
