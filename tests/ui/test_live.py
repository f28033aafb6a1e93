"""The participant's page in a led session, in-process: it follows the trainer when its poller ticks (the tests call
the poll function directly), takes one answer per scenario, keeps the answer key out of the browser until the
reveal, and lands on the scenario on screen after a reload."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest
from ipywidgets.widgets.widget import _instances

from asn_training.services import live, session_results
from asn_training.ui.kit.poller import Poller
from asn_training.ui.kit.router import live_widgets
from asn_training.ui.participant.live import LivePage

from ..services.test_live import add_staff
from .drive import NIP, click, enter, find, local_notice, page_state, sign_up, walk

# What only the reveal may show of ct-001 (options a, b, c; b is right) and ct-002 (multi: a and b right).
ANSWER_KEY = ("Tepat: tidak memberi tanda dukungan", "Menyukai unggahan calon adalah bentuk dukungan",
              "Membagikan berarti ikut menyebarkan kampanye", "ASN dilarang memberi dukungan",
              "jawaban terbaik", "Tepat!", "Belum tepat", "✔", "Stiker dukungan adalah bentuk keberpihakan",
              "Bergabung dengan grup pemenangan dilarang", "Tetap netral")


@pytest.fixture(autouse=True)
def no_background_polling(monkeypatch):
    """The tests tick the poll themselves: a started poller schedules nothing."""
    monkeypatch.setattr(Poller, "start", lambda self, loop=None: self)


@pytest.fixture
def trainer(sqlite_store, journey_catalog):
    """A led session on ct-001 (single), ct-002 (multi), ct-003 (weighted); moves it as the trainer's screen does."""
    state = live.create_session(sqlite_store, journey_catalog, staff_id=add_staff(sqlite_store), title="Apel Korpri",
                                held_on=date(2026, 11, 17), place="Aula", unit="Bappeda", content="contoh",
                                scenario_ids=["ct-001", "ct-002", "ct-003"], mode="dipandu", seconds=None,
                                expected=None)

    read, advance, reveal, close = live.get, live.advance, live.reveal, live.close  # the trainer's own kernel

    class Trainer:
        code = state.code
        id = state.id

        def now(self):
            return read(sqlite_store, state.id)

        def advance(self):
            return advance(sqlite_store, state.id, self.now().revision, actor="staff:pelatih1")

        def reveal(self):
            return reveal(sqlite_store, state.id, self.now().revision, actor="staff:pelatih1")

        def close(self):
            return close(sqlite_store, state.id, self.now().revision, actor="staff:pelatih1")

    return Trainer()


def join(app, code: str, nip: str = NIP) -> None:
    """A first visit with the session's code: NIP, code, a new PIN."""
    enter(app, nip=nip, code=code)
    click(app, "asn-first-visit")
    find(app, "asn-name")[0].value, find(app, "asn-unit")[0].value = "Rina Wulandari", "Bappeda"
    find(app, "asn-new-pin")[0].value = find(app, "asn-new-pin-again")[0].value = "2468"
    click(app, "asn-register")


def tick(app) -> None:
    page = app.router.page
    assert isinstance(page, LivePage)
    page.poll()


def option_labels(app) -> list[str]:
    return [b.description for b in find(app, "asn-option")]


def test_the_page_follows_the_trainer_from_lobby_to_close(app, trainer):
    join(app, trainer.code)
    assert isinstance(app.router.page, LivePage) and app.state.route == "sesi"
    assert "Tunggu pelatih memulai sesi" in page_state(app) and not find(app, "asn-option")
    page = app.router.page
    trainer.advance()
    tick(app)
    assert app.router.page is page  # the same page, its widgets updated
    assert "Seorang calon mengunggah foto kampanye." in page_state(app) and "Skenario 1 dari 3" in page_state(app)
    assert option_labels(app) == ["A. Menyukai unggahan itu.", "B. Tidak bereaksi.", "C. Membagikannya ke grup kantor."]
    click(app, "asn-option", 1)
    assert "Jawaban terkirim" in page_state(app)
    assert all(b.disabled for b in find(app, "asn-option"))
    assert "asn-selected" in find(app, "asn-option")[1]._dom_classes
    trainer.reveal()
    tick(app)
    state = page_state(app)
    assert "Tepat!" in state and "ASN dilarang memberi dukungan di media sosial." in state
    assert "Dasar hukum" in state and "B. Tidak bereaksi." in state and "Tetap netral" not in state  # no trainer notes
    assert not find(app, "asn-option")
    trainer.advance()
    tick(app)
    assert "Anda dimasukkan ke grup WhatsApp pemenangan." in page_state(app)
    assert [b.description for b in find(app, "asn-choice")] == \
        ["A. Keluar dari grup.", "B. Tidak menanggapi pesan di grup.", "C. Mengirim stiker jempol."]
    assert "Tepat!" not in page_state(app)  # the previous reveal is gone from the browser
    trainer.close()
    tick(app)
    assert "Sesi ini sudah ditutup oleh pelatih" in page_state(app) and find(app, "asn-home")
    assert not find(app, "asn-choice") and not find(app, "asn-option")
    click(app, "asn-home")
    assert app.state.route == "beranda"


