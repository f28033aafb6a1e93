"""Trainers' live sessions on both databases: creating, moving the room, answering, summing up, exporting."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import openpyxl
import pandas as pd
import pytest

from asn_training.core import live as rules
from asn_training.errors import InvalidInput
from asn_training.services import live, session_results, sessions
from asn_training.services.attempts import QuizRun
from asn_training.store import Answer, AuditEntry, StaffAccount

from ..conftest import add_participant

NIPS = ("198609262015051001", "199001012015032002", "198512312010011003")


def add_staff(store, username: str = "pelatih1") -> int:
    with store.transaction() as s:
        staff = StaffAccount(username=username, display_name="Pelatih Satu", password_hash="-", role="pelatih")
        s.add(staff)
    return staff.id


def create(store, catalog, staff_id: int, *, content="contoh", scenario_ids=("ct-001", "ct-002", "ct-003"),
           mode="dipandu", title="Apel Korpri", **options) -> live.SessionState:
    values = {"held_on": date(2026, 11, 17), "place": "Aula Bappeda", "unit": "Bappeda", "seconds": None,
              "expected": 3} | options
    return live.create_session(store, catalog, staff_id=staff_id, title=title, content=content,
                               scenario_ids=list(scenario_ids) if scenario_ids else None, mode=mode, **values)


@pytest.fixture
def staff(store):
    return add_staff(store)


@pytest.fixture
def room(store, journey_catalog, staff):
    """A led session on three scenarios (single, multi, weighted) with three participants joined."""
    state = create(store, journey_catalog, staff)
    people = [add_participant(store, nip=nip, name=f"Peserta {i}", unit="Bappeda") for i, nip in enumerate(NIPS)]
    for person in people:
        sessions.join(store, state.id, person.id)
    return state, people


def answer(store, catalog, state, person, *options):
    live.answer(store, state.id, person.id, state.scenario_id, list(options), catalog=catalog)


# Creating --------------------------------------------------------------------------------------------------


def test_a_new_session_waits_in_the_lobby_with_a_fresh_code(store, journey_catalog, staff):
    state = create(store, journey_catalog, staff, scenario_ids=None)
    assert len(state.code) == 6 and set(state.code) <= set(rules.CODE_ALPHABET)
    assert not set(state.code) & set("0O1IL")
    assert (state.phase, state.position, state.revision, state.status, state.mode) == \
        ("lobby", None, 0, "open", "dipandu")
    assert state.scenario_id is None and state.module_id == "contoh" and state.kind == "quiz"
    assert len(state.scenario_ids) == journey_catalog.module("contoh").draw  # drawn as a quiz draws them
    assert "ct-006" not in state.scenario_ids  # retired
    assert live.get(store, state.id) == state == live.by_code(store, f" {state.code.lower()} ")
    (entry,) = store.list_audit("session.create")
    assert entry.actor == "staff:pelatih1" and state.code in entry.detail


def test_chosen_scenarios_keep_their_order_and_the_test_forms_are_content(store, journey_catalog, staff):
    chosen = create(store, journey_catalog, staff, scenario_ids=("ct-003", "ct-001"))
    assert chosen.scenario_ids == ("ct-003", "ct-001")
    pre = create(store, journey_catalog, staff, content="pre", scenario_ids=None)
    assert (pre.module_id, pre.kind, set(pre.scenario_ids)) == ("tes", "pre", {"ts-001", "ts-002"})


@pytest.mark.parametrize(("options", "key"), [
    ({"scenario_ids": ("ct-001", "ct-006")}, "live.unknown_scenarios"),  # retired
    ({"scenario_ids": ("ct-001", "ct-001")}, "live.repeated_scenarios"),
    ({"content": "pre", "scenario_ids": ("ts-003",)}, "live.unknown_scenarios"),  # a post-test scenario
    ({"content": "tidak-ada"}, "live.unknown_content"),
    ({"title": "   "}, "live.title_required"),
    ({"title": "x" * 201}, "live.title_too_long"),
    ({"mode": "bebas"}, "live.bad_mode"),
    ({"seconds": 5}, "live.bad_seconds"),
    ({"expected": 0}, "live.bad_expected"),
])
def test_a_session_that_cannot_be_held_is_refused(store, journey_catalog, staff, options, key):
    with pytest.raises(InvalidInput) as refused:
        create(store, journey_catalog, staff, **options)
    assert refused.value.key == key
    assert live.list_sessions(store) == []


def test_a_code_already_taken_is_drawn_again(store, journey_catalog, staff, monkeypatch):
    codes = iter(["KRP234", "KRP234", "KRP234", "ASN789"])
    monkeypatch.setattr(rules, "new_code", lambda: next(codes))
    first, second = create(store, journey_catalog, staff), create(store, journey_catalog, staff)
    assert (first.code, second.code) == ("KRP234", "ASN789")


def test_sessions_are_listed_newest_first_by_status_and_trainer(store, journey_catalog, staff):
    other = add_staff(store, "pelatih2")
    first = create(store, journey_catalog, staff, title="Pertama")
    second = create(store, journey_catalog, other, title="Kedua")
    live.close(store, first.id, None, actor="cli")
    assert [s.title for s in live.list_sessions(store)] == ["Kedua", "Pertama"]
    assert [s.title for s in live.list_sessions(store, status="open")] == ["Kedua"]
    assert [s.title for s in live.list_sessions(store, staff_id=staff)] == ["Pertama"]
    assert live.revision(store, second.id) == (0, "open") and live.revision(store, first.id) == (1, "closed")


def test_an_unknown_code_is_refused(store):
    with pytest.raises(InvalidInput) as refused:
        live.by_code(store, "nope42")
    assert refused.value.message("id") == \
        "Kode sesi NOPE42 tidak ditemukan atau sudah ditutup. Periksa kode di layar, atau kosongkan kolom kode sesi."


# Moving the room -------------------------------------------------------------------------------------------


def test_advance_reveal_close_bump_the_revision_each_time(store, room):
    state, _people = room
    steps = [live.advance(store, state.id, 0, actor="staff:pelatih1")]
    assert (steps[-1].phase, steps[-1].position, steps[-1].scenario_id, steps[-1].revision) == \
        ("question", 0, "ct-001", 1)
    assert steps[-1].started_at is not None
    steps.append(live.reveal(store, state.id, 1, actor="staff:pelatih1"))
    assert (steps[-1].phase, steps[-1].revealed, steps[-1].revision) == ("revealed", True, 2)
    steps.append(live.advance(store, state.id, 2, actor="staff:pelatih1"))
    assert (steps[-1].phase, steps[-1].scenario_id, steps[-1].revealed, steps[-1].revision) == \
        ("question", "ct-002", False, 3)
    steps.append(live.advance(store, state.id, 3, actor="staff:pelatih1"))  # on without revealing: allowed
    with pytest.raises(InvalidInput) as last:
        live.advance(store, state.id, 4, actor="staff:pelatih1")
    assert last.value.key == "live.no_more"
    steps.append(live.close(store, state.id, 4, actor="staff:pelatih1"))
    assert (steps[-1].phase, steps[-1].status, steps[-1].revision) == ("closed", "closed", 5)
    assert [live.get(store, state.id)] == steps[-1:]
    for move in (live.advance, live.reveal):
        with pytest.raises(InvalidInput) as closed:
            move(store, state.id, 5, actor="x")
        assert closed.value.key == "live.closed"
    with pytest.raises(InvalidInput) as again:
        live.close(store, state.id, None, actor="cli")
    assert again.value.key == "live.already_closed"
    actions = [e.action for e in store.list_audit() if e.action.startswith("session.")]
    assert actions == ["session.create", "session.advance", "session.reveal", "session.advance", "session.advance",
                       "session.close"]


def test_nothing_to_reveal_in_the_lobby_or_twice(store, room):
    state, _people = room
    with pytest.raises(InvalidInput) as lobby:
        live.reveal(store, state.id, 0, actor="x")
    live.advance(store, state.id, 0, actor="x")
    live.reveal(store, state.id, 1, actor="x")
    with pytest.raises(InvalidInput) as twice:
        live.reveal(store, state.id, 2, actor="x")
    assert lobby.value.key == twice.value.key == "live.nothing_to_reveal"


def test_a_second_trainer_tab_with_the_same_revision_is_told_the_session_moved(store, room):
    state, _people = room
    live.advance(store, state.id, state.revision, actor="tab-1")
    with pytest.raises(live.StaleSession) as stale:
        live.advance(store, state.id, state.revision, actor="tab-2")  # the same click, seen the same revision
    assert (stale.value.state.position, stale.value.state.revision) == (0, 1)  # the fresh state, one step on
    with pytest.raises(live.StaleSession):
        live.close(store, state.id, state.revision, actor="tab-2")
    assert live.get(store, state.id) == stale.value.state  # the second tab changed nothing
    assert [e.actor for e in store.list_audit("session.advance")] == ["tab-1"]


def test_a_self_paced_session_is_not_moved_by_the_trainer(store, journey_catalog, staff):
    state = create(store, journey_catalog, staff, mode="mandiri")
    with pytest.raises(InvalidInput) as refused:
        live.advance(store, state.id, 0, actor="x")
    assert refused.value.key == "live.not_led"


# Answering -------------------------------------------------------------------------------------------------


def test_answers_only_for_the_scenario_on_screen_and_before_its_reveal(store, journey_catalog, room):
    state, (rina, budi, sari) = room
    with pytest.raises(InvalidInput) as lobby:
        live.answer(store, state.id, rina.id, "ct-001", ["b"], catalog=journey_catalog)
    assert lobby.value.key == "live.not_on_screen"
    state = live.advance(store, state.id, 0, actor="x")
    with pytest.raises(InvalidInput) as later:
        live.answer(store, state.id, rina.id, "ct-002", ["a"], catalog=journey_catalog)
    assert later.value.key == "live.not_on_screen"
    answer(store, journey_catalog, state, rina, "b")
    state = live.reveal(store, state.id, state.revision, actor="x")
    with pytest.raises(InvalidInput) as revealed:
        answer(store, journey_catalog, state, budi, "b")
    assert revealed.value.key == "live.already_revealed"
    state = live.advance(store, state.id, state.revision, actor="x")
    with pytest.raises(InvalidInput) as gone:
        live.answer(store, state.id, budi.id, "ct-001", ["b"], catalog=journey_catalog)
    assert gone.value.key == "live.not_on_screen"
    for bad, key in ((["z"], "quiz.bad_choice"), ([], "quiz.bad_choice")):
        with pytest.raises(InvalidInput) as refused:
            answer(store, journey_catalog, state, sari, *bad)
        assert refused.value.key == key
    answer(store, journey_catalog, state, sari, "a", "b")  # ct-002 is multi-select
    assert live.my_answer(store, state.id, rina.id, "ct-001") == ("b",)
    assert live.my_answer(store, state.id, sari.id, "ct-002") == ("a", "b")
    assert live.my_answer(store, state.id, budi.id, "ct-001") is None
    state = live.close(store, state.id, None, actor="cli")
    with pytest.raises(InvalidInput) as closed:
        answer(store, journey_catalog, state, budi, "a")
    assert closed.value.key == "live.closed"


def test_only_a_member_answers(store, journey_catalog, room):
    state, _people = room
    stranger = add_participant(store, nip="199202022019022004", name="Orang Lain")
    state = live.advance(store, state.id, 0, actor="x")
    with pytest.raises(InvalidInput) as refused:
        answer(store, journey_catalog, state, stranger, "b")
    assert refused.value.key == "live.not_joined"


def test_a_double_tap_stores_one_answer(store, journey_catalog, room):
    state, (rina, *_others) = room
    state = live.advance(store, state.id, 0, actor="x")
    answer(store, journey_catalog, state, rina, "a")
    with pytest.raises(InvalidInput) as second:
        answer(store, journey_catalog, state, rina, "b")
    assert second.value.key == "live.already_answered"
    assert live.my_answer(store, state.id, rina.id, "ct-001") == ("a",)
    (attempt,) = store.list_attempts(rina.id)
    assert (attempt.kind, attempt.status, attempt.session_id, attempt.count) == ("sesi", "live", state.id, 3)
    _attempt, rows = store.get_attempt(attempt.id)
    assert [(r.position, r.scenario_id, r.option_order) for r in rows] == \
        [(0, "ct-001", "a,b,c"), (1, "ct-002", "a,b,c"), (2, "ct-003", "a,b,c")]  # the bank's order
    assert [(r.chosen, r.points) for r in rows] == [("a", 0.0), (None, None), (None, None)]


def test_twenty_parallel_answers_from_one_participant_store_one(store, journey_catalog, room):
    state, (rina, *_others) = room
    state = live.advance(store, state.id, 0, actor="x")
    outcomes: list[str] = []
    start = threading.Barrier(20)

    def tap(option: str) -> None:
        start.wait()
        try:
            live.answer(store, state.id, rina.id, "ct-001", [option], catalog=journey_catalog)
            outcomes.append(f"stored {option}")
        except InvalidInput as error:
            outcomes.append(error.key)

    threads = [threading.Thread(target=tap, args=("abc"[i % 3],)) for i in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    stored = [o for o in outcomes if o.startswith("stored")]
    assert len(stored) == 1 and outcomes.count("live.already_answered") == 19
    assert live.my_answer(store, state.id, rina.id, "ct-001") == (stored[0][-1],)
    assert len(store.list_attempts(rina.id)) == 1
    with store.reading() as s:
        assert s.query(Answer).filter(Answer.chosen.is_not(None)).count() == 1


def test_distribution_and_counts_of_the_scenario_on_screen(store, journey_catalog, room):
    state, (rina, budi, sari) = room
    assert live.counts(store, state.id) == (3, 0)
    state = live.advance(store, state.id, 0, actor="x")
    answer(store, journey_catalog, state, rina, "a")
    answer(store, journey_catalog, state, budi, "b")
    answer(store, journey_catalog, state, sari, "b")
    assert live.distribution(store, state.id, "ct-001") == {"a": 1, "b": 2}
    assert live.counts(store, state.id) == (3, 3)
    state = live.advance(store, state.id, state.revision, actor="x")
    assert live.counts(store, state.id) == (3, 0)
    answer(store, journey_catalog, state, rina, "a", "b")
    answer(store, journey_catalog, state, budi, "a", "c")
    assert live.distribution(store, state.id, "ct-002") == {"a": 2, "b": 1, "c": 1}  # per option, multi counted
    assert live.counts(store, state.id) == (3, 2)


def test_feedback_only_after_the_reveal_and_never_the_trainer_notes(store, journey_catalog, room):
    state, _people = room
    state = live.advance(store, state.id, 0, actor="x")
    view = live.item(journey_catalog, state, "id")
    assert [oid for oid, _text in view.options] == ["a", "b", "c"]  # the bank's order: the projector's letters
    assert live.feedback(journey_catalog, state, ("b",), "id") is None
    state = live.reveal(store, state.id, state.revision, actor="x")
    found = live.feedback(journey_catalog, state, ("b",), "id")
    assert found.correct and [o.best for o in found.options] == [False, True, False]
    assert found.explanation == "ASN dilarang memberi dukungan di media sosial."
    missed = live.feedback(journey_catalog, state, None, "id")
    assert missed.points == 0 and not any(o.chosen for o in missed.options)
    assert "Tetap netral" not in repr(found)  # the trainer's point to land stays with the trainer


def test_several_sessions_at_once_do_not_see_each_other(store, journey_catalog, staff, room):
    first, (rina, budi, _sari) = room
    second = create(store, journey_catalog, staff, title="Diklat kelas B")
    sessions.join(store, second.id, budi.id)
    first = live.advance(store, first.id, 0, actor="x")
    second = live.advance(store, second.id, 0, actor="x")
    answer(store, journey_catalog, first, rina, "a")
    answer(store, journey_catalog, second, budi, "b")
    assert live.distribution(store, first.id, "ct-001") == {"a": 1}
    assert live.distribution(store, second.id, "ct-001") == {"b": 1}
    assert live.counts(store, first.id) == (3, 1) and live.counts(store, second.id) == (1, 1)
    live.reveal(store, first.id, first.revision, actor="x")
    assert live.get(store, second.id).phase == "question"
    assert live.my_answer(store, second.id, rina.id, "ct-001") is None


# Summing up ------------------------------------------------------------------------------------------------


def run_the_room(store, catalog, room):
    """Rina gets everything right, Budi half, Sari answers only the first; the session closes after two."""
    state, (rina, budi, sari) = room
    state = live.advance(store, state.id, 0, actor="x")
    answer(store, catalog, state, rina, "b")
    answer(store, catalog, state, budi, "c")
    answer(store, catalog, state, sari, "c")
    state = live.reveal(store, state.id, state.revision, actor="x")
    state = live.advance(store, state.id, state.revision, actor="x")
    answer(store, catalog, state, rina, "a", "b")
    answer(store, catalog, state, budi, "a", "b")
    return live.close(store, state.id, state.revision, actor="x")


def test_closing_scores_each_attempt_out_of_the_scenarios_shown(store, journey_catalog, room):
    state = run_the_room(store, journey_catalog, room)
    _state, (rina, budi, sari) = room
    percents = {a.participant_id: (a.status, a.count, a.points, a.percent) for a in store.list_attempts()}
    assert percents == {rina.id: ("finished", 2, 2.0, 100.0), budi.id: ("finished", 2, 1.0, 50.0),
                        sari.id: ("finished", 2, 0.0, 0.0)}
    assert state.shown == 2



def test_a_closed_attempt_holds_only_the_scenarios_the_room_was_shown(store, journey_catalog, room):
    """Its own result page reviews what the room saw: never the answer to a scenario the session did not reach."""
    run_the_room(store, journey_catalog, room)  # closed after two of three
    for attempt in store.list_attempts():
        run = QuizRun.load(store, journey_catalog, attempt.id)
        assert [a.scenario_id for a in run.answers] == ["ct-001", "ct-002"]
        assert (run.result().count, run.result().percent) == (attempt.count, attempt.percent)

def test_summary_counts_scores_rates_and_the_common_wrong_answer(store, journey_catalog, room):
    state = run_the_room(store, journey_catalog, room)
    overview = session_results.summary(store, journey_catalog, state.id)
    assert (overview.joined, overview.took_part) == (3, 3)
    assert (overview.scores.count, overview.scores.mean, overview.scores.median) == (3, 50.0, 50.0)
    assert overview.scores.bands == (("0–19", 1), ("20–39", 0), ("40–59", 1), ("60–79", 0), ("80–100", 1))
    first, second = overview.scenarios  # only the two scenarios shown, in order
    assert (first.scenario_id, first.position, first.answered, first.correct, first.rate) == \
        ("ct-001", 0, 3, 1, 33.3)
    assert (first.common_wrong, first.common_wrong_count, first.choices) == (("c",), 2, {"b": 1, "c": 2})
    assert (second.scenario_id, second.answered, second.correct, second.common_wrong) == ("ct-002", 2, 2, None)
    assert overview.gain is None


def test_a_self_paced_session_sums_up_progress_and_the_pre_post_gain(store, journey_catalog, staff):
    state = create(store, journey_catalog, staff, mode="mandiri", scenario_ids=None)
    rina, budi = (add_participant(store, nip=nip, name=name) for nip, name in zip(NIPS, ("Rina", "Budi"),
                                                                                  strict=False))
    for person in (rina, budi):
        sessions.join(store, state.id, person.id)

    def take(person, kind, right):
        run = QuizRun.start(store, journey_catalog, person.id, "tes", kind=kind, session_id=state.id)
        for position in range(run.total):
            scenario = run.module.scenario(run.answers[position].scenario_id)
            best = [o.id for o in scenario.options if o.correct]
            run.answer(position, best if position < right else [o.id for o in scenario.options if not o.correct][:1])
        run.finish()

    take(rina, "pre", 1)
    take(rina, "post", 2)
    take(budi, "pre", 0)
    overview = session_results.summary(store, journey_catalog, state.id)
    assert (overview.gain.pairs, overview.gain.pre, overview.gain.post, overview.gain.gain) == (1, 50.0, 100.0, 50.0)
    assert [r.scenario_id for r in overview.scenarios] == ["ts-001", "ts-002", "ts-003", "ts-004"]
    assert overview.scores.count == 0  # a module session: nobody took the module yet
    progress = session_results.progress(store, journey_catalog, state.id)
    assert (progress.joined, progress.started, progress.finished) == (2, 2, 2)
    assert progress.hardest[0].rate == 0.0  # ts-002: Budi wrong, Rina wrong
    assert live.counts(store, state.id) == (2, 2)


def test_export_frames_hold_the_attendance_with_nip_as_text(store, journey_catalog, room):
    state = run_the_room(store, journey_catalog, room)
    frames = session_results.export_frames(store, journey_catalog, state.id)
    assert list(frames) == ["Ringkasan", "Daftar hadir", "Skenario", "Sebaran nilai", "Jawaban"]
    people = frames["Daftar hadir"]
    assert list(people.columns) == ["NIP", "Nama", "Unit kerja", "Bergabung (WIB)", "Dijawab", "Nilai (%)",
                                    "1. ct-001", "2. ct-002"]
    assert pd.api.types.is_string_dtype(people["NIP"]) and list(people["NIP"]) == list(NIPS)
    assert list(people["Nilai (%)"]) == [100.0, 50.0, 0.0]
    assert list(people["1. ct-001"]) == ["B", "C", "C"] and list(people["2. ct-002"]) == ["A, B", "A, B", ""]
    scenarios = frames["Skenario"]
    assert list(scenarios["Jawaban keliru terbanyak"]) == ["C. Membagikannya ke grup kantor.", ""]
    assert list(scenarios["Tepat (%)"]) == [33.3, 100.0]
    summary = dict(zip(frames["Ringkasan"]["Butir"], frames["Ringkasan"]["Nilai"], strict=True))
    assert summary["Kode sesi"] == state.code and summary["Peserta bergabung"] == 3
    assert summary["Skenario ditayangkan"] == "2 / 3" and summary["Mode"] == "dipandu"
    assert len(frames["Jawaban"]) == 5
    english = session_results.export_frames(store, journey_catalog, state.id, "en")
    assert list(english) == ["Summary", "Attendance", "Scenarios", "Score distribution", "Answers"]


def test_exports_are_written_formula_safe_and_audited(store, journey_catalog, staff, tmp_path):
    state = create(store, journey_catalog, staff)
    person = add_participant(store, nip=NIPS[0], name="=HYPERLINK(\"http://x\")")
    sessions.join(store, state.id, person.id)
    state = live.advance(store, state.id, 0, actor="x")
    answer(store, journey_catalog, state, person, "b")
    workbook = session_results.export(store, journey_catalog, state.id, tmp_path / "sesi.xlsx", "xlsx",
                                      actor="staff:pelatih1")
    sheet = openpyxl.load_workbook(workbook)["Daftar hadir"]
    assert sheet["A2"].value == NIPS[0] and sheet["B2"].value.startswith("'=")
    text = session_results.export(store, journey_catalog, state.id, tmp_path / "sesi.csv", "csv", actor="cli")
    lines = text.read_text("utf-8-sig").splitlines()
    assert lines[0].startswith("NIP,Nama,Unit kerja") and lines[1].startswith(f'{NIPS[0]},"\'=HYPERLINK')
    assert [e.actor for e in store.list_audit("session.export")] == ["staff:pelatih1", "cli"]
    name, data = session_results.export_bytes(store, journey_catalog, state.id, "csv", actor="x")
    assert name == f"sesi-{state.code}.csv" and NIPS[0].encode() in data


def test_no_personal_data_in_the_summary(store, journey_catalog, room):
    state = run_the_room(store, journey_catalog, room)
    text = repr(session_results.summary(store, journey_catalog, state.id))
    assert not any(nip in text for nip in NIPS) and "Peserta" not in text


def test_audit_entries_are_written_inside_the_action(store, journey_catalog, room, monkeypatch):
    """A move whose audit entry cannot be written is not made: the entry is part of the move's transaction."""
    state, (rina, *_others) = room
    with pytest.raises(live.StaleSession):
        live.advance(store, state.id, 7, actor="x")
    state = live.advance(store, state.id, 0, actor="x")
    answer(store, journey_catalog, state, rina, "b")

    class Unwritable:
        @staticmethod
        def of(*_args, **_detail):
            raise RuntimeError("the audit log cannot be written")

    monkeypatch.setattr(live, "AuditEntry", Unwritable)
    for move in (live.advance, live.reveal, live.close):
        with pytest.raises(RuntimeError):
            move(store, state.id, state.revision, actor="x")
    assert live.get(store, state.id) == state
    assert [(a.status, a.count) for a in store.list_attempts()] == [("live", 3)]  # close's scoring undone too
    with store.reading() as s:
        assert s.query(AuditEntry).filter(AuditEntry.action.like("session.%")).count() == 2  # create, advance
        assert s.query(Answer).filter(Answer.attempt_id.is_not(None)).count() == 3


