"""The documents a participant takes home, end to end: a certificate and a pakta receipt made through the services for
a participant registered as "Ṣāliḥah Nur", read back from the real PDFs (name, place and date in words), their QR
codes decoded with zxing-cpp, and the public verification page those codes open, without signing in."""

from __future__ import annotations

import io
import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader

from asn_training.content.bundle import load_bundle
from asn_training.core.identity import mask_name
from asn_training.core.progress import ModuleProgress, Progress
from asn_training.formats.pdfs import certificate_pdf, receipt_pdf
from asn_training.i18n import format_date, today
from asn_training.server import verification_page
from asn_training.services.certificates import issue_certificate, verify
from asn_training.services.pledges import receipt_fields, sign_pledge
from asn_training.ui import ParticipantApp

from ..conftest import add_participant
from .drive import click, find, page_state

PUBLIC_URL = "http://192.168.1.20:8866/"
NAME, NIP, UNIT, PLACE = "Ṣāliḥah Nur", "199001012020122001", "Dinas Kominfo", "Pāre–Pāre"


def read_pdf(pdf: bytes) -> tuple[str, list[str]]:
    """The words of the PDF (whitespace made single spaces) and the text of every QR code in its images."""
    pages = PdfReader(io.BytesIO(pdf)).pages
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in pages))
    codes = [code.text for page in pages for image in page.images
             for code in zxingcpp.read_barcodes(Image.open(io.BytesIO(image.data)))]
    return text, codes


@pytest.fixture
def documents(sqlite_store, monkeypatch):
    """The certificate's and the receipt's PDFs, with their codes, made as the participant's app makes them."""
    monkeypatch.setenv("ASN_TRAINING_DB", sqlite_store.url)
    monkeypatch.setenv("ASN_TRAINING_PUBLIC_URL", PUBLIC_URL)
    bundle = load_bundle()
    participant = add_participant(sqlite_store, nip=NIP, name=f" {NAME} ", unit=UNIT)
    pakta = bundle.pledges["pakta-integritas"]
    signature = sign_pledge(sqlite_store, participant, pakta, acknowledged=[True] * len(pakta.points),
                            signed_name="ṣāliḥah  nur", place=PLACE)
    module = bundle.catalog.learning_modules[0]
    progress = Progress(modules=[ModuleProgress(module.id, "passed", 90.0, None, True)], test=None, signatures={},
                        self_assessed=False, certificate_code=None, resume_attempt=None)
    certificate = issue_certificate(sqlite_store, bundle.catalog, participant, progress)
    return {
        "certificate": (certificate.code, certificate_pdf(json.loads(certificate.payload), certificate.code, "id")),
        "receipt": (signature.code, receipt_pdf(pakta, receipt_fields(signature, participant), "id")),
    }


def open_page(monkeypatch, query: str) -> ParticipantApp:
    monkeypatch.setenv("QUERY_STRING", query)
    return ParticipantApp.from_environment()


@pytest.mark.parametrize("kind", ["certificate", "receipt"])
def test_a_document_prints_the_registered_name_and_its_qr_code_opens_the_verification_page(documents, sqlite_store,
                                                                                          monkeypatch,
                                                                                          kind):
    code, pdf = documents[kind]
    text, qr = read_pdf(pdf)
    assert NAME in text and "ṣāliḥah" not in text
    assert format_date(today(), "id") in text and today().isoformat() not in text
    if kind == "receipt":
        assert f"oleh {NAME} (NIP 19900101 202012 2 001) di {PLACE} pada {format_date(today(), 'id')}." in text
    assert qr == [f"{PUBLIC_URL}verifikasi?kode={code}"]
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1  # one sheet to hand out, the QR code beside the text

    typed = parse_qs(urlsplit(qr[0]).query)["kode"][0]
    page = verification_page(verify(sqlite_store, typed), typed, "id", "/")  # what the server's page shows
    state = re.sub(r"<[^>]+>", " ", page)
    assert f"Kode {code} tercatat" in state and mask_name(NAME) in state
    for private in (NAME, NIP, "19900101 202012 2 001", UNIT):
        assert private not in state, private
    assert ("Pakta Integritas" in state) if kind == "receipt" else ("Modul yang diselesaikan" in state)
    assert format_date(today(), "id") in state

    app = open_page(monkeypatch, f"verifikasi={code}")  # the address earlier documents printed still works
    assert not app.signed_in and mask_name(NAME) in page_state(app) and NAME not in page_state(app)


def test_the_verification_page_speaks_the_visitors_language_and_leads_to_the_app(documents, monkeypatch):
    code, _pdf = documents["certificate"]
    app = open_page(monkeypatch, f"lang=en&verifikasi={code.lower().replace('-', '+')}")
    assert f"Code {code} is on record" in page_state(app)
    click(app, "asn-home")
    assert find(app, "asn-nip") and "is on record" not in page_state(app)


@pytest.mark.parametrize("code", ["SRT-7KQ2M-9XW4T", "<script>", "PKT"])
def test_an_unknown_code_gets_a_friendly_notice(documents, monkeypatch, code):
    state = page_state(open_page(monkeypatch, f"verifikasi={code}"))
    assert "tidak kami temukan" in state and "<script>" not in state and "Traceback" not in state


def test_without_a_code_the_sign_in_page_opens(documents, monkeypatch):
    app = open_page(monkeypatch, "verifikasi=")
    assert find(app, "asn-nip") and "Verifikasi" not in page_state(app)


def test_serve_gives_kernels_the_address_phones_open_unless_one_is_set(monkeypatch):
    from asn_training import server

    monkeypatch.delenv("ASN_TRAINING_PUBLIC_URL", raising=False)
    monkeypatch.setattr(server, "lan_address", lambda: "192.168.1.20")
    assert server.voila_environment("sqlite://", "0.0.0.0", 8866)["ASN_TRAINING_PUBLIC_URL"] == PUBLIC_URL
    assert server.voila_environment("sqlite://", "127.0.0.1", 9000)["ASN_TRAINING_PUBLIC_URL"] == \
        "http://127.0.0.1:9000/"
    monkeypatch.setenv("ASN_TRAINING_PUBLIC_URL", "https://pelatihan.example.go.id/")
    assert server.voila_environment("sqlite://", "0.0.0.0", 8866)["ASN_TRAINING_PUBLIC_URL"] == \
        "https://pelatihan.example.go.id/"
