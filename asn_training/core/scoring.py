"""Scoring: pure functions over bank models and plain values. No I/O, no randomness without a seed."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..errors import InvalidInput
from .models import Module, Scenario


@dataclass(frozen=True)
class DrawnItem:
    """One scenario of an attempt, with the order its options are shown in."""

    scenario_id: str
    option_order: tuple[str, ...]


@dataclass(frozen=True)
class TopicScore:
    points: float
    count: int

    @property
    def percent(self) -> float:
        return round(100 * self.points / self.count, 1) if self.count else 0.0


@dataclass(frozen=True)
class Result:
    points: float
    count: int
    pass_mark: float
    by_topic: dict[str, TopicScore] = field(default_factory=dict)

    @property
    def percent(self) -> float:
        return round(100 * self.points / self.count, 1) if self.count else 0.0

    @property
    def passed(self) -> bool:
        return self.percent >= self.pass_mark


def draw(module: Module, seed: int, count: int | None = None, role: str | None = None,
         form: str | None = None, seen: Iterable[str] = ()) -> list[DrawnItem]:
    """Draw ``count`` scenarios (default ``module.draw``), stratified by topic, options shuffled.

    Topics take turns, in an order the seed shuffles, so every topic is represented as evenly as its size
    allows. Scenarios that do not apply to ``role`` are used only when the others run out. In a test bank,
    ``form`` (pre or post) picks the parallel form. ``seen`` holds the scenario ids of the participant's earlier
    attempts (an id once per attempt): a retake takes the scenarios seen least often first, so unseen ones while the
    bank has them. The same seed and ``seen`` always give the same draw.
    """
    rng = random.Random(seed)
    times_seen = Counter(seen)
    pool = module.active_scenarios(form)
    count = min(count or module.draw, len(pool))
    by_topic: dict[str, list[Scenario]] = {}
    for scenario in pool:
        by_topic.setdefault(scenario.topic, []).append(scenario)
    for scenarios in by_topic.values():
        rng.shuffle(scenarios)
        # stable: keeps the shuffle within each group
        scenarios.sort(key=lambda s: (times_seen[s.id], bool(role) and role not in s.roles))
    topics = list(by_topic)
    rng.shuffle(topics)
    chosen: list[Scenario] = []
    while len(chosen) < count:
        # Topics take turns among the scenarios seen least often, then the next least often, and so on.
        level = min(times_seen[scenarios[0].id] for scenarios in by_topic.values() if scenarios)
        for topic in topics:
            scenarios = by_topic[topic]
            if scenarios and times_seen[scenarios[0].id] == level and len(chosen) < count:
                chosen.append(scenarios.pop(0))
    rng.shuffle(chosen)
    items = []
    for scenario in chosen:
        order = [o.id for o in scenario.options]
        rng.shuffle(order)
        items.append(DrawnItem(scenario.id, tuple(order)))
    return items


def check_choice(scenario: Scenario, chosen: Sequence[str]) -> tuple[str, ...]:
    """The chosen option ids, validated: they exist, no repeats, and exactly one unless multi-select."""
    chosen = tuple(chosen)
    known = {o.id for o in scenario.options}
    if not chosen or len(set(chosen)) != len(chosen) or not set(chosen) <= known:
        raise InvalidInput("quiz.bad_choice", scenario=scenario.id)
    if scenario.scoring != "multi" and len(chosen) != 1:
        raise InvalidInput("quiz.one_choice", scenario=scenario.id)
    return chosen


def grade(scenario: Scenario, chosen: Sequence[str]) -> float:
    """Points (0 to 1) for the chosen options, by the scenario's scoring kind (see docs/bank-format.md)."""
    chosen = check_choice(scenario, chosen)
    if scenario.scoring == "weighted":
        return (scenario.option(chosen[0]).weight or 0) / 5
    if scenario.scoring == "single":
        return 1.0 if scenario.option(chosen[0]).correct else 0.0
    right = sum(1 for o in scenario.options if o.correct)
    hits = sum(1 for c in chosen if scenario.option(c).correct)
    return max(0.0, (hits - (len(chosen) - hits)) / right)


def best_options(scenario: Scenario) -> tuple[str, ...]:
    """The option ids that earn full marks: shown in the review once an answer is given."""
    if scenario.scoring == "weighted":
        return tuple(o.id for o in scenario.options if o.weight == 5)
    return tuple(o.id for o in scenario.options if o.correct)


def result(module: Module, graded: Iterable[tuple[Scenario, float | None]]) -> Result:
    """Score an attempt: ``graded`` pairs each drawn scenario with its points (``None`` if unanswered)."""
    totals: dict[str, list[float]] = {}
    for scenario, points in graded:
        totals.setdefault(scenario.topic, []).append(points or 0.0)
    by_topic = {topic: TopicScore(sum(p), len(p)) for topic, p in totals.items()}
    return Result(sum(t.points for t in by_topic.values()), sum(t.count for t in by_topic.values()),
                  module.pass_mark, by_topic)


def best_percent(percents: Iterable[float | None]) -> float | None:
    """The best score across attempts, ignoring unfinished ones (``None``)."""
    finished = [p for p in percents if p is not None]
    return max(finished) if finished else None
