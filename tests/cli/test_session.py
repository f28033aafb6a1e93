"""``asn-training session``: list, show, export and close trainers' sessions; exact messages and exit codes."""

from __future__ import annotations

import openpyxl
import pytest

from asn_training.services import live, sessions

from ..conftest import add_participant
from ..services.test_live import NIPS, add_staff, answer, create
from ..ui.drive import JOURNEY
from .test_cli import invoke


@pytest.fixture
def run(store, store_url, monkeypatch):
    monkeypatch.setenv("ASN_TRAINING_DB", store_url)
    monkeypatch.setenv("ASN_TRAINING_QUIZZES", str(JOURNEY))
    return invoke


@pytest.fixture
def room(store, journey_catalog, monkeypatch):
    """A led session with the code KRP234: three joined, two answered the first scenario (one right)."""
    monkeypatch.setattr("asn_training.core.live.new_code", lambda: "KRP234")
    state = create(store, journey_catalog, add_staff(store))
    people = [add_participant(store, nip=nip, name=f"Peserta {i}") for i, nip in enumerate(NIPS)]
    for person in people:
        sessions.join(store, state.id, person.id)
    state = live.advance(store, state.id, 0, actor="x")
    answer(store, journey_catalog, state, people[0], "b")
    answer(store, journey_catalog, state, people[1], "c")
    return state


def test_list_says_when_there_is_no_session(run):
    result = run("session", "list")
    assert (result.exit_code, result.stdout) == (0, "Belum ada sesi.\n")


def test_list_shows_sessions_by_status(run, room, store, journey_catalog, monkeypatch):
    monkeypatch.setattr("asn_training.core.live.new_code", lambda: "ASN789")
    other = create(store, journey_catalog, add_staff(store, "pelatih2"), mode="mandiri", title="Diklat kelas B")
    live.close(store, other.id, None, actor="cli")
    result = run("session", "list")
    assert (result.exit_code, result.stdout) == (0, (
        "ASN789  ditutup  mandiri  17 November 2026  Diklat kelas B\n"
        "KRP234  terbuka  dipandu  17 November 2026  Apel Korpri\n"))
    assert run("session", "list", "--status", "open").stdout == \
        "KRP234  terbuka  dipandu  17 November 2026  Apel Korpri\n"


def test_show_tells_the_phase_the_counts_and_every_scenario(run, room):
    result = run("session", "show", "krp234")
    assert (result.exit_code, result.stdout) == (0, (
        "Sesi KRP234: Apel Korpri (dipandu, terbuka)\n"
        "Tahap: skenario 1 dari 3 tayang, jawaban belum dibuka.\n"
        "Bergabung: 3; menjawab skenario yang tayang: 2.\n"
        "Nilai 2 peserta: rata-rata 50%, median 50%.\n"
        "1. ct-001: 2 menjawab, 50% tepat; jawaban keliru terbanyak C (1)\n"))


def test_show_in_english(run, room):
    result = run("session", "show", "KRP234", lang="en")
    assert result.stdout.splitlines()[:2] == ["Session KRP234: Apel Korpri (trainer-led, open)",
                                              "Phase: scenario 1 of 3 on screen, answer not revealed yet."]


@pytest.mark.parametrize("command", [("show",), ("close",), ("export", "-o", "{folder}/sesi.xlsx")])
def test_an_unknown_code_is_an_error_that_says_where_to_find_the_codes(run, store, command, tmp_path):
    """Told as at a command line (closed sessions are found too; there is no code field to empty)."""
    command = [part.format(folder=tmp_path) for part in command]
    result = run("session", command[0], "nope42", *command[1:])
    assert (result.exit_code, result.stdout, result.stderr) == (
        4, "", "Error: Tidak ada sesi dengan kode NOPE42. 'asn-training session list' menampilkan semua sesi.\n")
    result = run("session", command[0], "nope42", *command[1:], lang="en")
    assert result.stderr == "Error: No session has the code NOPE42. 'asn-training session list' shows every session.\n"


def test_export_writes_xlsx_and_csv(run, room, tmp_path):
    result = run("session", "export", "KRP234", "-o", tmp_path / "sesi.xlsx")
    assert (result.exit_code, result.stdout) == \
        (0, f"Sesi KRP234 (3 peserta bergabung) diekspor ke {tmp_path / 'sesi.xlsx'}.\n")
    workbook = openpyxl.load_workbook(tmp_path / "sesi.xlsx")
    assert workbook.sheetnames == ["Ringkasan", "Daftar hadir", "Skenario", "Sebaran nilai", "Jawaban"]
    assert [row[0] for row in workbook["Daftar hadir"].iter_rows(min_row=2, values_only=True)] == list(NIPS)
    assert run("session", "export", "KRP234", "-o", tmp_path / "sesi.csv").exit_code == 0
    lines = (tmp_path / "sesi.csv").read_text("utf-8-sig").splitlines()
    assert len(lines) == 4 and lines[1].startswith(f"{NIPS[0]},Peserta 0,Bappeda,")


def test_export_needs_a_known_suffix(run, room, tmp_path):
    result = run("session", "export", "KRP234", "-o", tmp_path / "sesi.pdf")
    assert result.exit_code == 2 and "Nama berkas harus berakhiran .xlsx atau .csv." in result.stderr


def test_close_closes_once(run, room, store):
    result = run("session", "close", "KRP234")
    assert (result.exit_code, result.stdout) == (0, "Sesi KRP234 ditutup (3 peserta bergabung).\n")
    assert live.get(store, room.id).status == "closed"
    again = run("session", "close", "KRP234")
    assert (again.exit_code, again.stderr) == (5, "Error: Sesi KRP234 sudah ditutup sebelumnya.\n")
    assert [e.actor for e in store.list_audit("session.close")] == ["cli"]
