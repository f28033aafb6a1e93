"""The hall: hundreds of participants open the page within seconds of each other, then a trainer moves them all.

Usage: .venv/bin/python bench/hall.py [--participants 100,200,300] [--runs 3] [--chromium 5] [--targets kit,plain]
                                      [--spread 10] [--advances 2] [--assets] [--voila-config JSON]

For each N and each run, each target's server is started afresh on a free port (``kit``: ``asn-training serve`` on
a temporary SQLite file, with ``--siap N`` when the command has it; ``plain``: plain Voila on a one-widget notebook
with the same Voila flags, bench/hallservers.py); a pool of pre-heated kernels is waited for until it is warm. Then:

1. The burst: N light clients (bench/widgetclient.py: page, kernel websocket, widget states, as the browser's widget
   manager does) and K real Chromium pages start within ``--spread`` seconds, evenly spaced. Each measures the time
   from asking for the page to a usable sign-in form (the kit: the NIP field visible and enabled; plain: its Text
   widget). CPU seconds of the Voila process and of every kernel, read from /proc, cover this phase; so does the
   harness's own CPU (if it nears one core, the clients themselves are the bottleneck).
2. The kit only: every light client signs up (a distinct valid NIP, name, unit, PIN) into a led session opened with
   ``?sesi=CODE`` and waits for the session's page; then ``--advances`` times the harness, as the trainer, calls the
   service the staff page's "Mulai/Berikutnya" button calls (``services.live.advance``), measures per client the time
   from that call's return to the new scenario on the page and the messages and bytes the advance sent, lets every
   client answer, and checks in the database that N of N answers are stored, each exactly once.

Every step has a watchdog (``--timeout``): a page that does not get through counts as hung, with the step's name.
The table gives, per N, the median of the runs with their range, each target beside the other and kit/plain.

The light clients fetch only what the widget manager needs (page, kernel model, websocket); with ``--assets`` they
also fetch the 87 scripts of a first visit, as a phone with an empty cache does, so the server's CPU includes them.
A size whose kernels would not fit in the memory available now is skipped, and says so.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import hallservers  # noqa: E402
from hallservers import PLAIN_CLASS, Server  # noqa: E402
from widgetclient import Hung, WidgetClient, answer, configure, on_live_page, shows, sign_up  # noqa: E402

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, free_port  # noqa: E402

# What makes the page usable: (class, model) of the widget for the light clients, a CSS selector for Chromium.
READY = {"kit": ("asn-nip", "TextModel", ".asn-nip input"),
         "plain": (PLAIN_CLASS, "TextModel", f".{PLAIN_CLASS} input")}
KERNEL_MB_GUESS = 40  # a kernel's PSS, rounded up: the kit's forked kernels 31 MB, plain Voila's 36 MB (measured)
MEMORY_MARGIN_MB = 3000  # left to the rest of the machine (other programs, the browser pages)


def nip(index: int, base: int) -> str:
    """A distinct valid NIP PNS: a birth date in 1965-1979, TMT CPNS January 2000, male, a serial 001-999."""
    k = base + index
    born = date(1965, 1, 1) + timedelta(days=k % 5000)
    return f"{born:%Y%m%d}2000011{1 + (k // 5000) % 999:03d}"


@dataclass
class Client:
    """One simulated participant's run: its times in seconds (``None``: did not get there) and what broke."""

    usable: float | None = None
    signed_up: float | None = None
    shown: list[float] = field(default_factory=list)
    error: str | None = None
    hung: str | None = None
    messages_to_usable: int = 0
    bytes_to_usable: int = 0
    page: WidgetClient | None = None


@dataclass
class Run:
    target: str
    n: int
    clients: list[Client]
    chromium: list[float | None]
    usage: hallservers.Usage
    burst_s: float
    harness_cpu: float
    chromium_cpu: float
    warm_per_100: float | None = None
    advances: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def first_visit_scripts() -> tuple[str, ...]:
    """The scripts a phone fetches on its first visit (the kit's page template preloads them; bench/phone.py)."""
    from asn_training.server import PRELOAD

    return tuple(line.strip() for line in PRELOAD.read_text("utf-8").splitlines() if line.strip())


