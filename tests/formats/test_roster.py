"""Roster import: real agency files accepted; every bad row named by file, row and column; nothing half-imported."""

from __future__ import annotations

import re
import zipfile
from datetime import date, datetime, time

import openpyxl
import pytest

from asn_training.errors import RosterError
from asn_training.formats.roster import MAX_LENGTH, cell_text, read_roster
from asn_training.services.roster import import_roster
from asn_training.store.models import Participant

from ..conftest import DATA

ROSTERS = DATA / "rosters"


def problems(path) -> list[str]:
    with pytest.raises(RosterError) as caught:
        read_roster(path)
    return [p.message("en") for p in caught.value.problems]


def test_excel_export_with_bom_semicolons_title_rows_and_spaced_nips(store):
    report = import_roster(store, ROSTERS / "excel_semicolon_bom_title.csv")
    assert (report.added, report.updated) == (3, 0)
    rina = store.get_participant("198609262015051001")
    assert (rina.name, rina.unit, rina.id_kind, rina.position, rina.listed) == (
        "Rina Wulandari", "Bappeda", "pns", "Analis Kebijakan", True)
    assert store.get_participant("199001012022212001").id_kind == "pppk"
    assert store.get_participant("NA-0007").id_kind == "non_asn"
    (entry,) = store.list_audit("roster.import")
    assert '"added": 3' in entry.detail


def test_reimport_updates_instead_of_duplicating(store):
    import_roster(store, ROSTERS / "valid_comma.csv")
    report = import_roster(store, ROSTERS / "excel_semicolon_bom_title.csv")
    assert (report.added, report.updated) == (2, 1)
    assert store.count_participants() == 4


def test_semicolons_with_academic_titles_holding_commas(store):
    """More commas (in "Drs. H. Ahmad Fauzi, S.H., M.H.") than semicolons: the file is still read as semicolons."""
    report = import_roster(store, ROSTERS / "semicolon_titled_names.csv")
    assert (report.added, report.updated) == (4, 0)
    fauzi = store.get_participant("197005121995031002")
    assert (fauzi.name, fauzi.unit) == ("Drs. H. Ahmad Fauzi, S.H., M.H.", "Bagian Hukum, Setda")
    assert store.get_participant("199001012022212001").name == "Prof. Dr. Ir. Sari Utami, M.Sc., Ph.D."


@pytest.mark.parametrize("name", ["tab_separated.tsv", "excel_unicode_text.txt"])
def test_tab_separated_exports(name):
    rows = read_roster(ROSTERS / name)
    assert [(r.line, r.nip) for r in rows] == [(2, "198609262015051001"), (3, "199203152020122002")]
    assert rows[0].name.startswith("Rina Wulandari")


def test_tab_separated_cells_keep_their_commas_and_semicolons():
    rina, dewi = read_roster(ROSTERS / "tab_separated.tsv")
    assert (rina.name, rina.position, dewi.unit) == ("Rina Wulandari, S.E.", "Analis Kebijakan",
                                                     "Dinas Sosial; UPT Panti")


def test_windows_1252():
    (row,) = read_roster(ROSTERS / "windows1252_accent.csv")
    assert row.name == "Renée Siregar"


def test_formula_like_names_are_stored_as_text(store):
    import_roster(store, ROSTERS / "formula_name.csv")
    assert store.get_participant("199203152020122002").name == '=HYPERLINK("http://x")'


def test_every_bad_row_is_reported_and_nothing_is_imported(store):
    path = ROSTERS / "bad_rows.csv"
    with pytest.raises(RosterError) as caught:
        import_roster(store, path)
    assert [p.message("en") for p in caught.value.problems] == [
        f"{path}:2: field 'NIP': NIP '1,98609E+17' was stored as a number by Excel and lost its last digits. "
        "Store the NIP column as text.",
        f"{path}:3: field 'Nama' is empty",
        f"{path}:4: field 'NIP': NIP '198613262015051001': the first 8 digits are not a valid birth date (YYYYMMDD).",
        f"{path}:6: field 'NIP': NIP 199203152020122002 is already in row 5",
    ]
    assert caught.value.message("en").startswith(f"Roster {path} rejected (4 problems); nothing was imported:")
    assert store.count_participants() == 0


