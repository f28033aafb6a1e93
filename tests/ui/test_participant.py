"""The participant app driven in-process, widget by widget, as the browser would drive it."""

from __future__ import annotations

import html
import json
import re

from sqlalchemy import update

from asn_training.content.banks import load_catalog
from asn_training.content.bundle import Bundle
from asn_training.core import pins, scoring
from asn_training.core.scoring import best_options
from asn_training.i18n import format_date, format_number, t, today
from asn_training.services.certificates import verify
from asn_training.services.roster import import_roster as import_csv
from asn_training.store import Participant
from asn_training.ui import ParticipantApp

from ..conftest import DATA, VALID_BANKS, add_participant
from .drive import (
    JOURNEY,
    NIP,
    answer_current,
    click,
    enter,
    find,
    local_notice,
    page_state,
    pdf_text,
    sign_in,
    sign_pledge,
    sign_up,
    take_quiz,
    walk,
)

# Identification ---------------------------------------------------------------------------------------


def test_a_bad_nip_is_refused_in_the_participants_language(app):
    enter(app, nip="1986")
    assert "harus 18 angka" in app.notice.value
    app.language.value = "en"
    enter(app, nip="1986")
    assert "must have 18 digits" in app.notice.value


def test_first_visit_sets_a_pin_and_reaches_home(app, sqlite_store):
    sign_up(app)
    participant = sqlite_store.get_participant("198609262015051001")
    assert participant.name == "Rina Wulandari" and participant.pin_hash.startswith("$argon2id$")
    assert pins.pin_matches("2468", participant.pin_hash) and "2468" not in participant.pin_hash
    assert find(app, "asn-module-contoh") and find(app, "asn-test-card") and find(app, "asn-certificate-card")


def test_weak_or_mismatched_pins_are_refused(app):
    enter(app)
    click(app, "asn-first-visit")
    find(app, "asn-name")[0].value, find(app, "asn-unit")[0].value = "Rina", "Bappeda"
    for pin, again, message in (("12", "12", "4 sampai 8 angka"), ("1111", "1111", "terlalu mudah"),
                                ("2468", "2469", "tidak sama")):
        find(app, "asn-new-pin")[0].value, find(app, "asn-new-pin-again")[0].value = pin, again
        click(app, "asn-register")
        assert message in app.notice.value


def test_a_colleagues_nip_with_a_wrong_pin_opens_nothing_and_is_slowed_down(make_app, sqlite_store):
    owner = make_app()
    sign_up(owner)
    intruder = make_app()
    enter(intruder)
    for _ in range(3):
        find(intruder, "asn-pin")[0].value = "9753"
        click(intruder, "asn-sign-in")
        assert intruder.participant is None and find(intruder, "asn-pin")[0].value == ""
        assert "Rina" not in page_state(intruder)
    assert "PIN salah" in intruder.notice.value
    find(intruder, "asn-pin")[0].value = "2468"  # even the right PIN waits while the record is locked
    click(intruder, "asn-sign-in")
    assert intruder.participant is None and "Coba lagi dalam" in intruder.notice.value
    assert sqlite_store.get_participant("198609262015051001").pin_failures == 3


def test_with_a_roster_loaded_name_comes_from_it_and_strangers_are_refused(app, sqlite_store, monkeypatch):
    import_csv(sqlite_store, DATA / "rosters" / "valid_comma.csv")
    sign_up(app, name="Someone Else", unit="Elsewhere")
    participant = sqlite_store.get_participant("198609262015051001")
    assert (participant.name, participant.unit) == ("Rina Wulandari", "Bappeda")  # the roster's, not the typed
    click(app, "asn-sign-out")
    sign_up(app, nip="199001012022211001", kind="pppk", name="Sari", unit="Dinsos")
    assert "tidak ada dalam daftar pegawai" in app.notice.value and app.participant is None
    monkeypatch.setenv("ASN_TRAINING_ALLOW_UNLISTED", "1")
    click(app, "asn-register")
    participant = sqlite_store.get_participant("199001012022211001")
    assert participant.listed is False and participant.id_kind == "pppk"


