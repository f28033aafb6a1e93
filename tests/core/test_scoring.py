"""Scoring: seeded, stratified draws; grading of every kind; results against the pass mark."""

from __future__ import annotations

from collections import Counter

import pytest

from asn_training.core import scoring
from asn_training.errors import InvalidInput


def test_same_seed_same_draw_other_seed_other_order(module):
    assert scoring.draw(module, 7) == scoring.draw(module, 7)
    draws = {tuple(scoring.draw(module, seed)) for seed in range(20)}
    assert len(draws) > 1


def test_draw_is_stratified_by_topic_and_skips_retired(module):
    for seed in range(50):
        items = scoring.draw(module, seed)
        assert len(items) == module.draw == 4
        topics = Counter(module.scenario(i.scenario_id).topic for i in items)
        assert topics == {"medsos": 2, "fasilitas": 2}
        assert "ct-006" not in {i.scenario_id for i in items}
        assert len({i.scenario_id for i in items}) == 4


def test_options_are_shuffled_but_complete(module):
    orders = set()
    for seed in range(30):
        for item in scoring.draw(module, seed):
            scenario = module.scenario(item.scenario_id)
            assert sorted(item.option_order) == sorted(o.id for o in scenario.options)
            if item.scenario_id == "ct-001":
                orders.add(item.option_order)
    assert len(orders) > 1


def test_role_prefers_scenarios_for_that_role(module):
    for seed in range(20):
        items = scoring.draw(module, seed, count=2, role="pejabat")
        assert "ct-003" in {i.scenario_id for i in items}


@pytest.mark.parametrize(("scenario_id", "chosen", "points"), [
    ("ct-001", ["b"], 1.0),
    ("ct-001", ["a"], 0.0),
    ("ct-002", ["a", "b"], 1.0),
    ("ct-002", ["a"], 0.5),
    ("ct-002", ["a", "c"], 0.0),
    ("ct-002", ["a", "b", "c"], 0.5),
    ("ct-002", ["c"], 0.0),
    ("ct-003", ["a"], 1.0),
    ("ct-003", ["b"], 0.6),
    ("ct-003", ["c"], 0.2),
])
def test_grade(module, scenario_id, chosen, points):
    assert scoring.grade(module.scenario(scenario_id), chosen) == pytest.approx(points)


@pytest.mark.parametrize(("scenario_id", "chosen", "key"), [
    ("ct-001", ["a", "b"], "quiz.one_choice"),
    ("ct-001", ["z"], "quiz.bad_choice"),
    ("ct-001", [], "quiz.bad_choice"),
    ("ct-002", ["a", "a"], "quiz.bad_choice"),
])
def test_bad_choices_are_refused(module, scenario_id, chosen, key):
    with pytest.raises(InvalidInput) as caught:
        scoring.grade(module.scenario(scenario_id), chosen)
    assert caught.value.key == key


def test_result_per_topic_and_pass_mark(module):
    graded = [(module.scenario("ct-001"), 1.0), (module.scenario("ct-002"), 0.5),
              (module.scenario("ct-003"), 1.0), (module.scenario("ct-004"), None)]
    result = scoring.result(module, graded)
    assert result.percent == 62.5
    assert not result.passed
    assert result.by_topic["medsos"].percent == 75.0
    assert result.by_topic["fasilitas"].percent == 50.0
    full = scoring.result(module, [(s, 1.0) for s, _ in graded[:3]] + [(module.scenario("ct-004"), 0.0)])
    assert full.percent == 75.0 and full.passed


def test_best_options_and_best_percent(module):
    assert scoring.best_options(module.scenario("ct-002")) == ("a", "b")
    assert scoring.best_options(module.scenario("ct-003")) == ("a",)
    assert scoring.best_percent([40.0, None, 80.0, 75.0]) == 80.0
    assert scoring.best_percent([None]) is None


@pytest.fixture(scope="module")
def shipped_module():
    from asn_training.content.banks import load_catalog as load_shipped
    return load_shipped().module("dasar-netralitas")


@pytest.mark.parametrize("seeds", [(1, 2, 3), (10, 11, 12), (7, 7, 7)])
def test_retake_draws_unseen_scenarios_first(shipped_module, seeds):
    module = shipped_module
    assert (len(module.active_scenarios()), module.draw) == (18, 10)
    ids = lambda items: [i.scenario_id for i in items]  # noqa: E731
    first = ids(scoring.draw(module, seeds[0]))
    second = ids(scoring.draw(module, seeds[1], seen=first))
    # Only 8 scenarios are unseen: all of them come, and only 2 of the first attempt's (the fewest it must).
    assert set(second) >= {s.id for s in module.active_scenarios()} - set(first)
    assert len(set(second) & set(first)) == 2
    assert len({module.scenario(i).topic for i in second}) == len(module.topics)  # still every topic
    third = ids(scoring.draw(module, seeds[2], seen=first + second))
    assert not set(third) & (set(first) & set(second))  # nothing seen twice while once-seen ones remain
    assert len(set(third)) == 10


def test_draw_without_seen_is_unchanged(module):
    assert scoring.draw(module, 7, seen=[]) == scoring.draw(module, 7)
