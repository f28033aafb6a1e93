"""Signing a pledge (ikrar netralitas, pakta integritas): every point ticked, the full name typed as signature, the
place; then a receipt (PDF) with its verification code. A new wording must be signed again."""

from __future__ import annotations

import ipywidgets as widgets

from ...errors import InvalidInput
from ...i18n import format_date, pick, t, today
from ...services.pledges import current_signature, receipt_fields, sign_pledge
from ..kit.widgets import card, download_html, esc, paragraphs, row, text_field
from .page import ParticipantPage


class PledgePage(ParticipantPage):
    def __init__(self, app, arg=None) -> None:
        super().__init__(app, arg)
        if arg not in app.pledges:
            raise InvalidInput("route.unknown")
        self.pledge = app.pledges[arg]
        self.route = f"ikrar/{arg}"
        self.signature = current_signature(app.store, self.state.participant.id, self.pledge)
        self.head = widgets.HTML()
        self.receipt_text, self.receipt_link = widgets.HTML(), widgets.HTML()
        self.receipt = self.own(card(self.receipt_text, self.receipt_link, css="asn-receipt"))
        self.boxes = []
        for _point in self.pledge.points:
            box = widgets.Checkbox(indent=False, layout=widgets.Layout(width="100%"))
            box.add_class("asn-ack")
            self.boxes.append(box)
        self.closing = widgets.HTML()
        self.name = self.label(text_field("", "asn-sign-name"), "pledge.name")
        self.place = self.label(text_field("", "asn-sign-place"), "pledge.place")
        sign = self.button("pledge.sign_button", self._sign, primary=True, css="asn-sign")
        self.form = self.own(widgets.VBox([*self.boxes, self.closing, self.name, self.place, self.notice_slot(),
                                           row(sign, self.home_button())]))
        self.home = self.own(self.home_button())

    def update(self) -> None:
        lang, pledge = self.lang, self.pledge
        head = f"<h2>{esc(pick(pledge.title, lang))}</h2>"
        if pledge.illustrative:
            head += f"<p class='asn-muted'>{esc(t('pledge.illustrative', lang))}</p>"
        if self.signature is not None:
            self.head.value = head + signed_html(pledge, lang)
            self._receipt()
            self.root.children = [self.head, self.receipt, self.home]
            return
        self.head.value = head + paragraphs(pick(pledge.intro, lang))
        for number, (box, point) in enumerate(zip(self.boxes, pledge.points, strict=True), start=1):
            box.description = f"{number}. {pick(point, lang)}"
        self.closing.value = (f"{paragraphs(pick(pledge.closing, lang))}<p class='asn-muted'>"
                              f"{esc(t('pledge.instructions', lang, date=format_date(today(), lang)))}</p>")
        self.root.children = [self.head, self.form]

    def _sign(self) -> None:
        self.signature = sign_pledge(self.app.store, self.state.participant, self.pledge,
                                     acknowledged=[b.value for b in self.boxes], signed_name=self.name.value,
                                     place=self.place.value)
        self.render()

    def _receipt(self) -> None:
        from ...formats.pdfs import receipt_pdf  # fpdf2 pulls in numpy and Pillow: only when a PDF is made

        lang, pledge, signature = self.lang, self.pledge, self.signature
        data = receipt_pdf(pledge, receipt_fields(signature, self.state.participant), lang)
        done = t("pledge.done", lang, date=format_date(signature.signed_on, lang))
        self.receipt_text.value = (f"<p class='asn-good'>{esc(done)}</p>"
                                   f"<p>{esc(t('pdf.code', lang, code=signature.code))}</p>")
        self.receipt_link.value = download_html(t("pledge.receipt", lang), f"tanda-terima-{pledge.id}.pdf", data)


def signed_html(pledge, lang: str) -> str:
    """The text as signed, in its layout: the opening, the points as a numbered list, the closing."""
    points = "".join(f"<li>{esc(pick(point, lang))}</li>" for point in pledge.points)
    return (f"{paragraphs(pick(pledge.intro, lang))}<ol class='asn-points'>{points}</ol>"
            f"{paragraphs(pick(pledge.closing, lang))}")
