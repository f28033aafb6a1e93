"""Roster files: the employees of an agency, read from the CSV files agencies really have.

Accepted: UTF-8 with or without BOM (or Windows-1252), comma or semicolon separated, header names in Indonesian
or English in any case (``NIP``, ``Nama``, ``Unit Kerja``/``OPD``, ``Jenis``/``Status``, ``Jabatan``), NIP with
spaces or dots. Every row is checked; every rejected row is reported with its line and field, and then nothing is
imported: a roster is never half-imported.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from ..core.identity import EXCEL_NUMBER, normalise_id
from ..errors import InvalidInput, Problem, RosterError

COLUMNS = {
    "nip": ("nip", "ni pppk", "nip/ni pppk", "nomor induk", "id", "id pegawai", "employee id"),
    "name": ("nama", "name", "nama lengkap", "nama pegawai"),
    "unit": ("unit", "unit kerja", "opd", "satuan kerja", "perangkat daerah", "instansi"),
    "kind": ("jenis", "status", "jenis pegawai", "status pegawai", "kind"),
    "position": ("jabatan", "position"),
}
REQUIRED = ("nip", "name", "unit")
KIND_WORDS = {"pns": "pns", "cpns": "pns", "pppk": "pppk", "p3k": "pppk", "non asn": "non_asn",
              "non-asn": "non_asn", "nonasn": "non_asn", "honorer": "non_asn", "non_asn": "non_asn"}


@dataclass(frozen=True)
class RosterRow:
    line: int
    nip: str
    kind: str
    name: str
    unit: str
    position: str | None


def _decode(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise AssertionError("cp1252 decodes every byte string")  # pragma: no cover


def _header_key(name: str) -> str | None:
    name = re.sub(r"\s+", " ", name.strip().lower().replace("_", " "))
    return next((key for key, aliases in COLUMNS.items() if name in aliases), None)


def read_csv(path: Path) -> list[RosterRow]:
    """Read and check a roster CSV; raise :class:`RosterError` listing every rejected row."""
    display = str(path)
    try:
        text = _decode(Path(path).read_bytes())
    except OSError as exc:
        raise RosterError([Problem(display, None, None, "file.unreadable", {"detail": str(exc)})], display) from exc
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header_line, columns = _find_header(reader)
    if columns is None:
        raise RosterError([Problem(display, 1, None, "roster.no_header",
                                   {"columns": ", ".join(REQUIRED)})], display)
    problems: list[Problem] = []
    rows: list[RosterRow] = []
    seen: dict[str, int] = {}
    for cells in reader:
        line = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        values = {key: cells[i].strip() if i < len(cells) else "" for key, i in columns.items()}
        row, found = _check_row(values, display, line)
        problems += found
        if row is None:
            continue
        if row.nip in seen:
            problems.append(Problem(display, line, None, "roster.duplicate", {"nip": row.nip, "other": seen[row.nip]}))
            continue
        seen[row.nip] = line
        rows.append(row)
    if problems:
        raise RosterError(problems, display)
    if not rows:
        raise RosterError([Problem(display, header_line, None, "roster.empty")], display)
    return rows


def _find_header(reader) -> tuple[int, dict[str, int] | None]:
    """The first of the first ten lines that names the required columns (files may start with a title)."""
    for cells in reader:
        columns: dict[str, int] = {}
        for index, cell in enumerate(cells):
            key = _header_key(cell)
            if key and key not in columns:
                columns[key] = index
        if all(key in columns for key in REQUIRED):
            return reader.line_num, columns
        if reader.line_num >= 10:
            break
    return 0, None


def _check_row(values: dict[str, str], display: str, line: int) -> tuple[RosterRow | None, list[Problem]]:
    problems = []
    for field in REQUIRED:
        if not values.get(field):
            problems.append(Problem(display, line, None, "roster.missing", {"field": field}))
    kind = None
    if values.get("kind"):
        kind = KIND_WORDS.get(values["kind"].strip().lower())
        if kind is None:
            problems.append(Problem(display, line, None, "roster.bad_kind", {"value": values["kind"]}))
    nip = None
    if values.get("nip") and (kind or not values.get("kind")):
        try:
            nip, kind = _identify(values["nip"], kind)
        except InvalidInput as exc:
            problems.append(Problem(display, line, None, "roster.bad_field",
                                    {"field": "nip", "detail": exc}))
    if problems:
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
