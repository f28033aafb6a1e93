"""The command line: exact messages and exit codes, Indonesian by default, English on request."""

from __future__ import annotations

import inspect
import io
import json
import os
import re
import shutil
import subprocess
import sys
from datetime import UTC
from pathlib import Path

import click
import openpyxl
import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from asn_training.cli import cli
from asn_training.content.pledges import load_pledges
from asn_training.formats.pdfs import certificate_pdf, receipt_pdf
from asn_training.i18n import catalogue, format_date, t
from asn_training.i18n import today as agency_today
from asn_training.services.certificates import issue_certificate, verify
from asn_training.services.pledges import receipt_fields, sign_pledge
from asn_training.store import Store

from ..conftest import DATA, VALID_BANKS, add_participant
from ..services.test_certificates import eligible
from ..test_server import free_port

BROKEN = DATA / "banks" / "broken"
ROOT = Path(__file__).parents[2]


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
        "  skenario ditinjau: 0 dari 5 (0%); perlu-tinjau-ulang 1, draft 4, retired 1\n"
        "  bagian materi ditinjau: 0 dari 1 (0%); draft 1\n"
        "  perlu ditinjau ulang (perlu-tinjau-ulang): ct-002: berubah sejak ditinjau: skb-2022-disiplin-6, "
        "skb-2022-etik-4\n"
        "  belum ditinjau (5): ct-001, ct-003, ct-004, ct-005, contoh/materi\n")


def test_bank_validate_broken_names_every_problem():
    result = invoke("bank", "validate", BROKEN / "invalid_yaml.yaml", BROKEN / "missing_title_translation.yaml",
                 lang="en")
    assert result.exit_code == 5
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
    assert result.exit_code == 3
    assert result.stderr.startswith("Error: The database schema at ")
    assert result.stderr.endswith("is not current (revision: -). Run: asn-training db upgrade\n")


def test_roster_import(upgraded):
    result = upgraded("roster", "import", DATA / "rosters" / "excel_semicolon_bom_title.csv")
    assert (result.exit_code, result.stdout) == (0, "3 pegawai ditambahkan, 0 diperbarui.\n")


def test_roster_import_rejects_bad_rows(upgraded):
    path = DATA / "rosters" / "bad_rows.csv"
    result = upgraded("roster", "import", path)
    assert result.exit_code == 5
    lines = result.stderr.splitlines()
    assert lines[0] == f"Error: Daftar pegawai {path} ditolak (4 masalah); tidak ada yang diimpor:"
    assert lines[2] == f"  {path}:3: kolom 'Nama' kosong"
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
    assert result.exit_code == 3
    assert result.stderr.startswith("Error: Cannot reach the database: postgresql+psycopg://nobody@127.0.0.1:1/none")


def walk(command: click.Command, path: tuple[str, ...] = ()):
    """Every command and group under ``command``, with its path (as sqlite-utils' tests walk their CLI)."""
    yield path, command
    for name, sub in getattr(command, "commands", {}).items():
        yield from walk(sub, (*path, name))


def helps_in(lang: str) -> dict[str, str | None]:
    """The help of every command as a fresh process in ``lang`` shows it (help is translated at import)."""
    code = inspect.getsource(walk) + (
        "import json\nfrom asn_training.cli import cli\n"
        "print(json.dumps({' '.join(path): command.help for path, command in walk(cli)}))\n")
    env = {**os.environ, "ASN_TRAINING_LANG": lang, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", "import click\n" + code], env=env, capture_output=True,
                          text=True, check=True)
    return json.loads(done.stdout)


def help_problems(helps: dict[str, dict[str, str | None]]) -> list[str]:
    """What is wrong with the help of each command: missing, not from the catalogue, or not translated."""
    found = []
    for path, by_lang in helps.items():
        for lang, text in by_lang.items():
            if not (text or "").strip():
                found.append(f"'{path}' has no help in {lang}")
            elif text not in catalogue(lang).values():
                found.append(f"'{path}' help is not from the {lang} catalogue")
        if len(set(by_lang.values())) < len(by_lang):
            found.append(f"'{path}' has the same help in every language")
    return found


def test_every_command_and_group_has_help_in_both_languages():
    indonesian, english = helps_in("id"), helps_in("en")
    assert set(indonesian) == set(english) == {" ".join(path) for path, _ in walk(cli)}
    assert len([path for path, command in walk(cli) if not isinstance(command, click.Group)]) >= 9
    assert help_problems({path: {"id": indonesian[path], "en": english[path]} for path in indonesian}) == []
    assert english[""].startswith("ASN neutrality training kit")


