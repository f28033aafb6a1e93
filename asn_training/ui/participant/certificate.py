"""The certificate of completion (PDF with a verification code), once every required module is passed and every
pledge signed; the same certificate on every later visit."""

from __future__ import annotations

import json

import ipywidgets as widgets

from ...errors import InvalidInput
from ...i18n import t
from ...services.certificates import issue_certificate
from ..kit.widgets import card, download_html, esc
from .page import ParticipantPage


class CertificatePage(ParticipantPage):
    def __init__(self, app, arg=None) -> None:
        super().__init__(app, arg)
        state = app.progress()
        if not state.eligible:  # opened by its address before it is earned: say what is missing, by title
            raise InvalidInput("certificate.missing", missing=app.missing_titles(state))
        self.certificate = issue_certificate(app.store, app.catalog, self.state.participant, state)
        self.route = "sertifikat"
        self.text, self.link = widgets.HTML(), widgets.HTML()
        self.root.children = [card(self.text, self.link, css="asn-certificate"), self.home_button()]

    def update(self) -> None:
        from ...formats.pdfs import certificate_pdf  # fpdf2 pulls in numpy and Pillow: only when a PDF is made

        lang, certificate = self.lang, self.certificate
        data = certificate_pdf(json.loads(certificate.payload), certificate.code, lang)
        self.text.value = (f"<h2>{esc(t('certificate.heading', lang))}</h2>"
                           f"<p class='asn-good'>{esc(t('certificate.issued', lang))}</p>"
                           f"<p>{esc(t('pdf.code', lang, code=certificate.code))}</p>")
        self.link.value = download_html(t("certificate.download", lang), f"sertifikat-{certificate.code}.pdf", data)
