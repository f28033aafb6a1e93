"""Benchmarks: bank loading, drawing and grading, the results report and its exports at scale, concurrent answers.

Usage: .venv/bin/python bench/run.py [--participants 100000] [--attempts 1000000] [--db URL]
Prints one line per measurement. Defaults are a quick run; the design's scale is 100,000 employees and a
million attempts.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from asn_training import reports  # noqa: E402
from asn_training.content.banks import load_catalog  # noqa: E402
from asn_training.core import scoring  # noqa: E402
from asn_training.core.models import Catalog  # noqa: E402
from asn_training.formats import tables as exports  # noqa: E402
from asn_training.services.attempts import QuizRun  # noqa: E402
from asn_training.store import Attempt, Participant, Store  # noqa: E402


@contextmanager
def timed(label: str, unit_count: int | None = None, unit: str = ""):
    start = time.perf_counter()
    yield
    elapsed = time.perf_counter() - start
    rate = f"  ({unit_count / elapsed:,.0f} {unit}/s)" if unit_count else ""
    print(f"{label:<48} {elapsed:8.3f} s{rate}", flush=True)


def fill(store: Store, participants: int, attempts: int, modules: list[str]) -> None:
    rng = random.Random(1)
    units = [f"Unit {i:03d}" for i in range(200)]
    start = datetime(2026, 1, 1, tzinfo=UTC)  # the store keeps aware UTC moments
    with store.engine.begin() as connection:
        for first in range(0, participants, 20_000):
            connection.execute(insert(Participant), [
                {"nip": f"{i:018d}",
                 "id_kind": "pns", "name": f"Pegawai {i}", "unit": units[i % len(units)], "listed": True,
                 "pin_failures": 0, "lang": "id", "created_at": start, "updated_at": start}
                for i in range(first, min(first + 20_000, participants))])
    with store.engine.begin() as connection:
        for first in range(0, attempts, 50_000):
            rows = []
            for _ in range(first, min(first + 50_000, attempts)):
                percent = rng.choice(range(0, 101, 10))
                begun = start + timedelta(minutes=rng.randrange(500_000))
                rows.append({"participant_id": rng.randrange(1, participants + 1), "module_id": rng.choice(modules),
                             "kind": "quiz", "bank_version": "bench", "seed": 1, "status": "finished", "lang": "id",
                             "started_at": begun, "finished_at": begun + timedelta(minutes=9), "points": percent / 10,
                             "count": 10, "percent": percent, "passed": percent >= 70})
            connection.execute(insert(Attempt), rows)


def concurrent_answers(url: str, catalog: Catalog, writers: int) -> list[float]:
    """``writers`` kernels (each its own engine) answer a whole quiz at once through the attempts service."""
    setup = Store(url)
    setup.upgrade()
    with setup.transaction() as s:
        participant = Participant(nip="198609262015051001", id_kind="pns", name="Bench", unit="Unit")
        s.add(participant)
    module = catalog.learning_modules[0]
    attempts = [QuizRun.start(setup, catalog, participant.id, module.id, seed=i).attempt for i in range(writers)]
    latencies: list[float] = []
    lock = threading.Lock()

    def kernel(attempt_id: int) -> None:
        store = Store(url)
        run = QuizRun.load(store, catalog, attempt_id)
        for position in range(run.total):
            began = time.perf_counter()
            run.answer(position, [run.item(position).options[0][0]])
            with lock:
                latencies.append(time.perf_counter() - began)
        store.close()

    threads = [threading.Thread(target=kernel, args=(a.id,)) for a in attempts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    setup.close()
    return latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=20_000)
    parser.add_argument("--attempts", type=int, default=200_000)
    parser.add_argument("--db", help="database URL (default: a temporary SQLite file)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="asn-bench-"))
    url = args.db or f"sqlite:///{work / 'bench.sqlite'}"

    with timed("load and validate every bank"):
        catalog = load_catalog()
    modules = [m.id for m in catalog.modules]
    module = catalog.modules[0]
    with timed("draw + grade 10,000 attempts (pure)", 10_000, "attempts"):
        for seed in range(10_000):
            for item in scoring.draw(module, seed):
                scenario = module.scenario(item.scenario_id)
                scoring.grade(scenario, [item.option_order[0]])

    store = Store(url)
    store.upgrade()
    with timed(f"insert {args.participants:,} participants, {args.attempts:,} attempts", args.attempts, "rows"):
        fill(store, args.participants, args.attempts, modules)
    with timed("results report, all attempts", args.attempts, "rows"):
        frame = reports.results(store)
    with timed("results report, one unit and one module"):
        reports.results(store, unit="Unit 007", module=modules[0])
    with timed("results export, CSV", len(frame), "rows"):
        exports.write({"Hasil": reports.labelled(frame)}, work / "hasil.csv", "csv")
    part = frame.head(100_000)
    with timed("results export, XLSX (100,000 rows)", len(part), "rows"):
        exports.write({"Hasil": reports.labelled(part)}, work / "hasil.xlsx", "xlsx")
    store.close()

    concurrent = url if args.db else f"sqlite:///{work / 'concurrent.sqlite'}"
    latencies = concurrent_answers(concurrent, catalog, 50)
    latencies.sort()
    label = f"50 kernels answering a quiz at once ({concurrent.split(':')[0]})"
    print(f"{label:<48} median {statistics.median(latencies) * 1000:.1f} ms, "
          f"p95 {latencies[int(len(latencies) * 0.95)] * 1000:.1f} ms, max {latencies[-1] * 1000:.1f} ms")


if __name__ == "__main__":
    main()
