"""Roster files: the employees of an agency, read from the files agencies really have.

Accepted: CSV, TSV or TXT exports (comma, semicolon, tab or bar separated, found by :class:`csv.Sniffer` on the
header region; UTF-8 with or without BOM, UTF-16 with BOM as Excel's "Unicode Text", else Windows-1252) and Excel
workbooks (.xlsx, read with openpyxl). A title and merged header rows may stand above the column names, which are
in Indonesian or English in any case (``NIP``, ``Nama``, ``Unit Kerja``/``OPD``, ``Jenis``/``Status``,
``Jabatan``); NIPs may have spaces or dots. Both kinds of file go through the same row checks; every rejected row is
reported with its row number (as the spreadsheet shows it) and its column, and then nothing is imported: a roster
is never half-imported.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import warnings
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from itertools import islice
from pathlib import Path

from ..core.identity import EXCEL_NUMBER, normalise_id
from ..errors import InvalidInput, Problem, RosterError

COLUMNS = {
    "nip": ("nip", "nip baru", "ni pppk", "nip/ni pppk", "nomor induk", "id", "id pegawai", "employee id"),
    "name": ("nama", "name", "nama lengkap", "nama pegawai"),
    "unit": ("unit", "unit kerja", "unit organisasi", "opd", "satuan kerja", "perangkat daerah", "instansi"),
    "kind": ("jenis", "status", "jenis pegawai", "status pegawai", "kind"),
    "position": ("jabatan", "nama jabatan", "position"),
}
REQUIRED = ("nip", "name", "unit")
KIND_WORDS = {"pns": "pns", "cpns": "pns", "pppk": "pppk", "p3k": "pppk", "non asn": "non_asn",
              "non-asn": "non_asn", "nonasn": "non_asn", "honorer": "non_asn", "non_asn": "non_asn"}
MAX_LENGTH = {"nip": 32, "name": 200, "unit": 200, "position": 200}  # the columns of store.models.Participant
DELIMITERS = ",;\t|"
HEADER_ROWS = 10  # the column names must be within the first ten rows
SAMPLE_ROWS = 20  # rows from the header on that csv.Sniffer looks at
XLSX_SUFFIXES = (".xlsx", ".xlsm")
ZIP_MAGIC = b"PK\x03\x04"
OLD_EXCEL_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
EXACT_DIGITS = 10**15  # Excel keeps 15 significant digits: a larger number has lost its last ones

Record = Sequence[object]  # the cells of one spreadsheet row


@dataclass(frozen=True)
class RosterRow:
    line: int  # the row number as the spreadsheet shows it
    nip: str
    kind: str
    name: str
    unit: str
    position: str | None


@dataclass(frozen=True)
class Header:
    last: int  # index of the header's last record (a merged header spans two)
    columns: dict[str, int]  # field -> cell index
    names: dict[str, str]  # field -> the column name as the file writes it, for messages


def read_roster(path: Path | str) -> list[RosterRow]:
    """Read and check a roster (CSV/TSV/TXT or XLSX); raise :class:`RosterError` listing every rejected row."""
    path = Path(path)
    display = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise _rejected(display, None, "file.unreadable", detail=exc.strerror or str(exc)) from exc
    if raw.startswith(OLD_EXCEL_MAGIC):
        raise _rejected(display, None, "roster.old_excel")
    if raw.startswith(ZIP_MAGIC) or path.suffix.lower() in XLSX_SUFFIXES:
        return check_records(_xlsx_records(raw, display), display)
    return check_records(_text_records(raw, display), display)


def _rejected(display: str, line: int | None, key: str, **params: object) -> RosterError:
    return RosterError([Problem(display, line, None, key, params)], display)


# Reading: every format becomes a list of records (lists of cell values), one per spreadsheet row -------------------

def _decode(raw: bytes) -> str:
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16", errors="replace")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")  # cp1252 leaves five bytes undefined; latin-1 decodes every byte


def _text_records(raw: bytes, display: str) -> list[list[str]]:
    text = _decode(raw)
    candidates = _delimiters(text)
    for delimiter in candidates:  # the sniffed one first; the others only if it finds no header
        try:
            top: list[list[str]] = list(islice(csv.reader(io.StringIO(text), delimiter=delimiter), HEADER_ROWS + 1))
        except csv.Error:
            continue
        if _find_header(top):
            break
    else:
        delimiter = candidates[0]
    records: list[list[str]] = []
    try:
        for cells in csv.reader(io.StringIO(text), delimiter=delimiter):
            records.append(cells)
    except csv.Error as exc:  # e.g. a cell past the csv module's size limit
        raise _rejected(display, len(records) + 1, "roster.bad_csv", detail=str(exc)) from exc
    return records


def _delimiters(text: str) -> list[str]:
    """The delimiters to try, best first: csv.Sniffer on the header region (from the column names on, so that title
    rows and commas in names do not mislead it), then the others by how often the header line holds them."""
    lines = text.splitlines()[:HEADER_ROWS + SAMPLE_ROWS]
    start = next((i for i, line in enumerate(lines[:HEADER_ROWS])
                  if _complete(_columns(re.split(r"[,;\t|]", line)))), 0)
    region = lines[start:start + SAMPLE_ROWS]
    ranked = sorted(DELIMITERS, key=lambda d: -region[0].count(d)) if region else list(DELIMITERS)
    try:
        sniffed = csv.Sniffer().sniff("\n".join(region), delimiters=DELIMITERS).delimiter
    except csv.Error:
        return ranked
    return [sniffed, *(d for d in ranked if d != sniffed)]


def _xlsx_records(raw: bytes, display: str) -> list[list[object]]:
    """The rows of the first sheet (the active one first) that has the column names; values, not formulas."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # notes on unsupported extensions (validation, styles): no cell we read
            book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, TypeError, OSError) as exc:
        raise _rejected(display, None, "roster.bad_xlsx", detail=str(exc) or type(exc).__name__) from exc
    try:
        sheets = [book.active, *(sheet for sheet in book.worksheets if sheet is not book.active)]
        sheets = [sheet for sheet in sheets if hasattr(sheet, "iter_rows")]  # not chart sheets
        for sheet in sheets:
            sheet.reset_dimensions()  # some writers store a wrong size; read every row there is
            top = [list(row) for row in sheet.iter_rows(max_row=HEADER_ROWS + 1, values_only=True)]
            if _find_header(top):
                return [list(row) for row in sheet.iter_rows(values_only=True)]
        return [list(row) for row in sheets[0].iter_rows(values_only=True)] if sheets else []
    finally:
        book.close()