def test_every_valid_number_gets_the_same_pin_step_and_no_name(make_app, sqlite_store):
    """A stranger typing numbers learns nothing: registered, listed or unknown, the page is the same."""
    import_csv(sqlite_store, DATA / "rosters" / "valid_comma.csv")
    sign_up(make_app(), nip="19860926 201505 1 001")  # registered
    pages, messages = [], []
    for nip in ("198609262015051001", "199203152020122002", "199505052020121003"):  # registered, listed, unknown
        stranger = make_app()
        enter(stranger, nip=nip)
        pages.append(re.sub(r"IPY_MODEL_\w+|\d{8} \d{6} \d \d{3}", "", page_state(stranger)))
        assert find(stranger, "asn-pin") and find(stranger, "asn-first-visit")
        assert "Rina" not in page_state(stranger) and "Ri**" not in page_state(stranger)
        for _ in range(3):
            find(stranger, "asn-pin")[0].value = "9753"
            click(stranger, "asn-sign-in")
            messages.append(stranger.notice.value)
    assert pages[0] == pages[1] == pages[2]
    assert messages[0:3] == messages[3:6] == messages[6:9]
    assert "NIP atau PIN salah" in messages[0] and "Coba lagi dalam" in messages[2]


def test_an_unknown_session_code_is_refused(app):
    enter(app, code="NOPE42")
    assert "Kode sesi NOPE42 tidak ditemukan" in app.notice.value


# Quiz -------------------------------------------------------------------------------------------------


def test_no_answer_key_reaches_the_browser_before_answering(app):
    sign_up(app)
    click(app, "asn-start")
    run = app.run
    for _ in range(run.total):
        scenario = run.module.scenario(run.answers[run.next_position].scenario_id)
        state = page_state(app)
        for option in scenario.options:
            assert option.feedback["id"] not in state
        assert scenario.explanation["id"] not in state and t("quiz.best", "id") not in state
        answer_current(app, good=True)
    assert find(app, "asn-result")
    assert "LULUS" in page_state(app)
    (attempt,) = app.store.list_attempts(status="finished")
    assert attempt.passed and attempt.percent == 100.0


def test_feedback_shows_after_answering(app):
    sign_up(app)
    click(app, "asn-start")
    scenario = app.run.module.scenario(app.run.answers[0].scenario_id)
    options = find(app, "asn-option") or find(app, "asn-choice")
    if find(app, "asn-option"):
        options[0].click()
    else:
        options[0].value = True
        click(app, "asn-submit")
    assert scenario.explanation["id"] in page_state(app) and find(app, "asn-feedback")


def test_multi_select_without_a_choice_gets_a_notice(make_app, module, monkeypatch):
    seed = next(seed for seed in range(100) if "ct-002" in {i.scenario_id for i in scoring.draw(module, seed)})
    monkeypatch.setattr("asn_training.services.attempts.secrets.randbits", lambda _bits: seed)
    app = make_app(load_catalog(VALID_BANKS))
    sign_up(app)
    click(app, "asn-start")
    while not find(app, "asn-choice"):
        answer_current(app)
    click(app, "asn-submit")
    assert "Pilih sedikitnya satu jawaban" in local_notice(app)


def test_coming_back_resumes_the_same_attempt(make_app):
    first = make_app()
    sign_up(first)
    click(first, "asn-start")
    answer_current(first)
    attempt = first.run.attempt.id
    again = make_app()  # a reload: a new kernel, a new app
    sign_in(again)
    assert again.run is not None and again.run.attempt.id == attempt and again.run.next_position == 1
    assert find(again, "asn-option") or find(again, "asn-choice")


def test_fail_then_retake_draws_a_new_attempt_and_home_shows_the_best(app):
    sign_up(app)
    click(app, "asn-start")
    while not find(app, "asn-result"):
        answer_current(app, good=False)
    assert "BELUM LULUS" in page_state(app)
    first = app.run.attempt.id
    click(app, "asn-retake")
    assert app.run.attempt.id != first
    while not find(app, "asn-result"):
        answer_current(app, good=True)
    click(app, "asn-home")
    assert "Lulus, nilai terbaik 100%" in page_state(app)


