"""A quiz attempt end to end through the task API the participant's app uses."""

from __future__ import annotations

import dataclasses

import pytest

from asn_training.errors import InvalidInput
from asn_training.quiz import QuizRun
from asn_training.scoring import best_options


def answer_all(run: QuizRun, good: bool = True) -> None:
    for position in range(run.total):
        scenario = run.module.scenario(run.answers[position].scenario_id)
        best = best_options(scenario)
        wrong = [o.id for o in scenario.options if o.id not in best]
        run.answer(position, list(best) if good else wrong[:1])


def test_item_view_holds_no_answer_key(store, catalog, participant):
    run = QuizRun.start(store, catalog, participant.id, "contoh", seed=3)
    view = run.item(0)
    assert run.feedback(0) is None
    flat = repr(dataclasses.asdict(view))
    scenario = run.module.scenario(view.scenario_id)
    for option in scenario.options:
        assert option.feedback["id"] not in flat
    assert "correct" not in flat and "weight" not in flat
    assert [oid for oid, _ in view.options] == run.answers[0].option_order.split(",")


def test_answer_gives_feedback_with_legal_basis(store, catalog, participant):
    run = QuizRun.start(store, catalog, participant.id, "contoh", seed=3)
    scenario = run.module.scenario(run.answers[0].scenario_id)
    feedback = run.answer(0, list(best_options(scenario)))
    assert feedback.correct
    assert all(o.feedback for o in feedback.options)
    assert feedback.references and all(":" in r for r in feedback.references)
    assert feedback.explanation == scenario.explanation["id"]


def test_passing_attempt_is_stored_and_resume_finds_open_ones(store, catalog, participant):
    run = QuizRun.start(store, catalog, participant.id, "contoh", seed=5)
    run.answer(0, list(best_options(run.module.scenario(run.answers[0].scenario_id))))
    resumed = QuizRun.resume(store, catalog, participant.id, "contoh")
    assert resumed.attempt.id == run.attempt.id and resumed.next_position == 1
    answer_all(resumed)
    result = resumed.finish()
    assert result.percent == 100.0 and result.passed
    assert QuizRun.resume(store, catalog, participant.id, "contoh") is None
    (stored,) = store.list_attempts(participant.id, status="finished")
    assert stored.percent == 100.0 and stored.passed


def test_failing_attempt(store, catalog, participant):
    run = QuizRun.start(store, catalog, participant.id, "contoh", seed=9)
    answer_all(run, good=False)
    result = run.finish()
    assert not result.passed and result.percent < 70


def test_the_first_answer_counts(store, catalog, participant):
    run = QuizRun.start(store, catalog, participant.id, "contoh", seed=5)
    scenario = run.module.scenario(run.answers[0].scenario_id)
    first = run.answer(0, [o.id for o in scenario.options if o.id not in best_options(scenario)][:1])
    second = run.answer(0, list(best_options(scenario)))
    assert second.points == first.points < 1


def test_bad_position_is_refused(store, catalog, participant):
    run = QuizRun.start(store, catalog, participant.id, "contoh", seed=5)
    with pytest.raises(InvalidInput):
        run.item(99)


def test_english_falls_back_to_indonesian_content(store, catalog, participant):
    run = QuizRun.start(store, catalog, participant.id, "contoh", seed=5, lang="en")
    for position in range(run.total):
        scenario = run.module.scenario(run.answers[position].scenario_id)
        assert run.item(position).situation == scenario.situation.get("en", scenario.situation["id"])