def test_the_help_check_catches_a_command_without_help():
    group = click.Group("asn-training", help=t("cli.help", "id"))
    group.add_command(click.Command("bare", callback=lambda: None))
    group.add_command(click.Command("english", help="Do a thing.", callback=lambda: None))
    helps = {" ".join(path): {"id": command.help, "en": command.help} for path, command in walk(group)}
    helps[""]["en"] = t("cli.help", "en")
    assert help_problems(helps) == [
        "'bare' has no help in id", "'bare' has no help in en", "'bare' has the same help in every language",
        "'english' help is not from the id catalogue", "'english' help is not from the en catalogue",
        "'english' has the same help in every language",
    ]


def test_every_command_shows_its_help_and_is_documented():
    documents = (ROOT / "docs" / "admin.md").read_text("utf-8") + (ROOT / "README.md").read_text("utf-8")
    for path, command in walk(cli):
        result = CliRunner().invoke(cli, [*path, "--help"])
        assert result.exit_code == 0, path
        assert command.help.split(".")[0] in " ".join(result.stdout.split()), path
        if not isinstance(command, click.Group):
            assert f"asn-training {' '.join(path)}" in documents, path


def test_serve_says_when_voila_stops_before_it_is_ready(monkeypatch, tmp_path):
    """The address is printed only once the server answers; a server that exits first is reported, not announced.
    (tests/test_server.py checks a real server: its address, its command line, its stop.)"""
    from asn_training import server

    monkeypatch.setenv("ASN_TRAINING_DB", f"sqlite:///{tmp_path / 'serve.sqlite'}")
    monkeypatch.setattr(server, "voila_command", lambda *_: [sys.executable, "-c", "import sys; sys.exit(3)"])
    result = invoke("serve", "--host", "127.0.0.1", "--port", free_port(), lang="en")
    assert result.exit_code == 3
    assert "http://" not in result.stdout
    assert result.stderr == ("Error: The Voila server stopped before it was ready (exit code 3); "
                             "see its messages above.\n")


def test_serve_refuses_to_start_on_a_broken_bank(monkeypatch):
    monkeypatch.setenv("ASN_TRAINING_QUIZZES", str(BROKEN))
    result = invoke("serve", "--port", "1", lang="en")
    assert result.exit_code == 5
    assert result.stderr.startswith("Error: Invalid scenario bank (")


def test_serve_refuses_to_start_on_a_broken_agency_setting(monkeypatch, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    (data / "instansi.yaml").write_text("schema_version: 1\nname: 42\n", "utf-8")
    monkeypatch.setenv("ASN_TRAINING_DATA", str(data))
    result = invoke("serve", "--port", "1", lang="en")
    assert result.exit_code == 5
    assert result.stderr.startswith("Error: Invalid content file (1 problem); nothing was loaded:")
    assert f"{data / 'instansi.yaml'}:2: name: 42 is not of type 'string'" in result.stderr


def test_demo_loads_a_roster_and_attempts_of_every_kind(run, store_url):
    result = run("demo")
    assert result.exit_code == 0
    assert re.fullmatch(r"Data contoh dimuat: 60 pegawai, \d+ percobaan\.\n", result.stdout)
    with Store(store_url) as store:
        attempts = store.list_attempts(status="finished")
        assert {a.kind for a in attempts} == {"quiz", "pre", "post"}
        assert all(a.count > 0 for a in attempts)
        assert any(a.passed for a in attempts) and not all(a.passed for a in attempts)


@pytest.fixture
def early_attempt(upgraded, store_url):
    """One attempt at 06:30 WIB on 2 January, which is 23:30 UTC on 1 January."""
    from datetime import datetime

    from asn_training.store import Attempt, Participant

    with Store(store_url) as store, store.transaction() as s:
        participant = Participant(nip="198609262015051001", id_kind="pns", name="Rina Wulandari", unit="Bappeda")
        s.add(participant)
        s.flush()
        s.add(Attempt(participant_id=participant.id, module_id="contoh", bank_version="1", seed=1, count=5,
                      started_at=datetime(2026, 1, 1, 23, 30, tzinfo=UTC)))
    return upgraded


@pytest.mark.parametrize(("zone", "args", "rows", "period"), [
    ("Asia/Jakarta", ("--since", "2026-01-02"), 1, "Percobaan yang dimulai sejak 2 Januari 2026 (WIB)."),
    ("Asia/Jakarta", ("--until", "2026-01-01"), 0, "Percobaan yang dimulai sampai dengan 1 Januari 2026 (WIB)."),
    ("Asia/Jakarta", ("--since", "2026-01-02", "--until", "2026-01-02"), 1,
     "Percobaan yang dimulai 2 Januari 2026 sampai dengan 2 Januari 2026 (WIB)."),
    ("Asia/Jayapura", ("--since", "2026-01-03"), 0, "Percobaan yang dimulai sejak 3 Januari 2026 (WIT)."),
    ("UTC", ("--until", "2026-01-01"), 1, "Percobaan yang dimulai sampai dengan 1 Januari 2026 (UTC)."),
])
def test_export_filters_by_days_of_the_agency_zone(early_attempt, tmp_path, monkeypatch, zone, args, rows, period):
    monkeypatch.setenv("ASN_TRAINING_TZ", zone)
    output = tmp_path / "hasil.csv"
    result = early_attempt("export", "results", "--format", "csv", "-o", output, *args)
    assert (result.exit_code, result.stdout) == (0, f"{rows} baris ditulis ke {output}\n{period}\n")
    lines = output.read_text("utf-8-sig").splitlines()
    assert len(lines) == 1 + rows
    if rows:
        started = "2026-01-02 06:30:00" if zone == "Asia/Jakarta" else "2026-01-01 23:30:00"
        assert started in lines[1]


def test_export_refuses_an_unknown_time_zone(upgraded, tmp_path, monkeypatch):
    monkeypatch.setenv("ASN_TRAINING_TZ", "Asia/Jakata")
    output = tmp_path / "hasil.xlsx"
    result = upgraded("export", "results", "-o", output, "--since", "2026-01-02", lang="en")
    assert result.exit_code == 3
    assert result.stderr.startswith("Error: Unknown time zone 'Asia/Jakata' (ASN_TRAINING_TZ). Use an IANA name")
    assert not output.exists()

def printed_codes(store_url: str, catalog, lang: str) -> dict[str, str]:
    """A certificate and a receipt of each pledge made through the services, rendered as the real PDFs; the
    verification code each PDF prints, read back from its text."""
    pledges = load_pledges()
    with Store(store_url) as store:
        participant = add_participant(store)
        certificate = issue_certificate(store, catalog, participant, eligible())
        documents = {"certificate": certificate_pdf(json.loads(certificate.payload), certificate.code, lang)}
        for pledge_id, pledge in pledges.items():
            signature = sign_pledge(store, participant, pledge, acknowledged=[True] * len(pledge.points),
                                    signed_name="Rina Wulandari", place="Jambi")
            documents[pledge_id] = receipt_pdf(pledge, receipt_fields(signature, participant), lang)
    codes = {}
    for name, document in documents.items():
        text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(document)).pages)
        (codes[name],) = set(re.findall(r"\b[A-Z]{3}-[0-9A-Z]{5}-[0-9A-Z]{5}\b", text))
    return codes