# Pre/post test ----------------------------------------------------------------------------------------


def test_pre_and_post_test_in_exam_mode_with_gain(app, in_order):
    sign_up(app)
    click(app, "asn-pre")
    run = app.run
    assert run.exam and run.attempt.kind == "pre"
    scenario = run.module.scenario(run.answers[0].scenario_id)
    click(app, "asn-option", 1)
    assert scenario.explanation["id"] not in page_state(app)  # nothing revealed in an exam
    assert not find(app, "asn-feedback")
    click(app, "asn-submit-test")
    click(app, "asn-submit-test")
    assert "belum dijawab" in local_notice(app) and not find(app, "asn-result")
    assert len(find(app, "asn-submit-anyway")) == 1
    click(app, "asn-submit-anyway")
    assert find(app, "asn-result")
    pre = app.run.attempt.percent
    click(app, "asn-home")
    take_quiz(app, "contoh")
    click(app, "asn-home")
    take_quiz(app, "contoh-dua")
    click(app, "asn-home")
    click(app, "asn-post")
    assert app.run.attempt.kind == "post"
    assert {s.form for s in (app.run.module.scenario(a.scenario_id) for a in app.run.answers)} == {"post"}
    for position in range(app.run.total):
        scenario = app.run.module.scenario(app.run.answers[position].scenario_id)
        order = [oid for oid, _ in app.run.item(position).options]
        click(app, "asn-option", order.index(best_options(scenario)[0]))
        if position + 1 < app.run.total:
            click(app, "asn-next")
    click(app, "asn-submit-test")
    assert find(app, "asn-result")
    assert f"peningkatan {format_number(100 - pre, 'id', signed=True)} poin" in page_state(app)


def test_the_post_test_waits_for_the_pre_test(app):
    sign_up(app)
    app.guard(lambda: app.start_test("post"))()
    assert "pre-test terlebih dahulu" in app.notice.value


def module_start(app, module_id: str):
    card = find(app, f"asn-module-{module_id}")[0]
    return next(w for w in walk(card) if "asn-start" in getattr(w, "_dom_classes", ()))


def test_home_shows_the_programmes_order_and_why_a_step_waits(app, in_order):
    sign_up(app)
    assert "Kerjakan pre-test dulu" in page_state(app) and module_start(app, "contoh").disabled
    app.guard(lambda: app.start_quiz("contoh"))()  # a tap that slips past the disabled button is refused too
    assert "Kerjakan pre-test dulu" in app.notice.value and app.run is None
    click(app, "asn-pre")
    click(app, "asn-submit-test")
    click(app, "asn-submit-anyway")
    click(app, "asn-home")
    assert not module_start(app, "contoh").disabled and "Kerjakan pre-test dulu" not in page_state(app)
    post = find(app, "asn-post")[0]
    assert post.disabled and "setelah semua modul wajib lulus (0 dari 2 sudah lulus)" in page_state(app)
    app.language.value = "en"
    assert "(0 of 2 passed so far)" in page_state(app)


def test_an_agency_may_let_modules_come_before_the_pre_test(app):
    sign_up(app)  # ASN_TRAINING_ORDER=bebas (tests/ui/conftest.py)
    assert not module_start(app, "contoh").disabled and "pre-test dulu" not in page_state(app)
    take_quiz(app, "contoh")
    assert find(app, "asn-result")


def test_a_non_asn_employee_signs_the_non_asn_pakta(app, sqlite_store, pledges):
    sign_up(app, nip="na-0007", kind="non_asn", name="Budi Santoso")
    assert find(app, "asn-pledge-pakta-integritas-non-asn") and not find(app, "asn-pledge-pakta-integritas")
    assert pledges["pakta-integritas"].title["id"] not in page_state(app)
    assert pledges["pakta-integritas-non-asn"].title["id"] in page_state(app)
    sign_pledge(app, "pakta-integritas-non-asn", name="Budi Santoso")
    click(app, "asn-home")
    assert app.progress().missing == ["contoh", "contoh-dua", "ikrar-netralitas-non-asn"]


# Material, self-assessment, pledges, certificate -------------------------------------------------------


