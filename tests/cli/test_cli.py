"""The command line: exact messages and exit codes, Indonesian by default, English on request."""

from __future__ import annotations

import re
import sys

import openpyxl
import pytest
from click.testing import CliRunner

from asn_training.cli import cli
from asn_training.store import Store

from ..conftest import DATA, VALID_BANKS
from ..test_server import free_port

BROKEN = DATA / "banks" / "broken"


def invoke(*args: object, lang: str | None = None):
    env = {"ASN_TRAINING_LANG": lang} if lang else {}
    return CliRunner().invoke(cli, [str(a) for a in args], env=env, catch_exceptions=False)


@pytest.fixture
def run(store_url, monkeypatch):
    """Invoke the CLI against a fresh database (SQLite and PostgreSQL)."""
    monkeypatch.setenv("ASN_TRAINING_DB", store_url)
    return invoke


@pytest.fixture
def upgraded(run):
    assert run("db", "upgrade").exit_code == 0
    return run


def test_bank_validate_ok():
    result = invoke("bank", "validate", VALID_BANKS)
    assert (result.exit_code, result.stdout) == (0, "1 modul, 6 skenario: valid.\n")


def test_bank_validate_shipped_banks():
    result = invoke("bank", "validate", "quizzes/")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.endswith("skenario: valid.\n")


def test_bank_stats():
    result = invoke("bank", "stats", VALID_BANKS)
    assert result.exit_code == 0
    assert result.stdout == (
        "contoh (module): 5 skenario, materi 6 kata\n"
        "  topik: medsos 3, fasilitas 2\n"
        "  kesulitan: mudah 2, sedang 2, sulit 1\n"
        "  jenis skor: multi 1, single 3, weighted 1\n"
        "  posisi jawaban terbaik: a 33%, b 50%, c 17%\n"
        "  status tinjauan: draft 4, retired 1, reviewed 1\n")


def test_bank_validate_broken_names_every_problem():
    result = invoke("bank", "validate", BROKEN / "invalid_yaml.yaml", BROKEN / "missing_title_translation.yaml",
                 lang="en")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "Error: Invalid scenario bank (2 problems); nothing was loaded:\n"
        f"  {BROKEN}/invalid_yaml.yaml:5: invalid YAML: expected ',' or '}}', but got '<scalar>'\n"
        f"  {BROKEN}/missing_title_translation.yaml:15: module.topics[1].title: required translation missing: en\n")


def test_db_upgrade(run, store_url):
    result = run("db", "upgrade")
    assert result.exit_code == 0
    with Store(store_url) as store:
        assert result.stdout == f"Skema basis data mutakhir (revisi {store.head_revision()}): {store.safe_url}\n"


def test_commands_refuse_an_unmigrated_database(run):
    result = run("roster", "import", DATA / "rosters" / "valid_comma.csv", lang="en")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: The database schema at ")
    assert result.stderr.endswith("is not current (revision: -). Run: asn-training db upgrade\n")


def test_roster_import(upgraded):
    result = upgraded("roster", "import", DATA / "rosters" / "excel_semicolon_bom_title.csv")
    assert (result.exit_code, result.stdout) == (0, "3 pegawai ditambahkan, 0 diperbarui.\n")


def test_roster_import_rejects_bad_rows(upgraded):
    path = DATA / "rosters" / "bad_rows.csv"
    result = upgraded("roster", "import", path)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0] == f"Error: Daftar pegawai {path} ditolak (4 masalah); tidak ada yang diimpor:"
    assert lines[2] == f"  {path}:3: kolom 'name' kosong"
    assert len(lines) == 5


def test_export_results_xlsx(upgraded, tmp_path, catalog, store_url):
    from asn_training.services.attempts import QuizRun

    upgraded("roster", "import", DATA / "rosters" / "valid_comma.csv")
    with Store(store_url) as store:
        for participant in store.list_participants():
            QuizRun.start(store, catalog, participant.id, "contoh", seed=1).finish()
    output = tmp_path / "hasil.xlsx"
    result = upgraded("export", "results", "--format", "xlsx", "--output", output)
    assert (result.exit_code, result.stdout) == (0, f"2 baris ditulis ke {output}\n")
    rows = list(openpyxl.load_workbook(output)["Hasil"].iter_rows(values_only=True))
    assert len(rows) == 3 and rows[0][1] == "NIP"
    with Store(store_url) as store:
        assert len(store.list_audit("export.results")) == 1


def test_export_results_csv_in_english(upgraded, tmp_path):
    output = tmp_path / "out.csv"
    result = upgraded("export", "results", "--format", "csv", "-o", output, lang="en")
    assert (result.exit_code, result.stdout) == (0, f"0 rows written to {output}\n")
    assert output.read_text("utf-8-sig").startswith("Attempt ID,NIP,Name,Unit,")


def test_export_to_an_unwritable_place(upgraded, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = upgraded("export", "results", "-o", blocker / "x.xlsx", lang="en")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: Cannot write {blocker / 'x.xlsx'}: ")


def test_unreachable_database(run):
    result = run("--db", "postgresql://nobody@127.0.0.1:1/none", "db", "upgrade", lang="en")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: Cannot reach the database: postgresql+psycopg://nobody@127.0.0.1:1/none")


def test_every_command_has_help():
    commands = [("bank", "validate"), ("db", "upgrade"), ("roster", "import"), ("export", "results"), ("serve",),
                ("demo",)]
    for command in commands:
        result = CliRunner().invoke(cli, [*command, "--help"])
        assert result.exit_code == 0
        lines = [line for line in result.stdout.splitlines() if line.strip()]
        assert len(lines) >= 2, command


def test_serve_says_when_voila_stops_before_it_is_ready(monkeypatch, tmp_path):
    """The address is printed only once the server answers; a server that exits first is reported, not announced.
    (tests/test_server.py checks a real server: its address, its command line, its stop.)"""
    from asn_training import server

    monkeypatch.setenv("ASN_TRAINING_DB", f"sqlite:///{tmp_path / 'serve.sqlite'}")
    monkeypatch.setattr(server, "voila_command", lambda *_: [sys.executable, "-c", "import sys; sys.exit(3)"])
    result = invoke("serve", "--host", "127.0.0.1", "--port", free_port(), lang="en")
    assert result.exit_code == 1
    assert "http://" not in result.stdout
    assert result.stderr == ("Error: The Voila server stopped before it was ready (exit code 3); "
                             "see its messages above.\n")


def test_serve_refuses_to_start_on_a_broken_bank(monkeypatch):
    monkeypatch.setenv("ASN_TRAINING_QUIZZES", str(BROKEN))
    result = invoke("serve", "--port", "1", lang="en")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: Invalid scenario bank (")


def test_demo_loads_a_roster_and_attempts_of_every_kind(run, store_url):
    result = run("demo")
    assert result.exit_code == 0
    assert re.fullmatch(r"Data contoh dimuat: 60 pegawai, \d+ percobaan\.\n", result.stdout)
    with Store(store_url) as store:
        attempts = store.list_attempts(status="finished")
        assert {a.kind for a in attempts} == {"quiz", "pre", "post"}
        assert all(a.count > 0 for a in attempts)
        assert any(a.passed for a in attempts) and not all(a.passed for a in attempts)
