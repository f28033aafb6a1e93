"""Demo data: the sample roster in ``data/demo_roster.csv`` and seeded sample attempts, to try the reports."""

from __future__ import annotations

import random

from . import config
from .bank import Catalog, load_catalog
from .quiz import QuizRun
from .roster import import_csv
from .scoring import best_options
from .store import Store


def load_demo(store: Store, *, seed: int = 2024, catalog: Catalog | None = None) -> dict[str, int]:
    """Import the demo roster and let about two thirds of it take some modules, some well and some badly."""
    catalog = catalog or load_catalog()
    rng = random.Random(seed)
    report = import_csv(store, config.data_dir() / "demo_roster.csv", actor="demo")
    attempts = 0
    for participant in store.list_participants():
        skill = rng.random()
        for module in catalog.modules:
            if rng.random() > 0.65:
                continue
            run = QuizRun.start(store, catalog, participant.id, module.id, seed=rng.randrange(2**31),
                                role=participant.id_kind)
            for position in range(run.total):
                scenario = run.module.scenario(run.answers[position].scenario_id)
                good = best_options(scenario)
                wrong = [o.id for o in scenario.options if o.id not in good] or list(good)
                run.answer(position, list(good) if rng.random() < skill + 0.3 else [rng.choice(wrong)])
            run.finish()
            attempts += 1
    return {"participants": report.added + report.updated, "attempts": attempts}