def test_an_over_long_field_is_a_row_problem_not_a_database_error(store):
    """PostgreSQL refuses a unit longer than its column ("value too long"); the reader says so first."""
    path = ROSTERS / "overlong_unit.csv"
    with pytest.raises(RosterError) as caught:
        import_roster(store, path)
    assert [p.message("en") for p in caught.value.problems] == [
        f"{path}:3: field 'Unit Kerja': 231 characters, at most 200"]
    assert store.count_participants() == 0


def test_the_length_limits_are_the_schema_columns():
    assert MAX_LENGTH == {name: Participant.__table__.c[name].type.length for name in MAX_LENGTH}


def test_rows_are_numbered_as_the_spreadsheet_shows_them():
    """A quoted cell with a line break is one spreadsheet row; the problem is on row 3, not on line 4."""
    path = ROSTERS / "multiline_cell.csv"
    assert problems(path) == [f"{path}:3: field 'Nama' is empty"]


def test_a_file_without_the_required_columns():
    (problem,) = problems(ROSTERS / "no_nip_column.csv")
    assert problem.endswith("no_nip_column.csv:1: no header row found; required columns: nip, name, unit")


def test_a_missing_file(tmp_path):
    assert problems(tmp_path / "nothing.csv") == [
        f"{tmp_path / 'nothing.csv'}: cannot read the file (No such file or directory)"]


# Excel workbooks ---------------------------------------------------------------------------------------------------

def agency_workbook(path, rows) -> None:
    """A sheet as agencies make them: a merged title, a blank row, a header over two rows with merged cells, the
    row of column numbers, then ``rows`` from row 6."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Pegawai"
    sheet["A1"] = "DAFTAR PEGAWAI PEMERINTAH KABUPATEN CONTOH"
    sheet.merge_cells("A1:F1")
    for cell, value in {"A3": "No", "B3": "Identitas Pegawai", "D3": "Unit\nKerja", "E3": "Jabatan",
                        "B4": "NIP", "C4": "Nama", "E4": "Nama Jabatan", "F4": "TMT Jabatan"}.items():
        sheet[cell] = value
    for cells in ("A3:A4", "B3:C3", "D3:D4", "E3:F3"):
        sheet.merge_cells(cells)
    for column, number in zip("ABCDEF", range(1, 7), strict=True):
        sheet[f"{column}5"] = number
    for offset, row in enumerate(rows):
        for column, value in zip("ABCDEF", row, strict=False):
            sheet[f"{column}{6 + offset}"] = value
    book.save(path)


def write_exact_number(path, cell: str, digits: str) -> None:
    """Store ``digits`` in a number cell as some exporters do. Excel and openpyxl keep 15 significant digits, so
    they cannot write an exact 18-digit number; other tools write the digits as they are."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    sheet, count = re.subn(rf'(<c r="{cell}" t="n"><v>)[^<]*(</v>)', rf"\g<1>{digits}\g<2>", sheet)
    assert count == 1
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


GOOD_ROWS = [
    (1, 0, "Rina Wulandari, S.E.", "Bappeda", "Analis Kebijakan", datetime(2020, 1, 1)),  # B6: write_exact_number
    (2, "19900101 202221 2 001", "Sari Utami", "Dinas Pendidikan", None, None),
    (),
    (3,),  # a numbered row of the template, not filled in
]


def test_xlsx_with_title_merged_header_and_numeric_nip(store, tmp_path):
    path = tmp_path / "pegawai.xlsx"
    agency_workbook(path, GOOD_ROWS)
    write_exact_number(path, "B6", "198609262015051001")
    report = import_roster(store, path)
    assert (report.added, report.updated) == (2, 0)
    rina = store.get_participant("198609262015051001")
    assert (rina.name, rina.unit, rina.position, rina.id_kind) == (
        "Rina Wulandari, S.E.", "Bappeda", "Analis Kebijakan", "pns")
    sari = store.get_participant("199001012022212001")
    assert (sari.unit, sari.position, sari.id_kind) == ("Dinas Pendidikan", None, "pppk")


