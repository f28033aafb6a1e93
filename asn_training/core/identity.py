"""Employee numbers: NIP (PNS), NI PPPK and the roster id of non-ASN staff (legal reference §15).

- NIP PNS, 18 digits: birth date YYYYMMDD, TMT CPNS YYYYMM, gender (1 or 2), serial (001-999).
- NI PPPK, 18 digits: birth date YYYYMMDD, year of first PPPK appointment YYYY, a two-digit contract field
  (not a month), gender (1 or 2), serial (001-999).
Spaces, dots and dashes are accepted and removed. A number that went through Excel as a float (``1.98E+17``)
has lost digits and is refused with a message that says so: to the administrator loading a roster, how to fix the
file; to a participant who typed or pasted it, to type the 18 digits.
"""

from __future__ import annotations

import re
from datetime import date

from ..errors import InvalidInput

KINDS = ("pns", "pppk", "non_asn")
_SEPARATORS = re.compile(r"[\s.\-]+")
EXCEL_NUMBER = re.compile(r"\d[eE]\+?\d+$")
_ROSTER_ID = re.compile(r"^[A-Z0-9][A-Z0-9/_-]{2,29}$")


def _birth_date(digits: str, shown: str) -> date:
    try:
        born = date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        raise InvalidInput("nip.birth_date", nip=shown) from None
    if born.year < 1940:
        raise InvalidInput("nip.birth_date", nip=shown)
    return born


def normalise_id(raw: object, kind: str, today: date | None = None, *, typed: bool = False) -> str:
    """Validate and normalise an employee number of ``kind``; raise :class:`InvalidInput` saying why.

    ``typed``: a participant typed it (not a roster file), so messages speak to them, not to an administrator."""
    today = today or date.today()
    shown = str(raw if raw is not None else "").strip()
    if kind not in KINDS:
        raise InvalidInput("nip.kind", kind=kind, kinds=", ".join(KINDS))
    if kind == "non_asn":
        value = re.sub(r"\s+", "", shown).upper()
        if not _ROSTER_ID.match(value):
            raise InvalidInput("nip.roster_id", nip=shown)
        return value
    if EXCEL_NUMBER.search(shown):
        raise InvalidInput("nip.excel_number_typed" if typed else "nip.excel_number", nip=shown)
    digits = _SEPARATORS.sub("", shown)
    if not shown:
        raise InvalidInput("nip.empty")
    if not digits.isdigit():
        raise InvalidInput("nip.not_digits", nip=shown)
    if len(digits) != 18:
        raise InvalidInput("nip.length", nip=shown, count=len(digits))
    born = _birth_date(digits, shown)
    if kind == "pns":
        year, month = int(digits[8:12]), int(digits[12:14])
        if not 1 <= month <= 12 or year < born.year + 15 or (year, month) > (today.year, today.month):
            raise InvalidInput("nip.tmt", nip=shown, tmt=digits[8:14])
    else:
        year = int(digits[8:12])
        if year < born.year + 15 or year > today.year + 1:
            raise InvalidInput("nip.appointment_year", nip=shown, year=digits[8:12])
    if digits[14] not in "12":
        raise InvalidInput("nip.gender", nip=shown, digit=digits[14])
    if digits[15:] == "000":
        raise InvalidInput("nip.serial", nip=shown)
    return digits


def format_nip(digits: str) -> str:
    """``19860926 201505 1 001`` for an 18-digit number; other ids as they are."""
    if len(digits) == 18 and digits.isdigit():
        return f"{digits[:8]} {digits[8:14]} {digits[14]} {digits[15:]}"
    return digits


def mask_name(name: str) -> str:
    """``Ri** Wu*******``: enough for people to recognise their own name, not to learn a stranger's."""
    return " ".join(word[:2] + "*" * max(0, len(word) - 2) for word in name.split())
