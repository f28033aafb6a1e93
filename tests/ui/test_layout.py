"""Layouts for a thumb: what comes first on a page, where a message appears, what is marked and how."""

from __future__ import annotations

import re

from asn_training.i18n import t

from .drive import answer_current, click, find, local_notice, sign_pledge, sign_up, take_quiz, walk


def index_on_page(app, css: str) -> int:
    """The position of the first widget with ``css`` in the page's reading order."""
    return next(i for i, w in enumerate(walk(app.root)) if css in getattr(w, "_dom_classes", ()))


def fail_quiz(app, module_id: str = "contoh") -> None:
    card = find(app, f"asn-module-{module_id}")[0]
    [b for b in walk(card) if "asn-start" in getattr(b, "_dom_classes", ())][0].click()
    while not find(app, "asn-result"):
        answer_current(app, good=False)


def test_a_failed_quiz_shows_verdict_and_a_primary_retake_before_the_collapsed_review(app):
    sign_up(app)
    fail_quiz(app)
    (summary,) = find(app, "asn-result")
    assert "BELUM LULUS" in summary.value and "Tinjauan" not in summary.value  # the review is not in the summary
    (retake,) = find(app, "asn-retake")
    assert retake.button_style == "primary"  # not grey after a fail
    assert index_on_page(app, "asn-result") < index_on_page(app, "asn-retake") < index_on_page(app, "asn-review")
    review = find(app, "asn-review")[0].value
    items = re.findall(r"<details class='asn-review-item'>", review)
    assert len(items) == app.run.total and " open" not in review  # one collapsed item per scenario
    assert review.count(t("result.item_wrong", "id")) == app.run.total  # the mark in words, not colour alone


def test_a_passed_quiz_offers_the_next_module_first(app):
    sign_up(app)
    take_quiz(app, "contoh")
    (following,) = find(app, "asn-next-module")
    assert following.button_style == "primary" and find(app, "asn-retake")[0].button_style == ""
    following.click()
    assert app.state.route == "modul/contoh-dua"


def test_the_exam_has_a_question_overview_that_marks_answers_and_opens_items(app):
    sign_up(app)
    click(app, "asn-pre")
    numbers = find(app, "asn-nav-item")
    assert [b.description for b in numbers] == [str(n) for n in range(1, app.run.total + 1)]
    assert "asn-nav-current" in numbers[0]._dom_classes
    click(app, "asn-option", 0)
    numbers = find(app, "asn-nav-item")
    assert numbers[0].description == "1 ✓" and "asn-nav-answered" in numbers[0]._dom_classes
    assert "sudah dijawab" in numbers[0].tooltip and "belum dijawab" in numbers[1].tooltip
    last = app.run.total - 1
    numbers[last].click()
    assert app.state.position == last and "asn-nav-current" in find(app, "asn-nav-item")[last]._dom_classes


def test_the_early_submit_warning_and_its_buttons_sit_by_the_submit_button(app):
    sign_up(app)
    click(app, "asn-pre")
    click(app, "asn-submit-test")
    assert "belum dijawab" in local_notice(app) and app.notice.value == ""  # not at the top of the page
    submit, slot = index_on_page(app, "asn-submit-test"), index_on_page(app, "asn-local-notice")
    assert submit < slot < index_on_page(app, "asn-keep") < index_on_page(app, "asn-nav-item")
    assert index_on_page(app, "asn-option") < submit


def test_unanswered_statements_are_marked_and_counted_beside_the_submit_button(app, instrument):
    sign_up(app)
    click(app, "asn-self-open")
    radios = find(app, "asn-scale")
    for radio in radios[1:]:
        radio.index = 2
    radios[0].index = None
    click(app, "asn-self-submit")
    message = local_notice(app)
    assert "1 pernyataan" in message and "nomor 1" in message and app.notice.value == ""
    assert index_on_page(app, "asn-statement") < index_on_page(app, "asn-local-notice") < \
        index_on_page(app, "asn-self-submit")
    cards = find(app, "asn-statement")
    assert "asn-unanswered" in cards[0]._dom_classes and "asn-unanswered" not in cards[1]._dom_classes
    marked = [w.value for w in walk(cards[0]) if hasattr(w, "value") and isinstance(w.value, str)]
    assert any("⚠" in v and "Belum dijawab" in v for v in marked)  # a sign and words, not colour alone
    radios[0].index = 1
    assert "asn-unanswered" not in find(app, "asn-statement")[0]._dom_classes


def test_the_risk_profile_is_one_card_per_area_with_the_level_in_words(app, instrument):
    sign_up(app)
    click(app, "asn-self-open")
    for radio in find(app, "asn-scale"):
        radio.index = 3
    click(app, "asn-self-submit")
    profile = find(app, "asn-profile")[0].value
    assert "<table" not in profile
    cards = re.findall(r"<div class='asn-area-card asn-area-(\w+)'>", profile)
    assert len(cards) == len(instrument.areas) and set(cards) == {"high"}
    assert profile.count("<span class='asn-level asn-level-high'>Tinggi</span>") == len(instrument.areas)


def test_a_signed_pledge_keeps_its_numbered_points(app, pledges):
    sign_up(app)
    sign_pledge(app, "ikrar-netralitas")
    pledge = pledges["ikrar-netralitas"]
    shown = "".join(w.value for w in walk(app.root) if "<ol class='asn-points'>" in str(getattr(w, "value", "")))
    points = re.findall(r"<li>(.*?)</li>", shown)
    assert points == [point["id"] for point in pledge.points]