def record(client: Client, failure: BaseException) -> None:
    if isinstance(failure, Hung):
        client.hung = failure.step
    elif client.error is None:
        client.error = f"{type(failure).__name__}: {failure}"[:200]


async def open_page(server: Server, target: str, client: Client, delay: float, query: str, timeout: float,
                    assets: tuple[str, ...] = ()) -> None:
    await asyncio.sleep(delay)
    page = client.page = WidgetClient(server.url, timeout=timeout, assets=assets)
    css, model, _selector = READY[target]
    try:
        await page.open(query)
        await page.until(lambda: page.first(css, model), "usable form")
        client.usable = page.marks["usable form"]
        client.messages_to_usable, client.bytes_to_usable = page.messages, page.received
    except Exception as failure:  # noqa: BLE001 (every failure is counted, none stops the hall)
        record(client, failure)
        if page.notices():  # what the page said instead of the form
            client.error = "; ".join(page.notices())[:200]


async def chromium_page(browser, url: str, selector: str, delay: float, timeout: float, kept: list) -> float | None:
    await asyncio.sleep(delay)
    context = await browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    kept.append(context)
    page = await context.new_page()
    began = time.perf_counter()
    try:
        response = await page.goto(url, wait_until="domcontentloaded", timeout=timeout * 1000)
        if response is None or "widget-view+json" not in await response.text():
            return None  # the cell's output did not reach the page: it will never be usable
        await page.wait_for_function(
            f"() => {{ const e = document.querySelector('{selector}'); "
            "return e && !e.disabled && e.offsetParent !== null; }", timeout=timeout * 1000, polling=50)
        return time.perf_counter() - began
    except Exception:  # noqa: BLE001 (a page that never became usable is reported as such)
        return None


def starts(count: int, chromium: int, spread: float) -> tuple[list[float], list[float]]:
    """Start times, evenly spaced over ``spread`` seconds, the browser pages spread among the light clients."""
    total = count + chromium
    times = [spread * i / max(total - 1, 1) for i in range(total)]
    browser_slots = {round((j + 0.5) * total / chromium) for j in range(chromium)} if chromium else set()
    browser_slots = set(sorted(browser_slots)[:chromium])
    return ([t for i, t in enumerate(times) if i not in browser_slots],
            [t for i, t in enumerate(times) if i in browser_slots])


def own_browser_cpu(servers: list[Server]) -> float:
    """CPU seconds so far of this process's descendants that are not a server's: the browser and its driver."""
    mine = set(hallservers.descendants(os.getpid()))
    for server in servers:
        if server.process is not None:
            mine -= {server.process.pid, *hallservers.descendants(server.process.pid)}
    return sum(hallservers.cpu_seconds(pid) for pid in mine)


# The trainer's side: a led session in the kit's database ---------------------------------------------------------


class Trainer:
    """A trainer's account and a led session on the kit's database, moved through the services the staff page uses."""

    def __init__(self, database: str, expected: int, cache: Path) -> None:
        from asn_training.content.bundle import load_bundle

        os.environ["ASN_TRAINING_CACHE"] = str(cache)  # the server's: a trainer's kernel rings the pages' beacon there
        from asn_training.services import live, staff
        from asn_training.store import Store

        self.live, self.store = live, Store(database)
        self.catalog = load_bundle().catalog
        self.member = staff.add_user(self.store, "pelatih.aula", "Pelatih Aula", "pelatih", "kata sandi pelatih",
                                     actor="bench")
        self.state = live.create_session(
            self.store, self.catalog, staff_id=self.member.id, title="Apel Korpri", held_on=None, place="Aula",
            unit="", content=self.catalog.learning_modules[0].id, scenario_ids=None, mode="dipandu", seconds=None,
            expected=expected)

    def advance(self) -> str:
        """What the control page's Mulai/Berikutnya button calls; the question now on screen."""
        self.state = self.live.advance(self.store, self.state.id, self.state.revision,
                                       actor="staff:pelatih.aula", staff_id=self.member.id)
        return self.live.item(self.catalog, self.state, "id").question

    def stored(self) -> tuple[int, int, int]:
        """(answers stored, participants who answered, attempts per participant at most) for the scenario on screen."""
        from sqlalchemy import func, select

        from asn_training.store import Answer, Attempt

        with self.store.reading() as s:
            rows = s.execute(select(Attempt.participant_id).join(Answer, Answer.attempt_id == Attempt.id).where(
                Attempt.session_id == self.state.id, Answer.scenario_id == self.state.scenario_id,
                Answer.chosen.is_not(None))).scalars().all()
            attempts = s.execute(select(func.count()).select_from(Attempt).where(
                Attempt.session_id == self.state.id).group_by(Attempt.participant_id)).scalars().all()
        return len(rows), len(set(rows)), max(attempts, default=0)

    def close(self) -> None:
        self.store.close()


