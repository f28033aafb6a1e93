"""PDF documents: the certificate of completion and the pledge receipt, drawn with fpdf2 (no external service).

Text is set in DejaVu Sans, embedded (shipped in ``formats/fonts``), so every name prints as it was registered,
"Ṣāliḥah" included. Names and places are printed as plain text: anything that looks like markup is dropped.
Dates are written as people write them ("25 November 2026"), as days of the agency's time zone; scores as
"87,5%" in Indonesian. The agency (``data/instansi.yaml``) heads the document and signs the certificate; a QR code
opens the public verification page at the kit's public address.
"""

from __future__ import annotations

import io
import re
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlencode, urljoin

from fpdf import FPDF

from .. import config
from ..content.agency import Agency, load_agency
from ..i18n import format_date, format_percent, t

FONTS = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVuSans"
QR_SIZE_MM, QR_MIN_MM = 32, 20  # a phone reads a 20 mm code from a hand's length
FOOTER_MM = 17
_MARKUP = re.compile(r"<[^>]*>?")


def plain(text: object) -> str:
    """Text as it is printed: tags and stray angle brackets dropped, whitespace made single spaces."""
    return " ".join(_MARKUP.sub(" ", str(text)).replace(">", " ").split())


def verification_url(code: str, base: str) -> str:
    """The address of the server's public verification page for ``code``, beside the app's address ``base``."""
    return urljoin(base, "verifikasi") + "?" + urlencode({"kode": code})


def local_day(value: date | datetime | str) -> date:
    """The day a stored value falls on for the agency: a date (or ISO date) as it is, a moment (an aware datetime or
    an ISO timestamp with its offset) converted to the agency's time zone."""
    if isinstance(value, str):
        value = date.fromisoformat(value) if len(value) == 10 else datetime.fromisoformat(value)
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: a moment needs its time zone")
        return value.astimezone(config.timezone()).date()
    return value


class _Document(FPDF):
    def __init__(self, title: str, code: str, lang: str, agency: Agency | None, public_url: str | None) -> None:
        super().__init__(format="A4")
        self.code, self.lang = code, lang
        self.agency = load_agency() if agency is None else agency
        self.public_url = config.public_url() if public_url is None else public_url
        self.add_font(FONT, "", FONTS / "DejaVuSans.ttf")
        self.add_font(FONT, "B", FONTS / "DejaVuSans-Bold.ttf")
        self.set_title(title)
        self.set_creator("Kit Pelatihan Netralitas ASN")
        if self.agency.name:
            self.set_author(self.agency.name)
        self.set_auto_page_break(auto=True, margin=20)
        self.add_page()

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font(FONT, size=8)
        key = "pdf.verify" if self.public_url else "pdf.verify_no_qr"
        self.cell(0, 8, t(key, self.lang, code=self.code), align="C")

    def line_text(self, text: str, size: int = 11, bold: bool = False, align: str = "L", height: float = 6) -> None:
        self.set_font(FONT, "B" if bold else "", size)
        self.multi_cell(0, height, text, align=align, new_x="LMARGIN", new_y="NEXT")

    def heading(self) -> None:
        """The agency's logo and name, centred at the top."""
        if self.agency.logo is not None:
            self.image(str(self.agency.logo), x=(self.w - 22) / 2, h=22)
            self.ln(2)
        if self.agency.name:
            self.line_text(plain(self.agency.name).upper(), size=12, bold=True, align="C")
            self.ln(4)

    def place_and_date(self, place: str, day: date | datetime | str) -> str:
        when = format_date(local_day(day), self.lang)
        return t("pdf.place_date", self.lang, place=plain(place), date=when) if plain(place) else \
            t("pdf.date", self.lang, date=when)

    def verification(self) -> None:
        """The code, and a QR code that opens the verification page (when the kit's address is known)."""
        self.ln(4)
        top = self.get_y()
        if self.public_url:
            import segno

            png = io.BytesIO()
            segno.make(verification_url(self.code, self.public_url), error="m").save(png, kind="png", scale=8,
                                                                                   border=4)
            size = min(QR_SIZE_MM, self.h - FOOTER_MM - top)  # smaller rather than alone on a page of its own
            if size < QR_MIN_MM:
                self.add_page()
                top, size = self.get_y(), QR_SIZE_MM
            self.image(png, x=self.l_margin, y=top, w=size, h=size)
            self.set_xy(self.l_margin + size + 4, top + min(8, size / 4))
            self.set_font(FONT, "B", 13)
            self.multi_cell(0, 7, t("pdf.code", self.lang, code=self.code), new_x="LMARGIN", new_y="NEXT")
            self.set_x(self.l_margin + size + 4)
            self.set_font(FONT, "", 9)
            self.multi_cell(0, 5, t("pdf.scan", self.lang), new_x="LMARGIN", new_y="NEXT")
            self.set_y(top + size + 2)
        else:
            self.line_text(t("pdf.code", self.lang, code=self.code), size=14, bold=True, align="C", height=8)


