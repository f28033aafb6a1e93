"""Roster import: real agency files accepted; every bad row named by line and field; nothing half-imported."""

from __future__ import annotations

import pytest

from asn_training.errors import RosterError
from asn_training.formats.roster import read_csv
from asn_training.services.roster import import_roster as import_csv

from ..conftest import DATA

ROSTERS = DATA / "rosters"


def test_excel_export_with_bom_semicolons_title_rows_and_spaced_nips(store):
    report = import_csv(store, ROSTERS / "excel_semicolon_bom_title.csv")
    assert (report.added, report.updated) == (3, 0)
    rina = store.get_participant("198609262015051001")
    assert (rina.name, rina.unit, rina.id_kind, rina.position, rina.listed) == (
        "Rina Wulandari", "Bappeda", "pns", "Analis Kebijakan", True)
    assert store.get_participant("199001012022212001").id_kind == "pppk"
    assert store.get_participant("NA-0007").id_kind == "non_asn"
    (entry,) = store.list_audit("roster.import")
    assert '"added": 3' in entry.detail


def test_reimport_updates_instead_of_duplicating(store):
    import_csv(store, ROSTERS / "valid_comma.csv")
    report = import_csv(store, ROSTERS / "excel_semicolon_bom_title.csv")
    assert (report.added, report.updated) == (2, 1)
    assert store.count_participants() == 4


def test_every_bad_row_is_reported_and_nothing_is_imported(store):
    with pytest.raises(RosterError) as caught:
        import_csv(store, ROSTERS / "bad_rows.csv")
    path = ROSTERS / "bad_rows.csv"
    assert [p.message("en") for p in caught.value.problems] == [
        f"{path}:2: field 'nip': NIP '1,98609E+17' was stored as a number by Excel and lost its last digits. "
        "Store the NIP column as text.",
        f"{path}:3: field 'name' is empty",
        f"{path}:4: field 'nip': NIP '198613262015051001': the first 8 digits are not a valid birth date (YYYYMMDD).",
        f"{path}:6: NIP 199203152020122002 is already in line 5",
    ]
    assert caught.value.message("en").startswith(f"Roster {path} rejected (4 problems); nothing was imported:")
    assert store.count_participants() == 0


def test_a_file_without_the_required_columns(tmp_path):
    with pytest.raises(RosterError) as caught:
        read_csv(ROSTERS / "no_nip_column.csv")
    (problem,) = caught.value.problems
    assert problem.message("en").endswith("no_nip_column.csv:1: no header row found; required columns: nip, name, unit")


def test_a_missing_file(tmp_path):
    with pytest.raises(RosterError) as caught:
        read_csv(tmp_path / "nothing.csv")
    assert "cannot read the file" in caught.value.problems[0].message("en")
