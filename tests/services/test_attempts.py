"""A quiz attempt end to end through the task API the participant's app uses."""

from __future__ import annotations

import dataclasses
import threading

import pytest
from sqlalchemy import text

from asn_training.core.scoring import best_options
from asn_training.errors import AsnTrainingError, InvalidInput
from asn_training.services.attempts import QuizRun, StaleAttempt, start_or_resume
from asn_training.services.progress import progress
from asn_training.store import Store

from ..conftest import add_participant, in_tabs


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


def test_attempt_lifecycle_is_stored(store, catalog, participant):
    run = QuizRun.start(store, catalog, participant.id, "contoh", seed=42)
    first = run.answers[0]
    best = best_options(run.module.scenario(first.scenario_id))
    wrong = next(o.id for o in run.module.scenario(first.scenario_id).options if o.id not in best)
    run.answer(0, list(best))
    run.answer(0, [wrong])  # a second answer to the same quiz item does not count
    attempt, answers = store.get_attempt(run.attempt.id)
    assert attempt.status == "open" and attempt.count == run.total
    assert answers[0].chosen == ",".join(best) and answers[0].points == 1.0
    assert all(a.chosen is None for a in answers[1:])
    run.finish()
    (finished,) = store.list_attempts(participant.id, "contoh", status="finished")
    assert finished.percent == round(100 / run.total, 1) and finished.passed is False
    assert finished.finished_at is not None