def test_a_module_taken_on_the_side_does_not_count_in_a_led_session(store, journey_catalog, room):
    state, (_rina, budi, _sari) = room
    run = QuizRun.start(store, journey_catalog, budi.id, "contoh", session_id=state.id)  # tagged, as the app does
    for position in range(run.total):
        scenario = run.module.scenario(run.answers[position].scenario_id)
        run.answer(position, [o.id for o in scenario.options if o.correct or o.weight == 5][:1]
                   if scenario.scoring != "multi" else [o.id for o in scenario.options if o.correct])
    run.finish()
    state = run_the_room(store, journey_catalog, room)
    overview = session_results.summary(store, journey_catalog, state.id)
    assert overview.scores.mean == 50.0 and [r.answered for r in overview.scenarios] == [3, 2]
    assert list(session_results.export_frames(store, journey_catalog, state.id)["Daftar hadir"]["Dijawab"]) == [2, 2, 1]


def test_the_modules_own_quiz_waits_while_a_trainer_leads_the_room_through_it(store, journey_catalog, room,
                                                                               monkeypatch):
    """Its feedback would show the answers to the scenario on screen before the trainer reveals them."""
    from asn_training.services.attempts import start_or_resume

    monkeypatch.setenv("ASN_TRAINING_ORDER", "bebas")  # modules without the pre-test first
    state, people = room
    with pytest.raises(InvalidInput) as refused:
        start_or_resume(store, journey_catalog, people[0], "contoh")
    assert refused.value.key == "quiz.led_now"
    start_or_resume(store, journey_catalog, people[0], "contoh-dua")  # another module is open to practise
    outsider = add_participant(store, nip="199001012020011001", name="Bukan Anggota", unit="Bappeda")
    start_or_resume(store, journey_catalog, outsider, "contoh")  # not in the room
    live.close(store, state.id, state.revision, actor="test")
    assert start_or_resume(store, journey_catalog, people[0], "contoh").module.id == "contoh"


