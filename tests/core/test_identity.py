"""NIP, NI PPPK and roster ids: structure checked, separators accepted, Excel damage recognised."""

from __future__ import annotations

from datetime import date

import pytest

from asn_training.core.identity import format_nip, mask_name, normalise_id
from asn_training.errors import InvalidInput

TODAY = date(2026, 11, 22)


@pytest.mark.parametrize(("raw", "kind", "expected"), [
    ("198609262015051001", "pns", "198609262015051001"),
    ("19860926 201505 1 001", "pns", "198609262015051001"),
    ("19860926.201505.1.001", "pns", "198609262015051001"),
    (" 19860926-201505-2-003 ", "pns", "198609262015052003"),
    ("199001012022211001", "pppk", "199001012022211001"),  # digits 13-14 are a contract field, not a month
    ("na-0007", "non_asn", "NA-0007"),
])
def test_valid_numbers_are_normalised(raw, kind, expected):
    assert normalise_id(raw, kind, TODAY) == expected


@pytest.mark.parametrize(("raw", "kind", "key"), [
    ("", "pns", "nip.empty"),
    ("19860926201505100", "pns", "nip.length"),
    ("131110468", "pns", "nip.length"),  # an old 9-digit NIP
    ("1,98609E+17", "pns", "nip.excel_number"),
    ("abc", "pns", "nip.not_digits"),
    ("19860926-2015O5-1-001", "pns", "nip.not_digits"),  # a letter O for a zero
    ("198613262015051001", "pns", "nip.birth_date"),
    ("198609262015131001", "pns", "nip.tmt"),
    ("198609262000051001", "pns", "nip.tmt"),  # appointed at 13
    ("198609262027051001", "pns", "nip.tmt"),  # in the future
    ("199001012022211001", "pns", "nip.tmt"),  # a PPPK number is not a PNS number
    ("198609262015053001", "pns", "nip.gender"),
    ("198609262015051000", "pns", "nip.serial"),
    ("199001012030211001", "pppk", "nip.appointment_year"),
    ("x", "non_asn", "nip.roster_id"),
    ("198609262015051001", "tni", "nip.kind"),
])
def test_invalid_numbers_say_why(raw, kind, key):
    with pytest.raises(InvalidInput) as caught:
        normalise_id(raw, kind, TODAY)
    assert caught.value.key == key


def test_messages_name_the_number_in_both_languages():
    with pytest.raises(InvalidInput) as caught:
        normalise_id("198609262015053001", "pns", TODAY)
    assert caught.value.message("id") == ("NIP '198609262015053001': angka ke-15 harus 1 (laki-laki) atau "
                                          "2 (perempuan), bukan 3.")
    assert caught.value.message("en") == "NIP '198609262015053001': digit 15 must be 1 (male) or 2 (female), not 3."


def test_format_and_mask():
    assert format_nip("198609262015051001") == "19860926 201505 1 001"
    assert format_nip("NA-0007") == "NA-0007"
    assert mask_name("Rina  Wulandari") == "Ri** Wu*******"
    assert mask_name("Al") == "Al"


def test_letters_are_not_counted_as_digits():
    with pytest.raises(InvalidInput) as caught:
        normalise_id("abc", "pns", TODAY)
    for lang in ("id", "en"):
        message = caught.value.message(lang)
        assert "18" in message and "3" not in message
    assert "huruf" in caught.value.message("id").lower() and "letters" in caught.value.message("en").lower()


def test_excel_number_typed_by_a_participant_gets_a_participant_message():
    with pytest.raises(InvalidInput) as typed:
        normalise_id("1.98609E+17", "pns", TODAY, typed=True)
    with pytest.raises(InvalidInput) as roster:
        normalise_id("1.98609E+17", "pns", TODAY)
    assert "kolom" not in typed.value.message("id").lower() and "column" not in typed.value.message("en").lower()
    assert "18" in typed.value.message("id")
    assert "column" in roster.value.message("en").lower()  # the roster keeps the administrator's advice