def test_material_is_rendered_offline_with_raw_html_inert(make_app):
    app = make_app(load_catalog(DATA / "banks" / "material_raw_html"))
    sign_up(app)
    click(app, "asn-material-open")
    page = find(app, "asn-material-page")[0].value
    assert "<h2>Materi contoh</h2>" in page  # Markdown headings and tables render
    assert "<th>Pasal</th>" in page and "<td>ASN netral</td>" in page
    for raw in ("<script", "<img", "<b>tebal"):  # raw HTML in the material is text, never markup
        assert raw not in page, raw
    assert "&lt;script&gt;" in page and "&lt;img src=x onerror=alert(1)&gt;" in page and "&lt;b&gt;tebal" in page


def test_self_assessment_profile_is_private_and_recommends_modules(app, sqlite_store, instrument):
    sign_up(app)
    click(app, "asn-self-open")
    radios = find(app, "asn-scale")
    assert len(radios) == len(instrument.statements)
    radios[0].value = 3
    click(app, "asn-self-submit")
    assert "belum dijawab" in local_notice(app)
    for radio in radios:
        radio.index = 3
    click(app, "asn-self-submit")
    state = page_state(app)
    assert "Tinggi" in state and "Modul contoh" in state and "Hanya Anda" in state
    stored = sqlite_store.latest_self_assessment(app.participant.id)
    assert stored.instrument_version == "test-1" and len(json.loads(stored.answers)) == len(instrument.statements)


def test_pledge_needs_every_point_and_the_registered_name(app, sqlite_store, pledges):
    sign_up(app)
    click(app, "asn-pledge-ikrar-netralitas")
    click(app, "asn-sign")
    assert "Centang setiap butir" in local_notice(app)
    sign_pledge(app, "ikrar-netralitas", name="Budi")
    assert "Rina Wulandari" in local_notice(app)
    sign_pledge(app, "ikrar-netralitas")
    (signature,) = sqlite_store.list_signatures(app.participant.id)
    assert signature.text_hash == pledges["ikrar-netralitas"].digest and signature.text_version == "test-1"
    text = pdf_text(app)
    assert signature.code in text and "Rina Wulandari" in text and "Butir 1 – netral." in text


def test_certificate_after_modules_and_pledges(app, sqlite_store, monkeypatch):
    sign_up(app)
    assert find(app, "asn-certificate-open")[0].disabled
    for module_id in ("contoh", "contoh-dua"):
        take_quiz(app, module_id)
        click(app, "asn-home")
    sign_pledge(app, "ikrar-netralitas")
    sign_pledge(app, "pakta-integritas")
    click(app, "asn-home")
    assert not find(app, "asn-certificate-open")[0].disabled
    click(app, "asn-certificate-open")
    text = pdf_text(app)
    certificate = sqlite_store.get_certificate(participant_id=app.participant.id)
    assert "Rina Wulandari" in text and "19860926 201505 1 001" in text and certificate.code in text
    assert verify(sqlite_store, certificate.code.lower())["name"] == "Rina Wulandari"


# Robustness -------------------------------------------------------------------------------------------


def test_markup_in_a_name_is_refused_at_registration(app, sqlite_store):
    sign_up(app, name="<img src=x onerror=alert(1)>")
    assert html.escape(t("identify.markup", "id")) in page_state(app)
    assert sqlite_store.get_participant("198609262015051001") is None


def test_markup_in_a_stored_name_is_escaped(app, sqlite_store):
    """Defence in depth: a name that reached the database by another way is still shown as text."""
    add_participant(sqlite_store, name="<img src=x onerror=alert(1)>")
    with sqlite_store.transaction() as s:
        s.execute(update(Participant).values(pin_hash=pins.hash_pin("2468")))
    sign_in(app)
    state = page_state(app)
    assert "<img src=x" not in state and "&lt;img src=x" in state


def test_switching_language_rerenders_and_is_remembered(make_app, sqlite_store):
    app = make_app()
    sign_up(app)
    assert "Beranda" in page_state(app)
    app.language.value = "en"
    assert "Home" in page_state(app) and "Beranda" not in page_state(app)
    assert sqlite_store.get_participant("198609262015051001").lang == "en"
    again = make_app()
    sign_in(again)
    assert again.lang == "en"