def test_a_quiz_opened_before_the_session_started_waits_too(store, journey_catalog, staff, monkeypatch):
    """A tab that opened the module's quiz before the trainer started: reopening it (a reload) is refused too."""
    from asn_training.services.attempts import QuizRun, start_or_resume

    monkeypatch.setenv("ASN_TRAINING_ORDER", "bebas")
    person = add_participant(store, nip="199002022020012002", name="Peserta Awal", unit="Bappeda")
    start_or_resume(store, journey_catalog, person, "contoh")
    state = create(store, journey_catalog, staff)
    sessions.join(store, state.id, person.id)
    with pytest.raises(InvalidInput) as refused:
        QuizRun.resume(store, journey_catalog, person.id, "contoh")
    assert refused.value.key == "quiz.led_now"


def test_joining_a_closed_session_is_refused_in_the_joining_transaction(store, journey_catalog, staff):
    state = create(store, journey_catalog, staff)
    person = add_participant(store, nip="199003032020013003", name="Peserta Telat", unit="Bappeda")
    live.close(store, state.id, None, actor="test")
    assert sessions.join(store, state.id, person.id) is False
    assert live.counts(store, state.id)[0] == 0


def test_a_move_names_who_makes_it_and_is_checked_in_its_own_transaction(store, journey_catalog, staff):
    """A trainer disabled, or another trainer, cannot move the session: checked under the move's own row lock."""
    from asn_training.store import StaffAccount

    state = create(store, journey_catalog, staff)
    other = add_staff(store, "pelatih2")
    with pytest.raises(InvalidInput) as refused:
        live.advance(store, state.id, state.revision, actor="staff:pelatih2", staff_id=other)
    assert refused.value.key == "staff.not_your_session"
    moved = live.advance(store, state.id, state.revision, actor="staff:pelatih1", staff_id=staff)
    with store.transaction() as s:
        s.get(StaffAccount, staff).active = False
    with pytest.raises(InvalidInput) as refused:
        live.reveal(store, state.id, moved.revision, actor="staff:pelatih1", staff_id=staff)
    assert refused.value.key == "staff.no_longer_active" and live.get(store, state.id).revision == moved.revision


def test_expected_participants_counts_open_recent_sessions_only(store, journey_catalog, staff):
    catalog = journey_catalog
    first = create(store, catalog, staff, expected=40)
    create(store, catalog, staff, expected=25)
    create(store, catalog, staff, expected=None)
    assert live.expected_participants(store) == 65
    live.close(store, first.id, first.revision, actor="test", staff_id=staff)
    assert live.expected_participants(store) == 25
    assert live.expected_participants(store, within=timedelta(seconds=-1)) == 0, "sessions from before do not count"