def test_every_code_the_kit_prints_verifies(upgraded, store_url, catalog):
    codes = printed_codes(store_url, catalog, "id")
    assert [code[:4] for code in codes.values()] == ["SRT-", "IKR-", "IKN-", "PKT-", "PKN-"]
    today, pledges = format_date(agency_today(), "id"), load_pledges()
    with Store(store_url) as store:
        assert [verify(store, code)["kind"] for code in codes.values()] == ["certificate"] + ["receipt"] * 4
    result = upgraded("certificate", "verify", codes["certificate"].lower())
    assert (result.exit_code, result.stdout) == (0, (
        f"Sertifikat sah: Rina Wulandari (NIP 19860926 201505 1 001), Bappeda, terbit {today}.\n"
        f"  {catalog.module('contoh').title['id']}: 87,5%\n"))
    for pledge_id in ("ikrar-netralitas", "pakta-integritas", "pakta-integritas-non-asn"):
        pledge = pledges[pledge_id]
        result = upgraded("certificate", "verify", codes[pledge_id].replace("-", " "))
        assert (result.exit_code, result.stdout) == (0, (
            f"Tanda terima sah: {pledge.title['id']} (versi teks {pledge.version}) ditandatangani oleh "
            f"Rina Wulandari (NIP 19860926 201505 1 001), Bappeda, di Jambi pada {today}.\n"
            f"SHA-256 teks yang ditandatangani: {pledge.digest}\n"))


def test_verify_in_english(upgraded, store_url, catalog):
    codes = printed_codes(store_url, catalog, "en")
    today, pakta = format_date(agency_today(), "en"), load_pledges()["pakta-integritas"]
    result = upgraded("certificate", "verify", codes["pakta-integritas"], lang="en")
    assert (result.exit_code, result.stdout) == (0, (
        f"Valid receipt: {pakta.title['en']} (wording version {pakta.version}) signed by Rina Wulandari "
        f"(NIP 19860926 201505 1 001), Bappeda, at Jambi on {today}.\n"
        f"SHA-256 of the signed text: {pakta.digest}\n"))
    result = upgraded("certificate", "verify", codes["certificate"], lang="en")
    assert result.stdout.startswith(f"Valid certificate: Rina Wulandari (NIP 19860926 201505 1 001), Bappeda, "
                                    f"issued {today}.\n")


def test_verify_an_unknown_code(upgraded):
    result = upgraded("certificate", "verify", "srt-12345-67890", lang="en")
    assert (result.exit_code, result.stdout) == (4, "")
    assert result.stderr == ("Error: Code srt-12345-67890 is unknown. Check how it is written: certificate codes "
                             "begin with SRT, pledge receipt codes with IKR or PKT.\n")