async def led_session(trainer: Trainer, clients: list[Client], advances: int, timeout: float) -> list[dict]:
    joined = [c for c in clients if c.page is not None and c.signed_up is not None]
    results = []
    await asyncio.sleep(1.0)  # the sign-in page's widgets are closed just after the session's page is shown
    for number in range(1, advances + 1):
        before = {id(c): (c.page.messages, c.page.received, Counter(c.page.tally)) for c in joined}
        question = trainer.advance()
        clicked = time.perf_counter()

        async def follow(client: Client, question=question, number=number, clicked=clicked) -> None:
            page = client.page
            try:
                await page.until(lambda: shows(page, question), f"scenario {number}", timeout)
                client.shown.append(time.perf_counter() - clicked)
            except Exception as failure:  # noqa: BLE001
                record(client, failure)

        await asyncio.gather(*(follow(c) for c in joined))
        await asyncio.sleep(1.0)  # whatever else the advance sends
        sent = [(c.page.messages - before[id(c)][0], c.page.received - before[id(c)][1]) for c in joined]
        kinds = sum((c.page.tally - before[id(c)][2] for c in joined), Counter())
        showing = [c for c in joined if len(c.shown) == number]

        async def reply(client: Client) -> None:
            try:
                await answer(client.page)
            except Exception as failure:  # noqa: BLE001
                record(client, failure)

        await asyncio.gather(*(reply(c) for c in showing))
        stored, people, most_attempts = trainer.stored()
        results.append({"shown": [c.shown[-1] for c in showing], "joined": len(joined),
                        "messages": statistics.median(m for m, _ in sent) if sent else 0,
                        "bytes": statistics.median(b for _, b in sent) if sent else 0,
                        "stored": stored, "people": people, "most_attempts": most_attempts,
                        "kinds": {kind: count / max(len(joined), 1) for kind, count in kinds.most_common(12)}})
        joined = showing
    return results


# One run of one target ------------------------------------------------------------------------------------------


async def run_target(target: str, n: int, options, browser, pool: int, folder: Path) -> Run:
    folder.mkdir(parents=True)
    server = Server(target, folder, free_port(), pool=pool, voila_config=options.voila_config)
    trainer = None
    contexts: list = []
    try:
        server.start()
        warm = None
        if pool:
            warm = server.wait_warm(pool, timeout=60 + pool * 3) * 100 / pool
        query = "lang=id"
        if target == "kit":
            trainer = Trainer(server.database, n, server.folder / "cache")
            query = f"sesi={trainer.state.code}&lang=id"
        clients = [Client() for _ in range(n)]
        light, heavy = starts(n, options.chromium, options.spread)
        selector = READY[target][2]
        spies = profiles(server, options.profile, folder) if options.profile and target == "kit" else {}
        before = hallservers.reading(server)
        browser_before, harness_before = own_browser_cpu([server]), time.process_time()
        began = time.perf_counter()
        assets = first_visit_scripts() if options.assets else ()
        burst = [open_page(server, target, c, delay, query, options.timeout, assets)
                 for c, delay in zip(clients, light, strict=True)]
        pages = [chromium_page(browser, server.url + "?" + query, selector, delay, options.timeout, contexts)
                 for delay in heavy] if browser is not None else []
        results = await asyncio.gather(*burst, *pages)
        burst_s = time.perf_counter() - began
        harness_cpu = time.process_time() - harness_before
        usage = hallservers.usage_since(server, before)
        run = Run(target, n, clients, list(results[n:]), usage, burst_s, harness_cpu,
                  own_browser_cpu([server]) - browser_before, warm)
        if trainer is not None:
            await sign_up_all(clients, options.timeout)
            run.advances = await led_session(trainer, clients, options.advances, options.timeout)
        run.notes.extend(f"server log of N={n}: {count} x {sign!r}"
                         for sign, count in server.log_signs().items())
        for name, (spy, out) in spies.items():
            hallservers.stop_profile(spy)
            run.notes.append(f"profile of the {name} (N={n}, burst to last advance, own time): "
                             f"{hallservers.where_time_goes(out)}")
        return run
    finally:
        for context in contexts:
            await context.close()
        if trainer is not None:
            trainer.close()
        server.stop()


