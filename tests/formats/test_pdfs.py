"""PDF documents say names, dates and scores as people write them, on the agency's day, with the agency's details
and a QR code that opens the verification page; read back with pypdf and zxing-cpp."""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime

import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader

from asn_training.content.agency import Agency, load_agency
from asn_training.errors import ContentError
from asn_training.formats.pdfs import certificate_pdf, local_day, plain, receipt_pdf

NO_AGENCY = Agency()
AGENCY = Agency(name="Pemerintah Kota Parepare", place="Parepare", signatory_name="Dr. Ṣāliḥ Ahmad, M.Si.",
                signatory_title="Sekretaris Daerah")

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
    text = text_of(certificate_pdf(PAYLOAD, "SRT-ABCD-EFGH", lang, agency=NO_AGENCY))
    assert all(part in text for part in expected), text
    assert "2026-11-25" not in text


@pytest.mark.parametrize(("zone", "day"), [("Asia/Jakarta", "25 November 2026"), ("UTC", "24 November 2026"),
                                           ("Asia/Jayapura", "25 November 2026")])
def test_a_moment_is_dated_by_the_agency_day_not_the_servers(monkeypatch, zone, day):
    monkeypatch.setenv("ASN_TRAINING_TZ", zone)
    issued = datetime(2026, 11, 24, 17, 30, tzinfo=UTC)  # 00:30 WIB on 25 November
    for value in (issued, issued.isoformat()):
        text = text_of(certificate_pdf(PAYLOAD | {"date": value}, "SRT-ABCD-EFGH", "id", agency=NO_AGENCY))
        assert f"Tanggal: {day}" in text


def test_receipt_writes_the_signing_day_in_words(pledges):
    pledge = pledges["ikrar-netralitas"]
    signature = {"code": "IKR-ABCD-EFGH", "name": "Rina Wulandari", "nip_formatted": "19860926 201505 1 001",
                 "place": "Bandung", "signed_on": "2026-08-17", "text_hash": pledge.digest}
    assert "di Bandung pada 17 Agustus 2026." in text_of(receipt_pdf(pledge, signature, "id"))
    assert "at Bandung on 17 August 2026." in text_of(receipt_pdf(pledge, signature | {"signed_on": date(2026, 8, 17)},
                                                                  "en"))


def test_local_day_refuses_a_moment_without_its_zone():
    assert local_day("2026-11-25") == local_day(date(2026, 11, 25)) == date(2026, 11, 25)
    with pytest.raises(ValueError, match="naive datetime"):
        local_day("2026-11-24T17:30:00")


def qr_codes(pdf: bytes) -> list[str]:
    """The text of every QR code drawn in the PDF, decoded from its images."""
    found = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for image in page.images:
            found += [code.text for code in zxingcpp.read_barcodes(Image.open(io.BytesIO(image.data)))]
    return found


def test_the_certificate_carries_the_agency_the_signatory_and_a_qr_code_to_the_verification_page():
    pdf = certificate_pdf(PAYLOAD | {"name": "Ṣāliḥah Nur"}, "SRT-ABCDE-FGHJK", "id", agency=AGENCY,
                          public_url="http://192.168.1.20:8866/")
    text = text_of(pdf)
    for part in ("PEMERINTAH KOTA PAREPARE", "Ṣāliḥah Nur", "Parepare, 25 November 2026", "Sekretaris Daerah",
                 "Dr. Ṣāliḥ Ahmad, M.Si.", "Kode verifikasi: SRT-ABCDE-FGHJK"):
        assert part in text, part
    assert qr_codes(pdf) == ["http://192.168.1.20:8866/verifikasi?kode=SRT-ABCDE-FGHJK"]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_no_document_tells_the_participant_to_run_a_command(pledges, lang):
    signature = {"code": "PKT-ABCDE-FGHJK", "name": "Rina Wulandari", "nip_formatted": "19860926 201505 1 001",
                 "place": "Bandung", "signed_on": "2026-08-17", "text_hash": pledges["pakta-integritas"].digest}
    for pdf in (certificate_pdf(PAYLOAD, "SRT-ABCDE-FGHJK", lang, agency=AGENCY, public_url=""),
                receipt_pdf(pledges["pakta-integritas"], signature, lang, agency=AGENCY, public_url="http://x/")):
        text = text_of(pdf)
        assert "asn-training" not in text and "verify" not in text.replace("verifikasi", ""), text


def test_without_a_public_address_the_code_is_printed_without_a_qr_code():
    pdf = certificate_pdf(PAYLOAD, "SRT-ABCDE-FGHJK", "id", agency=NO_AGENCY, public_url="")
    assert qr_codes(pdf) == [] and "Kode verifikasi: SRT-ABCDE-FGHJK" in text_of(pdf)


def test_markup_in_a_name_or_place_prints_as_plain_text(pledges):
    signature = {"code": "IKR-ABCDE-FGHJK", "name": "<b>budi</b>   Santoso", "nip_formatted": "19860926 201505 1 001",
                 "place": "<i>Bandung</i>", "signed_on": "2026-08-17", "text_hash": pledges["ikrar-netralitas"].digest}
    text = text_of(receipt_pdf(pledges["ikrar-netralitas"], signature, "id", agency=NO_AGENCY, public_url=""))
    assert "oleh budi Santoso (NIP" in text and "di Bandung pada 17 Agustus 2026." in text
    assert "<" not in text and ">" not in text
    assert plain("Rina <script>x</script> Wulandari >") == "Rina x Wulandari"


def test_the_agency_logo_heads_the_document(tmp_path):
    Image.new("RGB", (60, 60), "navy").save(tmp_path / "logo.png")
    (tmp_path / "instansi.yaml").write_text("schema_version: 1\nname: Pemkot Contoh\nlogo: logo.png\n", "utf-8")
    agency = load_agency(tmp_path / "instansi.yaml")
    assert agency.logo == (tmp_path / "logo.png").resolve() and agency.signatory_name == ""
    pdf = certificate_pdf(PAYLOAD, "SRT-ABCDE-FGHJK", "id", agency=agency, public_url="")
    assert len(PdfReader(io.BytesIO(pdf)).pages[0].images) == 1 and "PEMKOT CONTOH" in text_of(pdf)


@pytest.mark.parametrize(("content", "problem"), [
    ("schema_version: 1\nname: Pemkot\nlogo: tidak-ada.png\n", "tidak-ada.png"),
    ("schema_version: 1\nname: <b>Pemkot</b>\n", "name"),
    ("schema_version: 1\nname: Pemkot\nsignatory:\n  name: Budi\n", "title"),
])
def test_a_bad_agency_setting_names_the_file_line_and_field(tmp_path, content, problem):
    (tmp_path / "instansi.yaml").write_text(content, "utf-8")
    with pytest.raises(ContentError) as error:
        load_agency(tmp_path / "instansi.yaml")
    message = error.value.message("id")
    assert "instansi.yaml:" in message and problem in message, message


def test_the_kits_agency_setting_is_valid_and_no_setting_means_no_agency(tmp_path):
    assert load_agency().name
    assert load_agency(tmp_path / "instansi.yaml") == Agency()