def held(app, since: set) -> str:
    """What the browser holds: the widgets on screen and every widget opened since ``since`` that is still open,
    on screen or not (a widget off screen is synced to the browser all the same)."""
    shown = list(walk(app.root)) + [w for key, w in list(_instances.items()) if key not in since]
    return json.dumps([w.get_state() for w in shown], ensure_ascii=False, default=str)


def test_no_answer_key_in_any_widget_before_the_reveal(app, trainer):
    since = set(_instances)
    join(app, trainer.code)
    app.language.value = "en"
    app.language.value = "id"  # both languages drawn: nothing stays behind in either
    for _scenario in range(2):
        trainer.advance()
        tick(app)
        before = held(app, since)
        assert "Skenario" in before and not [key for key in ANSWER_KEY if key in before]
        if find(app, "asn-option"):
            click(app, "asn-option", 0)
        else:
            find(app, "asn-choice")[2].value = True
            click(app, "asn-submit")
        after = held(app, since)
        assert "Jawaban terkirim" in after and not [key for key in ANSWER_KEY if key in after]
        trainer.reveal()
        tick(app)
        assert "Belum tepat" in page_state(app)  # A for ct-001, C for ct-002: both wrong


def test_one_answer_per_scenario_a_second_tap_changes_nothing(app, trainer, sqlite_store):
    join(app, trainer.code)
    trainer.advance()
    tick(app)
    click(app, "asn-option", 0)
    find(app, "asn-option")[2].click()  # a tap that arrives after the first was sent
    assert live.my_answer(sqlite_store, trainer.id, app.participant.id, "ct-001") == ("a",)
    assert local_notice(app) == "" and app.notice.value == ""


def test_an_answer_after_the_reveal_is_refused_and_the_reveal_shown(app, trainer):
    join(app, trainer.code)
    trainer.advance()
    tick(app)
    trainer.reveal()  # the page has not polled yet
    click(app, "asn-option", 1)
    assert "sudah dibuka pelatih" in local_notice(app) + app.notice.value
    assert "Anda tidak menjawab skenario ini" in page_state(app) and "ASN dilarang memberi dukungan" in page_state(app)


def test_a_reload_lands_on_the_scenario_on_screen_with_the_answer_sent(make_app, trainer):
    first = make_app()
    join(first, trainer.code)
    trainer.advance()
    tick(first)
    click(first, "asn-option", 1)
    reloaded = make_app(session_code=trainer.code)  # the address still holds ?sesi=<code>
    assert find(reloaded, "asn-session")[0].value == trainer.code
    find(reloaded, "asn-nip")[0].value = NIP
    click(reloaded, "asn-identify")
    find(reloaded, "asn-pin")[0].value = "2468"
    click(reloaded, "asn-sign-in")
    assert isinstance(reloaded.router.page, LivePage)
    assert "Seorang calon mengunggah foto kampanye." in page_state(reloaded)
    assert "Jawaban terkirim" in page_state(reloaded) and all(b.disabled for b in find(reloaded, "asn-option"))
    trainer.reveal()
    trainer.advance()
    late = make_app(session_code=trainer.code)  # a late joiner lands on the second scenario
    join(late, trainer.code, nip="199001012015032002")
    assert "Anda dimasukkan ke grup WhatsApp pemenangan." in page_state(late)


def test_a_poll_without_a_change_reads_one_number_and_rebuilds_nothing(app, trainer, monkeypatch):
    join(app, trainer.code)
    trainer.advance()
    tick(app)
    widgets_before = live_widgets()
    reads = []
    real_get = live.get
    monkeypatch.setattr(live, "get", lambda *args: reads.append(args) or real_get(*args))
    for _ in range(3):
        tick(app)
    assert reads == [] and live_widgets() == widgets_before
    trainer.reveal()
    tick(app)
    trainer.advance()
    trainer.advance()
    tick(app)
    assert len(reads) == 2
    assert live_widgets() == widgets_before  # from one single-choice scenario to the next: the same widgets


def test_the_poller_stops_once_the_session_is_closed(app, trainer):
    join(app, trainer.code)
    page = app.router.page
    stopped = []
    page.poller.stop = lambda: stopped.append(True)
    trainer.close()
    tick(app)
    assert stopped == [True]