def test_an_unexpected_error_becomes_a_friendly_notice(app, monkeypatch):
    sign_up(app)

    def broken(*_args, **_kwargs):
        raise RuntimeError("database exploded")

    monkeypatch.setattr("asn_training.services.attempts.QuizRun.resume", broken)
    click(app, "asn-start")
    assert "Maaf, terjadi kesalahan" in app.notice.value
    assert "exploded" not in page_state(app) and "Traceback" not in page_state(app)


def test_startup_failure_shows_a_notice_not_a_traceback(monkeypatch, tmp_path):
    monkeypatch.setenv("ASN_TRAINING_DB", f"sqlite:///{tmp_path / 'empty.sqlite'}")
    monkeypatch.delenv("ASN_TRAINING_STRICT")
    app = ParticipantApp.from_environment()
    assert "Aplikasi belum siap digunakan" in page_state(app)


def test_query_string_chooses_language_and_session(monkeypatch):
    monkeypatch.setenv("QUERY_STRING", "lang=en&sesi=abc123")
    monkeypatch.setenv("ASN_TRAINING_QUIZZES", str(JOURNEY))
    app = ParticipantApp.from_environment()
    assert app.lang == "en" and "ASN Neutrality Training" in page_state(app)
    assert find(app, "asn-session")[0].value == "ABC123"


def test_a_reloaded_exam_opens_at_its_first_unanswered_item(make_app):
    first = make_app()
    sign_up(first)
    click(first, "asn-pre")
    click(first, "asn-option", 0)
    again = make_app()
    sign_in(again)
    assert again.run.exam and again.run.attempt.id == first.run.attempt.id
    assert "Skenario 2 dari 2" in page_state(again) and "1 terjawab" in page_state(again)


def test_an_unexpected_startup_failure_shows_a_generic_notice(monkeypatch):
    monkeypatch.delenv("ASN_TRAINING_STRICT")

    def broken():
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("asn_training.content.bundle.load_bundle", broken)
    app = ParticipantApp.from_environment()
    assert "Aplikasi belum siap digunakan" in page_state(app) and "disk on fire" not in page_state(app)


def test_a_session_code_joins_the_trainers_session(app, sqlite_store):
    from asn_training.store import LiveSession, SessionMember

    with sqlite_store.transaction() as s:
        s.add(LiveSession(code="KORPRI1", title="Apel Korpri Bappeda", module_id="contoh"))
    find(app, "asn-kind")[0].value = "pns"
    find(app, "asn-nip")[0].value = NIP
    find(app, "asn-session")[0].value = "korpri1"
    click(app, "asn-identify")
    click(app, "asn-first-visit")
    find(app, "asn-name")[0].value, find(app, "asn-unit")[0].value = "Rina", "Bappeda"
    find(app, "asn-new-pin")[0].value = find(app, "asn-new-pin-again")[0].value = "2468"
    click(app, "asn-register")
    assert "Sesi KORPRI1: Apel Korpri Bappeda" in page_state(app)
    click(app, "asn-start")
    with sqlite_store.reading() as s:
        (member,) = s.query(SessionMember).all()
    assert member.participant_id == app.participant.id
    assert app.run.attempt.session_id is not None


def test_a_new_pledge_wording_must_be_signed_again(make_app, sqlite_store, pledges, instrument):
    import dataclasses

    app = make_app()
    sign_up(app)
    sign_pledge(app, "ikrar-netralitas")
    click(app, "asn-home")
    assert f"ditandatangani {format_date(today(), 'id')}" in page_state(app)
    reworded = dict(pledges, **{"ikrar-netralitas": dataclasses.replace(pledges["ikrar-netralitas"], version="2")})
    again = ParticipantApp(sqlite_store, Bundle(load_catalog(JOURNEY), reworded, instrument))
    sign_in(again)
    assert "ikrar-netralitas" in again.progress().missing
    click(again, "asn-pledge-ikrar-netralitas")
    assert find(again, "asn-ack")  # the form again, not the old receipt