def cell_text(value: object) -> str:
    """A cell as text: numbers as their digits (an Excel number too large to be exact as Excel shows it, so that
    a NIP that lost its digits is refused), dates as ISO dates, empty cells as ''."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, float):
        if not value.is_integer():
            return repr(value)
        if abs(value) < EXACT_DIGITS:
            return str(int(value))
        mantissa, exponent = f"{value:.14E}".split("E")
        return f"{mantissa.rstrip('0').rstrip('.')}E{exponent}"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


def _clean(value: object) -> str:
    """Text with runs of white space (line breaks in a cell, tabs) as one space and control characters dropped."""
    text = "".join(c for c in cell_text(value) if c.isprintable() or c.isspace())
    return re.sub(r"\s+", " ", text).strip()


# The header: the first of the first ten rows naming the required columns, alone or with the row below ------------

def _header_key(value: object) -> str | None:
    name = _clean(value).lower().replace("_", " ").strip(" :*.")
    return next((key for key, aliases in COLUMNS.items() if name in aliases), None)


def _columns(cells: Record) -> dict[str, tuple[int, str]]:
    found: dict[str, tuple[int, str]] = {}
    for index, cell in enumerate(cells):
        key = _header_key(cell)
        if key and key not in found:
            found[key] = (index, _clean(cell))
    return found


def _complete(columns: dict) -> bool:
    return all(key in columns for key in REQUIRED)


def _find_header(records: Sequence[Record]) -> Header | None:
    """A header on one row, or on two where merged cells put a heading above sub-headings (``Identitas`` over
    ``NIP | Nama``) or one column name spans both rows (``Unit Kerja``)."""
    for index, cells in enumerate(records[:HEADER_ROWS]):
        columns, last = _columns(cells), index
        below = _columns(records[index + 1]) if index + 1 < len(records) else {}
        if below:
            columns, last = {**columns, **below}, index + 1
        if _complete(columns):
            return Header(last, {k: i for k, (i, _) in columns.items()}, {k: n for k, (_, n) in columns.items()})
    return None


def _is_numbering(cells: Record) -> bool:
    """The row of column numbers (1, 2, 3 ... or (1), (2) ...) that government forms put under the header."""
    values = [text for text in map(_clean, cells) if text]
    return len(values) >= len(REQUIRED) and all(re.fullmatch(rf"\(?{n}\)?", v) for n, v in enumerate(values, 1))


# The row checks, the same for every format ------------------------------------------------------------------------

def check_records(records: Sequence[Record], display: str) -> list[RosterRow]:
    """Check every row under the header; raise :class:`RosterError` listing every problem."""
    header = _find_header(records)
    if header is None:
        raise _rejected(display, 1, "roster.no_header", columns=", ".join(REQUIRED))
    start = header.last + 1
    if start < len(records) and _is_numbering(records[start]):
        start += 1
    problems: list[Problem] = []
    rows: list[RosterRow] = []
    seen: dict[str, int] = {}
    for index in range(start, len(records)):
        cells, line = records[index], index + 1
        values = {key: _clean(cells[i]) if i < len(cells) else "" for key, i in header.columns.items()}
        if not any(values.values()):
            continue  # an empty row, or a numbered row of an unfilled template
        row, found = _check_row(values, header.names, display, line)
        problems += found
        if row is None:
            continue
        if row.nip in seen:
            problems.append(Problem(display, line, None, "roster.duplicate",
                                    {"field": header.names["nip"], "nip": row.nip, "other": seen[row.nip]}))
            continue
        seen[row.nip] = line
        rows.append(row)
    if problems:
        raise RosterError(problems, display)
    if not rows:
        raise _rejected(display, header.last + 1, "roster.empty")
    return rows


def _check_row(values: dict[str, str], names: dict[str, str], display: str,
               line: int) -> tuple[RosterRow | None, list[Problem]]:
    problems = []

    def problem(key: str, field: str, **params: object) -> None:
        problems.append(Problem(display, line, None, key, {"field": names[field], **params}))

    for field in REQUIRED:
        if not values.get(field):
            problem("roster.missing", field)
    for field in ("name", "unit", "position"):
        if len(values.get(field) or "") > MAX_LENGTH[field]:
            problem("roster.too_long", field, length=len(values[field]), limit=MAX_LENGTH[field])
        if any(mark in (values.get(field) or "") for mark in "<>"):  # printed on documents: plain words only
            problem("roster.markup", field)
    kind = None
    if values.get("kind"):
        kind = KIND_WORDS.get(values["kind"].lower())
        if kind is None:
            problem("roster.bad_kind", "kind", value=values["kind"])
    nip = None
    if values.get("nip") and (kind or not values.get("kind")):
        try:
            nip, kind = _identify(values["nip"], kind)
        except InvalidInput as exc:
            problem("roster.bad_field", "nip", detail=exc)
        else:
            if len(nip) > MAX_LENGTH["nip"]:
                problem("roster.too_long", "nip", length=len(nip), limit=MAX_LENGTH["nip"])
    if problems or nip is None or kind is None:
        return None, problems
    return RosterRow(line, nip, kind, values["name"], values["unit"], values.get("position") or None), []


def _identify(raw: str, kind: str | None) -> tuple[str, str]:
    """Validate as the given kind; without one, as PNS, then PPPK, then a non-ASN roster id."""
    if kind:
        return normalise_id(raw, kind), kind
    digits = re.sub(r"[\s.\-]", "", raw)
    if not digits.isdigit() and not EXCEL_NUMBER.search(raw):
        return normalise_id(raw, "non_asn"), "non_asn"
    try:
        return normalise_id(raw, "pns"), "pns"
    except InvalidInput as first:
        try:
            return normalise_id(raw, "pppk"), "pppk"
        except InvalidInput:
            raise first from None
