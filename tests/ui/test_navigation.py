"""Moving around the participant app: every page has an address, Back and Forward and reloads reach pages inside
the app, only one's own data opens, widgets do not pile up, and a language switch keeps the page as it is."""

from __future__ import annotations

from asn_training.i18n import t
from asn_training.ui.kit.router import live_widgets

from .drive import (
    NIP,
    browser_asks,
    click,
    find,
    location,
    page_state,
    shown_scenario,
    sign_in,
    sign_up,
    take_quiz,
    tap,
    walk,
)


def test_widgets_do_not_pile_up_page_after_page(make_app):
    before = live_widgets()
    app = make_app()
    sign_up(app)
    at_home = live_widgets() - before
    for number in range(5):
        take_quiz(app, ("contoh", "contoh-dua")[number % 2])
        click(app, "asn-home")
    on_page = len(list(walk(app.root)))
    held = live_widgets() - before
    assert held < 3 * on_page + 30, (held, on_page)  # widgets, their layouts and styles, a few spare buttons
    assert held <= at_home + 10  # five quizzes later the kernel holds what it held at the first home page


def test_every_page_has_an_address_and_a_history_entry(app):
    assert location(app) == ("", "replace")  # the sign-in page keeps whatever address the browser has
    sign_up(app)
    assert location(app) == ("beranda", "replace")  # the sign-in leaves no entry of its own
    click(app, "asn-material-open")
    assert location(app) == ("modul/contoh", "push")
    click(app, "asn-start")
    assert location(app) == ("kuis/contoh", "push")
    while not find(app, "asn-result"):
        tap(app)
        click(app, "asn-next")
    assert location(app) == (f"hasil/{app.run.attempt.id}", "push")
    click(app, "asn-home")
    for css, address in (("asn-self-open", "penilaian"), ("asn-pledge-ikrar-netralitas", "ikrar/ikrar-netralitas"),
                         ("asn-pre", "tes/pre")):
        if find(app, "asn-home"):
            click(app, "asn-home")
        click(app, css)
        assert location(app) == (address, "push")


def test_back_and_forward_open_the_pages_of_their_addresses(app):
    sign_up(app)
    click(app, "asn-material-open")
    click(app, "asn-start")
    browser_asks(app, "modul/contoh")  # Back
    assert find(app, "asn-material-page") and location(app) == ("modul/contoh", "replace")
    browser_asks(app, "beranda")  # Back again
    assert find(app, "asn-test-card") and location(app) == ("beranda", "replace")
    browser_asks(app, "modul/contoh")  # Forward
    browser_asks(app, "kuis/contoh")  # Forward again: the same open attempt, at its first unanswered item
    assert find(app, "asn-option") or find(app, "asn-choice")
    assert len(app.store.list_attempts(app.participant.id)) == 1


def test_an_address_opened_before_sign_in_opens_after_it(make_app):
    first = make_app()
    sign_up(first)
    again = make_app()  # a reload on #modul/contoh: a new kernel, the address from the browser
    browser_asks(again, "modul/contoh")
    assert find(again, "asn-nip") and not find(again, "asn-material-page")
    assert "Materi contoh" not in page_state(again)
    sign_in(again)
    assert find(again, "asn-material-page") and location(again) == ("modul/contoh", "replace")


def test_the_sign_in_page_keeps_what_was_typed_when_the_browser_asks_for_an_address(app):
    find(app, "asn-nip")[0].value = NIP
    browser_asks(app, "beranda")
    assert find(app, "asn-nip")[0].value == NIP


def test_another_persons_attempt_is_not_shown_and_goes_home_with_a_notice(make_app):
    other = make_app()
    sign_up(other, nip="19871212 201001 1 002", name="Budi Santoso", unit="Inspektorat", pin="8642")
    take_quiz(other, "contoh")
    theirs = other.run.attempt.id
    app = make_app()
    sign_up(app)
    for address in (f"hasil/{theirs}", "hasil/99999", "hasil/abc"):
        browser_asks(app, address)
        assert find(app, "asn-test-card") and location(app) == ("beranda", "replace")
        assert t("route.not_yours", "id") in app.notice.value
        assert "Budi" not in page_state(app) and not find(app, "asn-result")


def test_an_address_that_does_not_exist_goes_home_with_a_notice(app):
    sign_up(app)
    for address in ("rahasia", "modul/tidak-ada", "ikrar/tidak-ada", "tes/tengah", "../../etc/passwd",
                    "modul/<script>"):
        browser_asks(app, address)
        assert find(app, "asn-test-card"), address
        assert app.notice.value and "<script>" not in app.notice.value


def test_back_to_a_finished_quiz_opens_its_module_not_a_new_attempt(app):
    sign_up(app)
    take_quiz(app, "contoh")
    browser_asks(app, "kuis/contoh")
    assert find(app, "asn-material-page") and location(app) == ("modul/contoh", "replace")
    assert len(app.store.list_attempts(app.participant.id)) == 1


def test_back_to_the_sign_in_address_while_signed_in_stays_home(app):
    sign_up(app)
    browser_asks(app, "")
    assert find(app, "asn-test-card") and not find(app, "asn-nip")


def test_switching_language_on_feedback_keeps_the_same_item(app):
    sign_up(app)
    click(app, "asn-start")
    scenario = shown_scenario(app)
    tap(app, good=False)
    app.language.value = "en"
    assert find(app, "asn-feedback") and app.state.position == 0  # item 1 and its feedback, not item 2
    feedback = find(app, "asn-feedback")[0].value
    assert scenario.explanation.get("en", scenario.explanation["id"]) in feedback
    assert t("quiz.explanation", "en") in feedback and t("quiz.legal_basis", "en") in feedback
    assert t("quiz.explanation", "id") not in feedback
    assert "Scenario 1 of" in page_state(app) and find(app, "asn-next")[0].description == t("quiz.next", "en")


def test_switching_language_keeps_what_was_ticked_and_typed(app):
    sign_up(app)
    click(app, "asn-pledge-ikrar-netralitas")
    find(app, "asn-ack")[0].value = True
    find(app, "asn-sign-name")[0].value = "Rina Wulandari"
    app.language.value = "en"
    assert find(app, "asn-ack")[0].value and find(app, "asn-sign-name")[0].value == "Rina Wulandari"
    assert find(app, "asn-ack")[0].description.startswith("1. Point")
