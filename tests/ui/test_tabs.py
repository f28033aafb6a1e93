"""Two tabs (or two phones) on one attempt: a page whose view went stale says so and shows what the database
holds, never a verdict on its own tap that the database did not keep."""

from __future__ import annotations

import pytest

from asn_training.i18n import t

from .drive import click, find, local_notice, page_state, sign_in, sign_up, take_quiz, tap


@pytest.fixture
def tabs(make_app):
    first = make_app()
    sign_up(first)
    second = make_app()
    sign_in(second)
    return first, second


def test_a_tab_behind_the_other_shows_the_stored_answer_not_its_own(tabs):
    a, b = tabs
    click(a, "asn-start")
    click(b, "asn-start")  # the same open attempt, item 1 on both
    assert a.run.attempt.id == b.run.attempt.id and a.state.position == b.state.position == 0
    tap(a, good=False)
    tap(b, good=True)
    assert t("quiz.answered_elsewhere", "id") in local_notice(b)
    assert find(b, "asn-feedback")[0].value == find(a, "asn-feedback")[0].value  # A's answer as the choice
    assert t("quiz.correct", "id") not in page_state(b)
    (attempt,) = b.store.list_attempts(b.participant.id)
    assert attempt.status == "open"


def test_a_tab_behind_a_finished_quiz_shows_its_result(tabs):
    a, b = tabs
    click(b, "asn-start")
    take_quiz(a, "contoh", good=False)  # A answers everything and sees the result
    tap(b, good=True)  # B, still on item 1
    assert t("quiz.finished_elsewhere", "id") in b.notice.value
    assert find(b, "asn-result") and "BELUM LULUS" in page_state(b)
    assert t("quiz.correct", "id") not in page_state(b)


def test_a_tab_behind_a_submitted_test_shows_its_result(tabs):
    a, b = tabs
    click(a, "asn-pre")
    click(b, "asn-pre")
    click(a, "asn-submit-test")
    click(a, "asn-submit-anyway")
    assert find(a, "asn-result")
    click(b, "asn-option", 0)
    assert t("quiz.finished_elsewhere", "id") in b.notice.value
    assert find(b, "asn-result")
    (attempt,) = b.store.list_attempts(b.participant.id)
    assert attempt.status == "finished" and attempt.percent == 0.0  # B's tap came too late to count


def test_submitting_a_test_already_submitted_in_another_tab_says_so(tabs):
    a, b = tabs
    click(a, "asn-pre")
    click(b, "asn-pre")
    click(a, "asn-submit-test")
    click(a, "asn-submit-anyway")
    click(b, "asn-submit-test")  # B never saw A's submission
    click(b, "asn-submit-anyway")
    assert t("quiz.finished_elsewhere", "id") in b.notice.value
    assert find(b, "asn-result")