def test_home_offers_the_way_back_to_a_led_session(app, trainer):
    join(app, trainer.code)
    app.navigate("beranda")
    click(app, "asn-live-open")
    assert isinstance(app.router.page, LivePage)


def test_a_self_paced_session_keeps_the_usual_pages(app, sqlite_store, journey_catalog):
    state = live.create_session(sqlite_store, journey_catalog, staff_id=add_staff(sqlite_store), title="Mandiri",
                                held_on=None, place="", unit="", content="contoh", scenario_ids=None, mode="mandiri",
                                seconds=None, expected=None)
    join(app, state.code)
    assert app.state.route == "beranda" and not find(app, "asn-live-open")
    app.navigate("sesi")
    assert app.state.route == "beranda"
    click(app, "asn-start")
    assert app.run.attempt.session_id == state.id and app.run.attempt.kind == "quiz"


def test_the_live_page_needs_a_led_session(app):
    sign_up(app)
    app.navigate("sesi")
    assert app.state.route == "beranda"


def test_the_page_switches_language_in_place(app, trainer):
    join(app, trainer.code)
    trainer.advance()
    tick(app)
    app.language.value = "en"
    assert option_labels(app)[0] == "A. Like the post." and "Scenario 1 of 3" in page_state(app)



def test_a_closed_session_takes_no_more_members_or_attempts(app, make_app, sqlite_store, journey_catalog):
    """Pages opened while the session was open: once the trainer closes it, a sign-in does not join it and a quiz
    started in a tab that joined it is not tagged with it (the closed session's summary and export stay as they
    were)."""
    state = live.create_session(sqlite_store, journey_catalog, staff_id=add_staff(sqlite_store), title="Mandiri",
                                held_on=None, place="", unit="", content="contoh", scenario_ids=None, mode="mandiri",
                                seconds=None, expected=None)
    join(app, state.code)
    late = make_app(session_code=state.code)
    enter(late, nip="199001012015032002", code=state.code)  # the code is checked while the session is open
    live.close(sqlite_store, state.id, None, actor="cli")
    click(app, "asn-start")
    assert app.run.attempt.session_id is None
    click(late, "asn-first-visit")
    find(late, "asn-name")[0].value, find(late, "asn-unit")[0].value = "Budi Santoso", "Bappeda"
    find(late, "asn-new-pin")[0].value = find(late, "asn-new-pin-again")[0].value = "2468"
    click(late, "asn-register")
    assert late.signed_in
    progress = session_results.progress(sqlite_store, journey_catalog, state.id)
    assert (progress.joined, progress.started) == (1, 0)


def test_a_scenario_no_longer_in_the_banks_is_told_and_the_next_one_shown(app, trainer, journey_catalog):
    """This kernel loaded the banks after the scenario on screen left them: the page says so and follows on."""
    module = journey_catalog.module("contoh")
    app.catalog = replace(journey_catalog, modules=tuple(
        replace(m, scenarios=tuple(s for s in m.scenarios if s.id != "ct-001")) if m is module else m
        for m in journey_catalog.modules))
    join(app, trainer.code)
    trainer.advance()
    tick(app)
    assert "Skenario ini tidak lagi tersedia di bank skenario" in page_state(app) and not find(app, "asn-option")
    trainer.reveal()
    tick(app)
    assert "Skenario ini tidak lagi tersedia di bank skenario" in page_state(app)
    trainer.advance()
    tick(app)
    assert "Anda dimasukkan ke grup WhatsApp pemenangan." in page_state(app) and find(app, "asn-choice")


def test_between_moves_a_poll_asks_the_database_nothing(app, trainer, sqlite_store):
    from sqlalchemy import event

    join(app, trainer.code)
    trainer.advance()
    tick(app)
    statements: list[str] = []
    event.listen(sqlite_store.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    for _ in range(8):  # two seconds of a quiet hall
        tick(app)
    assert statements == []
    trainer.reveal()
    tick(app)
    assert statements, "the beacon rang: the page reads the session"
    assert "ASN dilarang memberi dukungan di media sosial." in page_state(app)


def test_a_move_the_beacon_does_not_carry_is_seen_on_the_pages_own_beat(app, trainer, monkeypatch):
    join(app, trainer.code)
    monkeypatch.setattr(live, "_ring", lambda store, session_id: None)  # a trainer on another server
    trainer.advance()
    tick(app)
    assert "Tunggu pelatih memulai sesi" in page_state(app)
    app.router.page.watch.at = 0  # the page's own beat is due
    tick(app)
    assert "Seorang calon mengunggah foto kampanye." in page_state(app)