def test_many_kernels_answering_at_once_lose_nothing(store_url, catalog):
    """Eight 'kernels' (each its own engine) answer and finish at the same time; every answer is stored."""
    setup = Store(store_url)
    setup.upgrade()
    person = add_participant(setup)
    runs = [QuizRun.start(setup, catalog, person.id, "contoh", seed=i) for i in range(8)]
    errors = []

    def kernel(attempt_id: int) -> None:
        store = Store(store_url)
        try:
            run = QuizRun.load(store, catalog, attempt_id)
            answer_all(run)
            run.finish()
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            store.close()

    threads = [threading.Thread(target=kernel, args=(r.attempt.id,)) for r in runs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    finished = setup.list_attempts(status="finished")
    assert len(finished) == 8 and all(a.percent == 100.0 for a in finished)
    with setup.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM answers WHERE chosen IS NULL")).scalar() == 0
    setup.close()


def test_a_stale_tab_is_told_and_never_shows_the_other_tabs_answer_as_its_own(store, catalog, participant):
    one = QuizRun.start(store, catalog, participant.id, "contoh", seed=5)
    two = QuizRun.load(store, catalog, one.attempt.id)
    scenario = one.module.scenario(one.answers[0].scenario_id)
    best = best_options(scenario)
    wrong = next(o.id for o in scenario.options if o.id not in best)
    one.answer(0, [wrong])
    with pytest.raises(StaleAttempt) as caught:
        two.answer(0, list(best))
    assert caught.value.key == "quiz.answered_elsewhere"
    feedback = two.feedback(0)  # the stale tab now shows what was really stored
    assert not feedback.correct and [o.option_id for o in feedback.options if o.chosen] == [wrong]


def test_answering_after_another_tab_finished_says_so(store, catalog, participant):
    one = QuizRun.start(store, catalog, participant.id, "contoh", seed=5)
    two = QuizRun.load(store, catalog, one.attempt.id)
    one.finish()
    with pytest.raises(StaleAttempt) as caught:
        two.answer(0, [two.item(0).options[0][0]])
    assert caught.value.key == "quiz.finished_elsewhere"
    assert two.finished and store.get_attempt(one.attempt.id)[1][0].chosen is None


def test_the_stored_score_agrees_with_the_stored_answers_across_tabs(store, journey_catalog, participant):
    """Two tabs on one exam: one changes an answer after the other computed its result; the finished attempt's
    percent is computed from what is stored, inside the finishing transaction."""
    catalog = journey_catalog
    one = QuizRun.start(store, catalog, participant.id, catalog.test.id, kind="pre", seed=1)
    two = QuizRun.load(store, catalog, one.attempt.id)
    answer_all(one, good=False)
    answer_all(two, good=True)  # the other tab changes every answer to the best one
    one.finish()  # this tab still holds the wrong answers in memory
    attempt, _ = store.get_attempt(one.attempt.id)
    assert attempt.percent == 100.0 and one.result().percent == 100.0


def test_an_attempt_whose_module_left_the_banks_does_not_block_sign_in(store, catalog, participant, pledges):
    QuizRun.start(store, catalog, participant.id, "contoh", seed=1)
    smaller = dataclasses.replace(catalog, modules=tuple(m for m in catalog.modules if m.id != "contoh"))
    state = progress(store, smaller, pledges, participant.id)
    assert state.resume_attempt is None


def test_the_post_test_needs_a_finished_pre_test(store, journey_catalog, participant, monkeypatch):
    monkeypatch.setenv("ASN_TRAINING_ORDER", "bebas")  # even when the modules may come in any order
    test_id = journey_catalog.test.id
    with pytest.raises(InvalidInput) as caught:
        start_or_resume(store, journey_catalog, participant, test_id, kind="post")
    assert caught.value.key == "test.pre_first"
    pre = start_or_resume(store, journey_catalog, participant, test_id, kind="pre")
    with pytest.raises(InvalidInput):  # an unfinished pre-test is not enough
        start_or_resume(store, journey_catalog, participant, test_id, kind="post")
    pre.finish()
    assert start_or_resume(store, journey_catalog, participant, test_id, kind="post").attempt.kind == "post"


def test_the_programme_goes_pre_test_modules_post_test(store, journey_catalog, participant, monkeypatch):
    monkeypatch.delenv("ASN_TRAINING_ORDER", raising=False)  # the default: in order
    catalog, test_id = journey_catalog, journey_catalog.test.id
    with pytest.raises(InvalidInput) as caught:
        start_or_resume(store, catalog, participant, "contoh")
    assert caught.value.message("id") == "Kerjakan pre-test dulu, baru mulai modul."
    start_or_resume(store, catalog, participant, test_id, kind="pre").finish()
    with pytest.raises(InvalidInput) as caught:
        start_or_resume(store, catalog, participant, test_id, kind="post")
    assert "(0 of 2 passed so far)" in caught.value.message("en")
    for module_id in ("contoh", "contoh-dua"):
        run = start_or_resume(store, catalog, participant, module_id)
        answer_all(run)
        assert run.finish().passed
    assert start_or_resume(store, catalog, participant, test_id, kind="post").attempt.kind == "post"


def test_an_agency_may_relax_the_order(store, journey_catalog, participant, monkeypatch):
    monkeypatch.setenv("ASN_TRAINING_ORDER", "bebas")
    assert start_or_resume(store, journey_catalog, participant, "contoh").module.id == "contoh"
    monkeypatch.setenv("ASN_TRAINING_ORDER", "sembarang")
    with pytest.raises(AsnTrainingError) as caught:
        start_or_resume(store, journey_catalog, participant, "contoh-dua")
    assert "ASN_TRAINING_ORDER=sembarang" in caught.value.message("id")


def test_finishing_after_another_tab_finished_says_so_and_keeps_the_first_result(store, journey_catalog,
                                                                                  participant):
    catalog = journey_catalog
    one = QuizRun.start(store, catalog, participant.id, catalog.test.id, kind="pre", seed=2)
    two = QuizRun.load(store, catalog, one.attempt.id)
    answer_all(one, good=True)
    first = one.finish()
    with pytest.raises(StaleAttempt) as caught:
        two.finish()
    assert caught.value.key == "quiz.finished_elsewhere"
    assert two.finished and two.result().percent == first.percent == store.get_attempt(one.attempt.id)[0].percent


def test_retake_draws_scenarios_not_seen_before(store, catalog, participant):
    first = QuizRun.start(store, catalog, participant.id, "contoh", seed=1)
    second = QuizRun.start(store, catalog, participant.id, "contoh", seed=1)  # same seed: only `seen` differs
    seen = {a.scenario_id for a in first.answers}
    drawn = {a.scenario_id for a in second.answers}
    # 5 active scenarios, 4 drawn: the one left unseen comes back, with only 3 of the first attempt's.
    assert len(drawn) == 4 and len(drawn & seen) == 3 and drawn - seen


def test_a_double_tap_on_start_opens_one_attempt(store_url, catalog):
    """Two 'tabs' (each its own engine) press Start on the same module at the same moment: one open attempt."""
    setup = Store(store_url)
    setup.upgrade()
    person = add_participant(setup)
    runs = in_tabs(store_url, lambda store: start_or_resume(store, catalog, person, "contoh").attempt.id)
    assert len(set(runs)) == 1
    assert len(setup.list_attempts(person.id, "contoh", status="open")) == 1
    setup.close()
