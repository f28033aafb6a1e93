"""The participant app driven in-process, widget by widget, as the browser would drive it."""

from __future__ import annotations

import json

import ipywidgets as widgets
import pytest

from asn_training import scoring
from asn_training.i18n import t
from asn_training.scoring import best_options
from asn_training.ui import ParticipantApp

from .conftest import VALID_BANKS


def walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)


def find(app: ParticipantApp, css: str) -> list:
    return [w for w in walk(app.root) if css in getattr(w, "_dom_classes", ())]


def page_state(app: ParticipantApp) -> str:
    """Everything the browser holds for the page: the synced state of every displayed widget."""
    return json.dumps([w.get_state() for w in walk(app.root)], ensure_ascii=False, default=str)


def identify(app: ParticipantApp, nip="19860926 201505 1 001", name="Rina", unit="Bappeda", kind="pns"):
    find(app, "asn-kind")[0].value = kind
    find(app, "asn-nip")[0].value = nip
    find(app, "asn-name")[0].value = name
    find(app, "asn-unit")[0].value = unit
    find(app, "asn-identify")[0].click()


@pytest.fixture
def app(sqlite_store, catalog):
    return ParticipantApp(sqlite_store, catalog)


def test_identify_validates_the_nip_in_the_participants_language(app):
    identify(app, nip="1986")
    assert "harus 18 angka" in app.notice.value
    app.language.value = "en"
    identify(app, nip="1986")
    assert "must have 18 digits" in app.notice.value
    assert not find(app, "asn-start")


def test_identify_creates_the_participant_and_lists_modules(app, sqlite_store):
    identify(app)
    assert app.notice.value == ""
    assert sqlite_store.get_participant("198609262015051001").name == "Rina"
    assert len(find(app, "asn-start")) == 1


def test_markup_in_names_is_escaped(app):
    identify(app, name="<img src=x onerror=alert(1)>")
    state = page_state(app)
    assert "<img src=x" not in state and "&lt;img src=x" in state


def test_no_answer_key_reaches_the_browser_before_answering(app, catalog):
    identify(app)
    find(app, "asn-start")[0].click()
    run = app.run
    for position in range(run.total):
        scenario = run.module.scenario(run.answers[position].scenario_id)
        state = page_state(app)
        for option in scenario.options:
            assert option.feedback["id"] not in state
        assert scenario.explanation["id"] not in state
        assert t("quiz.best", "id") not in state
        best = set(best_options(scenario))
        if scenario.scoring == "multi":
            for box, (oid, _text) in zip(find(app, "asn-choice"), run.item(position).options, strict=True):
                box.value = oid in best
            find(app, "asn-submit")[0].click()
        else:
            order = [oid for oid, _ in run.item(position).options]
            find(app, "asn-option")[order.index(sorted(best)[0])].click()
        state = page_state(app)
        assert scenario.explanation["id"] in state  # feedback shown once answered
        assert "Tepat!" in state
        find(app, "asn-next")[0].click()
    assert find(app, "asn-result")
    assert "LULUS" in page_state(app) and "100%" in page_state(app)
    (attempt,) = app.store.list_attempts(status="finished")
    assert attempt.passed and attempt.percent == 100.0


def test_multi_select_without_a_choice_gets_a_notice(app, module, monkeypatch):
    seed = next(seed for seed in range(100) if "ct-002" in {i.scenario_id for i in scoring.draw(module, seed)})
    monkeypatch.setattr("asn_training.quiz.secrets.randbits", lambda _bits: seed)
    identify(app)
    find(app, "asn-start")[0].click()
    run = app.run
    for position in range(run.total):
        if run.item(position).multi:
            break
        find(app, "asn-option")[0].click()
        find(app, "asn-next")[0].click()
    find(app, "asn-submit")[0].click()
    assert "Pilih sedikitnya satu jawaban" in app.notice.value


def finish_quiz(app: ParticipantApp) -> None:
    """Answer every item with the first option shown (or the first box), until the result page."""
    while not find(app, "asn-result"):
        options = find(app, "asn-option")
        if options:
            options[0].click()
        else:
            find(app, "asn-choice")[0].value = True
            find(app, "asn-submit")[0].click()
        find(app, "asn-next")[0].click()


def test_retake_draws_a_new_attempt_and_back_shows_the_best_score(app):
    identify(app)
    find(app, "asn-start")[0].click()
    finish_quiz(app)
    first = app.run.attempt
    find(app, "asn-retake")[0].click()
    assert app.run.attempt.id != first.id and app.run.next_position == 0
    finish_quiz(app)
    best = max(a.percent for a in app.store.list_attempts(status="finished"))
    find(app, "asn-back")[0].click()
    state = page_state(app)
    assert f"{best:g}%" in state
    assert ("Lulus, nilai terbaik" if best >= 70 else "(belum lulus)") in state


def test_switching_language_rerenders_the_page(app):
    identify(app)
    assert "Pilih modul" in page_state(app)
    app.language.value = "en"
    assert "Choose a module" in page_state(app) and "Pilih modul" not in page_state(app)


def test_an_unexpected_error_becomes_a_friendly_notice(app, monkeypatch):
    identify(app)

    def broken(*_args, **_kwargs):
        raise RuntimeError("database exploded")

    monkeypatch.setattr("asn_training.quiz.QuizRun.resume", broken)
    find(app, "asn-start")[0].click()
    assert "Maaf, terjadi kesalahan" in app.notice.value
    assert "exploded" not in page_state(app) and "Traceback" not in page_state(app)


def test_startup_failure_shows_a_notice_not_a_traceback(monkeypatch, tmp_path):
    monkeypatch.setenv("ASN_TRAINING_DB", f"sqlite:///{tmp_path / 'empty.sqlite'}")
    monkeypatch.delenv("ASN_TRAINING_STRICT")
    app = ParticipantApp.from_environment()
    assert "Aplikasi belum siap digunakan" in page_state(app)
    assert isinstance(app.widget(), widgets.VBox)


def test_query_string_chooses_the_language(monkeypatch):
    monkeypatch.setenv("QUERY_STRING", "lang=en&sesi=ABC123")
    monkeypatch.setenv("ASN_TRAINING_QUIZZES", str(VALID_BANKS))
    app = ParticipantApp.from_environment()
    assert app.lang == "en" and "ASN Neutrality Training" in page_state(app)