def test_xlsx_problems_name_the_row_and_the_column(tmp_path):
    path = tmp_path / "pegawai.xlsx"
    agency_workbook(path, [
        *GOOD_ROWS[1:2],
        (),
        (3, 198609262015051001, "Budi Santoso", "Bappeda"),  # a NIP typed into a number cell: digits lost
        (4, "199203152020122002", "Dewi Lestari", "Dinas " * 40),
        (5, "199203152020122003", None, "Dinas Sosial"),
    ])
    assert problems(path) == [
        f"{path}:8: field 'NIP': NIP '1.98609262015051E+17' was stored as a number by Excel and lost its last "
        "digits. Store the NIP column as text.",
        f"{path}:9: field 'Unit Kerja': 239 characters, at most 200",
        f"{path}:10: field 'Nama' is empty",
    ]


def test_xlsx_roster_on_a_later_sheet(tmp_path):
    path = tmp_path / "pegawai.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "Petunjuk"
    book.active["A1"] = "Isi sheet Data; simpan kolom NIP sebagai teks."
    data = book.create_sheet("Data")
    data.append(["NIP", "Nama", "Unit Kerja"])
    data.append(["198609262015051001", "Rina Wulandari", "Bappeda"])
    book.save(path)
    assert [(r.line, r.nip) for r in read_roster(path)] == [(2, "198609262015051001")]


def test_a_workbook_saved_as_csv_is_read_as_a_workbook(tmp_path):
    path = tmp_path / "pegawai.csv"
    agency_workbook(path, GOOD_ROWS[1:])
    assert len(read_roster(path)) == 1


def test_files_that_are_not_workbooks(tmp_path):
    old = tmp_path / "pegawai.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512))
    assert problems(old) == [
        f"{old}: this is an old Excel file (.xls); open it in Excel and save it as .xlsx or CSV"]
    broken = tmp_path / "pegawai.xlsx"
    broken.write_text("NIP,Nama,Unit Kerja\n")
    (problem,) = problems(broken)
    assert problem.startswith(f"{broken}: cannot be read as an Excel workbook (.xlsx): ")
    assert problem.endswith(". Save it again as .xlsx or CSV.")


@pytest.mark.parametrize(("value", "text"), [
    (None, ""),
    ("  Bappeda ", "  Bappeda "),
    (198609262015051001, "198609262015051001"),  # an integer cell is exact
    (1.98609262015051e17, "1.98609262015051E+17"),  # as Excel shows a number that lost its digits
    (1.5e17, "1.5E+17"),
    (12345.0, "12345"),
    (2.5, "2.5"),
    (True, "TRUE"),
    (datetime(2020, 1, 1), "2020-01-01"),
    (datetime(2020, 1, 1, 7, 30), "2020-01-01 07:30:00"),
    (date(2020, 1, 1), "2020-01-01"),
    (time(7, 30), "07:30:00"),
])
def test_cell_text(value, text):
    assert cell_text(value) == text


def test_markup_in_a_name_or_unit_is_a_row_problem(tmp_path, store):
    """Names and units are printed on receipts and certificates: a roster cannot bring markup into them."""
    path = tmp_path / "pegawai.csv"
    path.write_text("NIP;Nama;Unit Kerja\n"
                    "198609262015051001;<b>Rina</b> Wulandari;Bappeda\n"
                    "199203152020122002;Siti Aminah;Dinas <script>\n", "utf-8")
    assert problems(path) == [f"{path}:2: field 'Nama': < and > are not allowed",
                              f"{path}:3: field 'Unit Kerja': < and > are not allowed"]
    with pytest.raises(RosterError):
        import_roster(store, path)
    assert store.count_participants() == 0
