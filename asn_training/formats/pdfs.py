"""PDF documents: the certificate of completion and the pledge receipt, drawn with fpdf2 (no external service).

The PDF core fonts cover Latin-1; typographic characters outside it are replaced by their plain equivalents.
Dates are written as people write them ("25 November 2026"), as days of the agency's time zone; scores as
"87,5%" in Indonesian.
"""

from __future__ import annotations

import unicodedata
from datetime import date, datetime

from fpdf import FPDF

from .. import config
from ..i18n import format_date, format_percent, t

_PLAIN = {"\u2026": "...", "\u2013": "-", "\u2014": "-", "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
          "\u2022": "-", "\u00a0": " ", "\u2192": "->", "\u2713": "v", "\u2714": "v"}


def plain(text: object) -> str:
    """Text the core fonts can draw: Latin-1, with typographic characters replaced."""
    text = "".join(_PLAIN.get(ch, ch) for ch in str(text))
    if all(ord(ch) < 256 for ch in text):
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if ord(ch) < 256 and not unicodedata.combining(ch))


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
    def __init__(self, title: str, code: str, lang: str) -> None:
        super().__init__(format="A4")
        self.code, self.lang = code, lang
        self.set_title(plain(title))
        self.set_creator("Kit Pelatihan Netralitas ASN")
        self.set_auto_page_break(auto=True, margin=20)
        self.add_page()

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("Helvetica", size=8)
        self.cell(0, 8, plain(t("pdf.verify", self.lang, code=self.code)), align="C")

    def line_text(self, text: str, size: int = 11, bold: bool = False, align: str = "L", height: float = 6) -> None:
        self.set_font("Helvetica", "B" if bold else "", size)
        self.multi_cell(0, height, plain(text), align=align, new_x="LMARGIN", new_y="NEXT")


def certificate_pdf(payload: dict, code: str, lang: str) -> bytes:
    """The certificate: name, NIP, unit, modules and scores, date, verification code."""
    doc = _Document(t("pdf.certificate.title", lang), code, lang)
    doc.ln(10)
    doc.line_text(t("pdf.certificate.title", lang), size=22, bold=True, align="C", height=12)
    doc.line_text(t("pdf.certificate.subtitle", lang), size=12, align="C")
    doc.ln(8)
    doc.line_text(t("pdf.certificate.given_to", lang), align="C")
    doc.line_text(payload["name"], size=18, bold=True, align="C", height=10)
    doc.line_text(f"NIP {payload['nip_formatted']}", align="C")
    doc.line_text(payload["unit"], align="C")
    doc.ln(6)
    doc.line_text(t("pdf.certificate.completed", lang), align="C")
    doc.ln(4)
    for module in payload["modules"]:
        title = module["title"].get(lang) or module["title"]["id"]
        doc.line_text(f"- {title}: {format_percent(module['best'], lang)}", size=11)
    if payload.get("gain") is not None:
        doc.ln(2)
        doc.line_text(t("pdf.certificate.gain", lang, pre=format_percent(payload["pre"], lang),
                        post=format_percent(payload["post"], lang)))
    doc.ln(6)
    doc.line_text(t("pdf.certificate.pledges", lang), size=10)
    doc.line_text(t("pdf.date", lang, date=format_date(local_day(payload["date"]), lang)), size=10)
    doc.ln(4)
    doc.line_text(t("pdf.code", lang, code=code), size=14, bold=True, align="C", height=8)
    return bytes(doc.output())


def receipt_pdf(pledge, signature: dict, lang: str) -> bytes:
    """The receipt of a signed pledge: the exact text signed, who, where, when, the hash and a code."""
    doc = _Document(pledge.title["id"], signature["code"], lang)
    doc.line_text(t("pdf.receipt.title", lang), size=16, bold=True, align="C", height=9)
    doc.ln(4)
    for number, paragraph in enumerate(pledge.canonical("id").split("\n")):
        doc.line_text(paragraph, size=13 if number == 0 else 10, bold=number == 0)
        doc.ln(1)
    doc.ln(4)
    doc.line_text(t("pdf.receipt.signed", lang, name=signature["signed_name"], nip=signature["nip_formatted"],
                    place=signature["place"], date=format_date(local_day(signature["signed_on"]), lang)))
    doc.line_text(t("pdf.receipt.version", lang, version=pledge.version, digest=signature["text_hash"]), size=8)
    if pledge.illustrative:
        doc.line_text(t("pdf.receipt.illustrative", lang), size=8)
    doc.ln(4)
    doc.line_text(t("pdf.code", lang, code=signature["code"]), size=14, bold=True, align="C", height=8)
    return bytes(doc.output())