def certificate_pdf(payload: dict, code: str, lang: str, *, agency: Agency | None = None,
                    public_url: str | None = None) -> bytes:
    """The certificate: the agency, the registered name, NIP, unit, modules and scores, place and date in words,
    the signatory, the verification code and its QR code. ``agency`` defaults to ``data/instansi.yaml``,
    ``public_url`` to :func:`config.public_url`."""
    doc = _Document(t("pdf.certificate.title", lang), code, lang, agency, public_url)
    doc.heading()
    doc.line_text(t("pdf.certificate.title", lang), size=22, bold=True, align="C", height=12)
    doc.line_text(t("pdf.certificate.subtitle", lang), size=12, align="C")
    doc.ln(6)
    doc.line_text(t("pdf.certificate.given_to", lang), align="C")
    doc.line_text(plain(payload["name"]), size=18, bold=True, align="C", height=10)
    doc.line_text(f"NIP {payload['nip_formatted']}", align="C")
    doc.line_text(plain(payload["unit"]), align="C")
    doc.ln(5)
    doc.line_text(t("pdf.certificate.completed", lang), align="C")
    doc.ln(3)
    for module in payload["modules"]:
        title = module["title"].get(lang) or module["title"]["id"]
        doc.line_text(f"• {title}: {format_percent(module['best'], lang)}", size=11)
    if payload.get("gain") is not None:
        doc.ln(2)
        doc.line_text(t("pdf.certificate.gain", lang, pre=format_percent(payload["pre"], lang),
                        post=format_percent(payload["post"], lang)))
    doc.ln(4)
    doc.line_text(t("pdf.certificate.pledges", lang), size=10)
    doc.ln(4)
    doc.line_text(doc.place_and_date(doc.agency.place, payload["date"]), size=11, align="R")
    if doc.agency.signatory_name:
        doc.line_text(plain(doc.agency.signatory_title), size=11, align="R")
        doc.ln(16)
        doc.line_text(plain(doc.agency.signatory_name), size=11, bold=True, align="R")
    doc.verification()
    return bytes(doc.output())


def receipt_pdf(pledge, signature: dict, lang: str, *, agency: Agency | None = None,
                public_url: str | None = None) -> bytes:
    """The receipt of a signed pledge: the exact text signed, who (the registered name), where, when, the hash, the
    code and its QR code. ``signature`` as :func:`services.pledges.receipt_fields` gives it."""
    doc = _Document(pledge.title["id"], signature["code"], lang, agency, public_url)
    doc.heading()
    doc.line_text(t("pdf.receipt.title", lang), size=16, bold=True, align="C", height=9)
    doc.ln(4)
    for number, paragraph in enumerate(pledge.canonical("id").split("\n")):
        doc.line_text(paragraph, size=13 if number == 0 else 10, bold=number == 0)
        doc.ln(1)
    doc.ln(4)
    doc.line_text(t("pdf.receipt.signed", lang, name=plain(signature["name"]), nip=signature["nip_formatted"],
                    place=plain(signature["place"]), date=format_date(local_day(signature["signed_on"]), lang)))
    doc.line_text(t("pdf.receipt.version", lang, version=pledge.version, digest=signature["text_hash"]), size=8)
    if pledge.illustrative:
        doc.line_text(t("pdf.receipt.illustrative", lang), size=8)
    doc.verification()
    return bytes(doc.output())
