"""PDF documents say dates and scores as people write them, on the agency's day, read back with pypdf."""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime

import pytest
from pypdf import PdfReader

from asn_training.formats.pdfs import certificate_pdf, local_day, receipt_pdf

PAYLOAD = {
    "name": "Rina Wulandari", "nip": "198609262015051001", "nip_formatted": "19860926 201505 1 001",
    "unit": "Bappeda", "date": "2026-11-25",
    "modules": [{"id": "contoh", "title": {"id": "Netralitas di media sosial", "en": "Neutrality on social media"},
                 "best": 87.5}],
    "pre": 40.0, "post": 92.5, "gain": 52.5,
}


def text_of(pdf: bytes) -> str:
    """The words of the PDF, whitespace made single spaces (lines may break anywhere)."""
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))


@pytest.mark.parametrize(("lang", "expected"), [
    ("id", ["Tanggal: 25 November 2026", "Netralitas di media sosial: 87,5%", "Nilai pre-test 40%, post-test 92,5%."]),
    ("en", ["Date: 25 November 2026", "Neutrality on social media: 87.5%", "Pre-test 40%, post-test 92.5%."]),
])
def test_certificate_writes_the_date_and_scores_in_the_readers_language(lang, expected):
    text = text_of(certificate_pdf(PAYLOAD, "SRT-ABCD-EFGH", lang))
    assert all(part in text for part in expected), text
    assert "2026-11-25" not in text


@pytest.mark.parametrize(("zone", "day"), [("Asia/Jakarta", "25 November 2026"), ("UTC", "24 November 2026"),
                                           ("Asia/Jayapura", "25 November 2026")])
def test_a_moment_is_dated_by_the_agency_day_not_the_servers(monkeypatch, zone, day):
    monkeypatch.setenv("ASN_TRAINING_TZ", zone)
    issued = datetime(2026, 11, 24, 17, 30, tzinfo=UTC)  # 00:30 WIB on 25 November
    for value in (issued, issued.isoformat()):
        text = text_of(certificate_pdf(PAYLOAD | {"date": value}, "SRT-ABCD-EFGH", "id"))
        assert f"Tanggal: {day}" in text


def test_receipt_writes_the_signing_day_in_words(pledges):
    pledge = pledges["ikrar-netralitas"]
    signature = {"code": "IKR-ABCD-EFGH", "signed_name": "Rina Wulandari", "nip_formatted": "19860926 201505 1 001",
                 "place": "Bandung", "signed_on": "2026-08-17", "text_hash": pledge.digest}
    assert "di Bandung pada 17 Agustus 2026." in text_of(receipt_pdf(pledge, signature, "id"))
    assert "at Bandung on 17 August 2026." in text_of(receipt_pdf(pledge, signature | {"signed_on": date(2026, 8, 17)},
                                                                  "en"))


def test_local_day_refuses_a_moment_without_its_zone():
    assert local_day("2026-11-25") == local_day(date(2026, 11, 25)) == date(2026, 11, 25)
    with pytest.raises(ValueError, match="naive datetime"):
        local_day("2026-11-24T17:30:00")
