"""Demo data: the sample roster in ``data/demo_roster.csv`` and seeded sample attempts, to try the reports."""

from __future__ import annotations

import random

from sqlalchemy import select

from .. import config
from ..content.banks import load_catalog
from ..core.models import Catalog
from ..core.scoring import best_options
from ..store import Participant, Store
from .attempts import QuizRun
from .roster import import_roster


def load_demo(store: Store, *, seed: int = 2024, catalog: Catalog | None = None) -> dict[str, int]:
    """Import the demo roster and let about two thirds of it take some modules, some well and some badly."""
    catalog = catalog or load_catalog()
    rng = random.Random(seed)
    report = import_roster(store, config.data_dir() / "demo_roster.csv", actor="demo")
    attempts = 0
    with store.reading() as s:
        people = list(s.scalars(select(Participant).order_by(Participant.id)))
    for participant in people:
        skill = rng.random()
        plan = [(m.id, "quiz") for m in catalog.learning_modules if rng.random() < 0.65]
        if catalog.test is not None and rng.random() < 0.8:  # most took the pre-test, and some the post-test too
            plan.insert(0, (catalog.test.id, "pre"))
            if rng.random() < 0.6:
                plan.append((catalog.test.id, "post"))
        for module_id, kind in plan:
            run = QuizRun.start(store, catalog, participant.id, module_id, kind=kind, seed=rng.randrange(2**31),
                                role=participant.id_kind)
            chance = skill + (0.3 if kind != "pre" else 0.0)
            for position in range(run.total):
                scenario = run.module.scenario(run.answers[position].scenario_id)
                good = best_options(scenario)
                wrong = [o.id for o in scenario.options if o.id not in good] or list(good)
                run.answer(position, list(good) if rng.random() < chance else [rng.choice(wrong)])
            run.finish()
            attempts += 1
    return {"participants": report.added + report.updated, "attempts": attempts}
