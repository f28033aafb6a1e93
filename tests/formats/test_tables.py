"""Results reports and their exports: one row per attempt, real XLSX and CSV, no formula injection."""

from __future__ import annotations

import csv
from datetime import UTC, datetime

import openpyxl
import pytest

from asn_training import reports
from asn_training.errors import AsnTrainingError
from asn_training.formats import tables as exports
from asn_training.services.attempts import QuizRun
from asn_training.services.roster import import_roster as import_csv
from asn_training.store import Attempt

from ..conftest import DATA, add_participant


@pytest.fixture
def results_store(store, catalog):
    import_csv(store, DATA / "rosters" / "formula_name.csv")
    import_csv(store, DATA / "rosters" / "excel_semicolon_bom_title.csv")
    for nip in ("199203152020122002", "199001012022212001"):
        participant = store.get_participant(nip)
        run = QuizRun.start(store, catalog, participant.id, "contoh", seed=1)
        run.answer(0, [run.answers[0].option_order.split(",")[0]])
        run.finish()
    QuizRun.start(store, catalog, store.get_participant("NA-0007").id, "contoh", seed=2)
    return store


def test_results_frame_has_one_row_per_attempt(results_store):
    frame = reports.results(results_store)
    assert len(frame) == 3
    assert list(frame.columns) == list(reports.RESULT_COLUMNS)
    assert frame["nip"].tolist() == ["199203152020122002", "199001012022212001", "NA-0007"]
    assert frame["status"].tolist() == ["finished", "finished", "open"]
    assert len(reports.results(results_store, unit="Dinas Pendidikan")) == 1


def test_xlsx_opens_in_openpyxl_and_keeps_nip_as_text(results_store, tmp_path):
    frame = reports.labelled(reports.results(results_store), "id")
    path = exports.write({"Hasil": frame}, tmp_path / "hasil.xlsx", "xlsx")
    sheet = openpyxl.load_workbook(path)["Hasil"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("ID percobaan", "NIP", "Nama", "Unit kerja")
    assert len(rows) == 4
    assert rows[1][1] == "199203152020122002"  # text, all 18 digits
    assert rows[1][2] == "'=HYPERLINK(\"http://x\")"  # a name that is a formula stays text
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_csv_is_defused_and_readable_by_excel(results_store, tmp_path):
    path = exports.write({"Hasil": reports.results(results_store)}, tmp_path / "hasil.csv", "csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0]["name"] == "'=HYPERLINK(\"http://x\")"
    assert rows[0]["nip"] == "199203152020122002"


@pytest.mark.parametrize(("value", "expected"), [
    ("=1+1", "'=1+1"), ("+62 812", "'+62 812"), ("-5", "'-5"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"),
    ("Rina", "Rina"), (5, 5), (-5, -5), (None, None),
])
def test_defuse(value, expected):
    assert exports.defuse(value) == expected


def test_unknown_format(tmp_path):
    with pytest.raises(AsnTrainingError) as caught:
        exports.write({}, tmp_path / "x.pdf", "pdf")
    assert caught.value.message("en") == "Format 'pdf' is not supported (choices: csv, xlsx)."


def test_xlsx_beyond_excels_row_limit_is_refused_clearly(tmp_path, monkeypatch):
    import pandas as pd

    monkeypatch.setattr(exports, "XLSX_MAX_ROWS", 2)
    with pytest.raises(AsnTrainingError) as caught:
        exports.write({"Hasil": pd.DataFrame({"a": [1, 2, 3]})}, tmp_path / "x.xlsx", "xlsx")
    assert caught.value.message("en").startswith("Sheet 'Hasil' has 3 rows, more than Excel's limit of 2.")
    assert not (tmp_path / "x.xlsx").exists()


def test_exported_times_are_local_wall_times_with_the_zone_in_the_header(store, tmp_path, monkeypatch):
    """An attempt at 06:30 WIB on 2 January (23:30 UTC on 1 January) reads 06:30 on 2 January in the file."""
    monkeypatch.setenv("ASN_TRAINING_TZ", "Asia/Jakarta")
    participant = add_participant(store)
    with store.transaction() as s:
        s.add(Attempt(participant_id=participant.id, module_id="contoh", bank_version="1", seed=1, count=5,
                      started_at=datetime(2026, 1, 1, 23, 30, tzinfo=UTC)))
    frame = reports.results(store)
    xlsx = exports.write({"Hasil": reports.labelled(frame, "id")}, tmp_path / "hasil.xlsx", "xlsx")
    header, row = openpyxl.load_workbook(xlsx)["Hasil"].iter_rows(values_only=True)
    assert header[7:9] == ("Mulai (WIB)", "Selesai (WIB)")
    assert row[7:9] == (datetime(2026, 1, 2, 6, 30), None)
    path = exports.write({"Hasil": reports.labelled(frame, "en")}, tmp_path / "hasil.csv", "csv")
    (line,) = csv.DictReader(path.read_text("utf-8-sig").splitlines())
    assert (line["Started (WIB)"], line["Finished (WIB)"]) == ("2026-01-02 06:30:00", "")
