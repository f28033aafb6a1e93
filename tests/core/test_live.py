"""The pure rules of a live session: phases, moves, answers, bands, rates."""

from __future__ import annotations

import pytest

from asn_training.core import live
from asn_training.core.live import ScenarioRate, SessionState
from asn_training.errors import InvalidInput


def state(**values) -> SessionState:
    base = {"id": 1, "code": "KRP234", "title": "Apel", "mode": "dipandu", "status": "open", "module_id": "contoh",
            "kind": "quiz", "scenario_ids": ("s1", "s2"), "position": None, "revealed": False, "revision": 0,
            "seconds": None, "started_at": None, "held_on": None, "place": None, "unit": None, "expected": None}
    return SessionState(**(base | values))


@pytest.mark.parametrize(("values", "phase", "scenario"), [
    ({}, "lobby", None),
    ({"position": 0}, "question", "s1"),
    ({"position": 1, "revealed": True}, "revealed", "s2"),
    ({"position": 1, "status": "closed"}, "closed", "s2"),
    ({"status": "closed"}, "closed", None),
])
def test_phase_and_scenario_on_screen(values, phase, scenario):
    assert (state(**values).phase, state(**values).scenario_id) == (phase, scenario)


@pytest.mark.parametrize(("values", "expected"), [
    ({}, 0), ({"position": 0}, 1), ({"position": 0, "revealed": True}, 1),
    ({"position": 1}, "live.no_more"), ({"status": "closed"}, "live.closed"), ({"mode": "mandiri"}, "live.not_led"),
])
def test_next_position(values, expected):
    if isinstance(expected, int):
        assert live.next_position(state(**values)) == expected
    else:
        with pytest.raises(InvalidInput) as refused:
            live.next_position(state(**values))
        assert refused.value.key == expected


@pytest.mark.parametrize(("values", "scenario", "key"), [
    ({}, "s1", "live.not_on_screen"),
    ({"position": 0}, "s2", "live.not_on_screen"),
    ({"position": 0, "revealed": True}, "s1", "live.already_revealed"),
    ({"position": 0, "status": "closed"}, "s1", "live.closed"),
    ({"position": 0, "mode": "mandiri"}, "s1", "live.not_led"),
])
def test_an_answer_only_for_the_scenario_on_screen_before_its_reveal(values, scenario, key):
    with pytest.raises(InvalidInput) as refused:
        live.check_answer(state(**values), scenario)
    assert refused.value.key == key
    live.check_answer(state(position=0), "s1")


@pytest.mark.parametrize(("value", "band"), [(0, "0–19"), (19.9, "0–19"), (20, "20–39"), (79.9, "60–79"),
                                             (80, "80–100"), (100, "80–100")])
def test_score_bands(value, band):
    assert live.band_label(live.band(value)) == band


def test_scores_summarise_the_distribution():
    assert live.scores([100.0, 50.0, 0.0, 75.0]) == live.Scores(
        4, 56.2, 62.5, (("0–19", 1), ("20–39", 0), ("40–59", 1), ("60–79", 1), ("80–100", 1)))
    assert live.scores([]).mean is None


def test_rates_name_the_most_common_wrong_answer_and_count_multi_options_each():
    rates = live.scenario_rates([("s1", "a", False, 2), ("s1", "b", True, 3), ("s1", "c", False, 2),
                                 ("s2", "a,c", False, 1), ("s2", "a,b", True, 1)], ["s1", "s2", "s3"])
    assert rates[0] == ScenarioRate("s1", 0, 7, 3, {"a": 2, "b": 3, "c": 2}, ("a",), 2)  # a tie: the first id
    assert rates[1] == ScenarioRate("s2", 1, 2, 1, {"a": 2, "b": 1, "c": 1}, ("a", "c"), 1)
    assert (rates[2].answered, rates[2].rate) == (0, None)
    assert [r.scenario_id for r in live.hardest(rates)] == ["s1", "s2"]


def test_a_new_code_is_six_unambiguous_characters():
    codes = {live.new_code() for _ in range(200)}
    assert all(len(c) == 6 and not set(c) & set("0O1IL") for c in codes) and len(codes) > 190