def profiles(server: Server, requested: bool, folder: Path) -> dict:
    """py-spy on the Voila process and on one warm kernel, from the burst on (``--profile``)."""
    kernels = server.kernels()
    pids = {"Voila server process": server.voila_pid, **({"a participant's kernel": kernels[0]} if kernels else {})}
    return {name: (hallservers.profile(pid, folder / f"{pid}.txt"), folder / f"{pid}.txt")
            for name, pid in pids.items()}


async def sign_up_all(clients: list[Client], timeout: float) -> None:
    base = random.randrange(0, 4_000_000)

    async def one(index: int, client: Client) -> None:
        page = client.page
        if client.usable is None or page is None:
            return
        began = time.perf_counter()
        try:
            await sign_up(page, nip(index, base), name=f"Peserta {index + 1}")
            await page.until(lambda: on_live_page(page), "session page", timeout)
            client.signed_up = time.perf_counter() - began
        except Exception as failure:  # noqa: BLE001
            record(client, failure)
            if page.notices():
                client.error = (client.error or "") + " " + "; ".join(page.notices())[:200]

    await asyncio.gather(*(one(i, c) for i, c in enumerate(clients)))


# Figures and the table --------------------------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float | None:
    """Nearest rank: the value at or below which ``share`` of them lie."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, -(-int(share * 100 * len(ordered)) // 100) - 1))]


def figures(run: Run) -> dict[str, float | None]:
    usable = [c.usable for c in run.clients if c.usable is not None]
    pages = [c.page.marks.get("page") for c in run.clients if c.page is not None and "page" in c.page.marks]
    browsers = [s for s in run.chromium if s is not None]
    u, n = run.usage, run.n
    found: dict[str, float | None] = {
        "usable form p50 (s)": percentile(usable, 0.5), "usable form p95 (s)": percentile(usable, 0.95),
        "usable form max (s)": max(usable, default=None), "page complete p50 (s)": percentile(pages, 0.5),
        "errors": sum(c.error is not None and c.hung is None for c in run.clients),
        "hung pages": sum(c.hung is not None for c in run.clients),
        "Chromium usable median (s)": statistics.median(browsers) if browsers else None,
        "Chromium usable max (s)": max(browsers) if len(browsers) == len(run.chromium) and browsers else None,
        "Chromium pages never usable": len(run.chromium) - len(browsers) if run.chromium else None,
        "server CPU-s (burst)": u.server_cpu, "kernels CPU-s (burst)": u.kernel_cpu,
        "CPU-s per page": (u.server_cpu + u.kernel_cpu) / max(n + len(run.chromium), 1),
        "harness CPU, % of a core": 100 * run.harness_cpu / run.burst_s,
        "Chromium CPU-s": run.chromium_cpu if run.chromium else None,
        "kernels running": u.kernels, "kernel RSS median (MB)": statistics.median(u.rss) if u.rss else None,
        "kernel PSS median (MB)": statistics.median(u.pss) if u.pss else None,
        "kernels PSS total (GB)": sum(u.pss) / 1024 if u.pss else None,
        "pool warm-up per 100 kernels (s)": run.warm_per_100,
        "messages to usable (median)": statistics.median(c.messages_to_usable for c in run.clients),
        "kB received to usable (median)": statistics.median(c.bytes_to_usable for c in run.clients) / 1024,
        "kB of page + scripts (median)": statistics.median(
            c.page.page_bytes + c.page.asset_bytes for c in run.clients if c.page is not None) / 1024,
    }
    if run.target == "kit":
        signed = [c.signed_up for c in run.clients if c.signed_up is not None]
        shown = [s for a in run.advances for s in a["shown"]]
        found.update({
            "signed up into the session": len(signed), "sign-up p95 (s)": percentile(signed, 0.95),
            "advance to page p50 (s)": percentile(shown, 0.5), "advance to page p95 (s)": percentile(shown, 0.95),
            "advance to page max (s)": max(shown, default=None),
            "messages per advance per page": statistics.median(a["messages"] for a in run.advances)
            if run.advances else None,
            "kB per advance per page": statistics.median(a["bytes"] for a in run.advances) / 1024
            if run.advances else None,
            "answers stored / joined (worst advance)": min(
                (a["stored"] / a["joined"] for a in run.advances if a["joined"]), default=None),
            "answers stored twice or more": sum(a["stored"] - a["people"] for a in run.advances),
        })
    return found


RATIOS = ("usable form p50 (s)", "usable form p95 (s)", "usable form max (s)", "Chromium usable median (s)",
          "server CPU-s (burst)", "kernels CPU-s (burst)", "CPU-s per page", "kernel RSS median (MB)",
          "kernel PSS median (MB)", "pool warm-up per 100 kernels (s)")


def spread(values: list[float | None]) -> str:
    present = [v for v in values if v is not None]
    if not present:
        return "-"
    middle = statistics.median(present)
    text = f"{middle:.2f}" if abs(middle) < 100 and middle != int(middle) else f"{middle:.0f}"
    if len(present) > 1 and min(present) != max(present):
        text += f" [{min(present):.3g}-{max(present):.3g}]"
    return text


def table(n: int, runs: dict[str, list[Run]]) -> str:
    targets = list(runs)
    per = {target: [figures(r) for r in runs[target]] for target in targets}
    names = list(dict.fromkeys(name for target in targets for f in per[target] for name in f))
    lines = [f"\n== {n} participants: median of {max(len(r) for r in runs.values())} runs [min-max] ==",
             f"{'':42}" + "".join(f"{t:>24}" for t in targets) + ("   kit/plain" if len(targets) > 1 else "")]
    for name in names:
        values = {t: [f.get(name) for f in per[t]] for t in targets}
        line = f"{name:42}" + "".join(f"{spread(values[t]):>24}" for t in targets)
        if {"kit", "plain"} <= set(targets) and name in RATIOS:
            kit = [v for v in values["kit"] if v is not None]
            plain = [v for v in values["plain"] if v is not None]
            if kit and plain and statistics.median(plain):
                line += f"   {statistics.median(kit) / statistics.median(plain):9.2f}"
        lines.append(line)
    for target in targets:
        hung = Counter(c.hung for r in runs[target] for c in r.clients if c.hung)
        errors = Counter(c.error for r in runs[target] for c in r.clients if c.error)
        notes = [note for r in runs[target] for note in r.notes]
        if hung:
            lines.append(f"{target}: hung at " + ", ".join(f"{step} x{k}" for step, k in hung.most_common()))
        for error, k in errors.most_common(3):
            lines.append(f"{target}: error x{k}: {error}")
        lines.extend(f"{target}: {note}" for note in notes)
        last = runs[target][-1]
        for number, advance in enumerate(last.advances, 1):
            kinds = ", ".join(f"{kind} x{count:.3g}" for kind, count in advance["kinds"].items())
            lines.append(f"{target}: advance {number} of the last run, per page: {kinds}")
    return "\n".join(lines)


# The command --------------------------------------------------------------------------------------------------


def fits(target: str, n: int, chromium: int, pool: int) -> tuple[bool, str]:
    """Whether this many kernels fit in the memory available now. A pool is used up by the burst; plain Voila then
    refills all of it at once (twice its size), the kit only a few spares (asn_training/server/hall.py)."""
    visitors = n + chromium
    kernels = visitors + (pool if target == "plain" else 4) if pool else visitors
    need, free = kernels * KERNEL_MB_GUESS + MEMORY_MARGIN_MB, hallservers.available_mb()
    return need <= free, f"{kernels} kernels need about {need / 1024:.1f} GB, {free / 1024:.1f} GB available"


async def hall(options, sizes: list[int], targets: list[str], pooled: bool) -> None:
    configure()
    playwright = browser = None
    if options.chromium:
        from playwright.async_api import async_playwright

        playwright = await async_playwright().start()
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    try:
        with tempfile.TemporaryDirectory(prefix="asn-hall-") as tmp:
            os.environ.setdefault("ASN_TRAINING_CACHE", str(Path(tmp) / "cache"))
            for n in sizes:
                pool = n + options.chromium if pooled else 0
                runs: dict[str, list[Run]] = {t: [] for t in targets}
                for number in range(options.runs):
                    for target in targets:
                        ok, why = fits(target, n, options.chromium, pool)
                        if not ok:
                            print(f"skipped {target} N={n}: {why}", flush=True)
                            continue
                        folder = Path(tmp) / f"{target}-{n}-{number}"
                        run = await run_target(target, n, options, browser, pool, folder)
                        runs[target].append(run)
                        f = figures(run)
                        print(f"{target} N={n} run {number + 1}: usable p95 {spread([f['usable form p95 (s)']])} s, "
                              f"errors {f['errors']}, hung {f['hung pages']}", flush=True)
                if any(runs.values()):
                    print(table(n, {t: r for t, r in runs.items() if r}), flush=True)
    finally:
        if browser is not None:
            await browser.close()
        if playwright is not None:
            await playwright.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", default="100,200,300", help="comma-separated sizes of the hall")
    parser.add_argument("--runs", type=int, default=3, help="runs per size and target (the median is printed)")
    parser.add_argument("--chromium", type=int, default=5, help="real Chromium pages in each burst (ground truth)")
    parser.add_argument("--targets", default="kit,plain", help="kit, plain or both")
    parser.add_argument("--spread", type=float, default=10.0, help="seconds over which the pages start (0: at once)")
    parser.add_argument("--advances", type=int, default=2, help="scenarios the trainer moves the room to (kit)")
    parser.add_argument("--timeout", type=float, default=180.0, help="the watchdog of every step, in seconds")
    parser.add_argument("--assets", action="store_true",
                        help="light clients also fetch the scripts of a first visit (87, as a phone with no cache)")
    parser.add_argument("--profile", action="store_true",
                        help="sample the kit's Voila process and one kernel with py-spy, and say where the time goes")
    parser.add_argument("--no-pool", action="store_true", help="no pre-heated kernels even if the kit has --siap")
    parser.add_argument("--voila-config", type=json.loads, default=None, metavar="JSON",
                        help="more Voila configuration for both targets (voila.json in each server's folder), "
                             """e.g. '{"VoilaExecutor": {"iopub_timeout": 30}}'""")
    options = parser.parse_args()
    sizes = [int(size) for size in options.participants.split(",")]
    targets = [t.strip() for t in options.targets.split(",") if t.strip()]
    if not sizes or any(size < 1 for size in sizes) or not set(targets) <= set(READY):
        parser.error("--participants takes positive numbers, --targets kit and/or plain")
    pooled = not options.no_pool and hallservers.kit_has_pool()
    pool = "--siap N (a pre-heated pool of N + Chromium pages)" if pooled else "without a pool"
    print(f"kit: asn-training serve {pool}; plain: voila with the same flags; "
          f"{options.chromium} Chromium pages per burst; spread {options.spread:g} s; "
          f"more Voila configuration: {options.voila_config or '-'}", flush=True)
    asyncio.run(hall(options, sizes, targets, pooled))


if __name__ == "__main__":
    main()
