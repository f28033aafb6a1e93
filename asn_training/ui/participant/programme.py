"""The rest of the programme in the participant's app: material, self-assessment, pledges and certificate."""

from __future__ import annotations

import json
from datetime import date

import ipywidgets as widgets

from ...core.identity import format_nip
from ...core.progress import Progress
from ...errors import InvalidInput
from ...i18n import pick, t
from ...services.certificates import issue_certificate
from ...services.pledges import sign_pledge, signatures
from ...services.selfassessment import latest_profile, submit_self_assessment
from ..kit.widgets import button, card, download_link, esc, paragraphs, row, text_field


def render_markdown(text: str) -> str:
    """Material Markdown to HTML, offline; raw HTML in the source is shown as text, never run."""
    import markdown

    return markdown.markdown(text.replace("&", "&amp;").replace("<", "&lt;"), extensions=["tables"])


class ProgrammePages:
    """Mixin for :class:`~asn_training.ui.participant.ParticipantApp`."""

    # Material -----------------------------------------------------------------------------------------

    def show_material(self, module_id: str) -> None:
        lang, module = self.lang, self.catalog.module(module_id)
        material = pick(module.material, lang)
        note = "" if module.material.get(lang) or lang == "id" else \
            f"<p class='asn-muted'>{esc(t('material.indonesian_only', lang))}</p>"
        body = widgets.HTML(f"<h2>{esc(pick(module.title, lang))}</h2>{note}"
                            f"<div class='asn-material'>{render_markdown(material)}</div>")
        body.add_class("asn-material-page")
        start = button(t("modules.start", lang), self.guard(lambda: self.start_quiz(module_id)), primary=True,
                       css="asn-start")
        self.body.children = [body, row(start, self.home_button())]

    # Self-assessment ----------------------------------------------------------------------------------

    def _self_assessment_card(self, state: Progress) -> widgets.VBox:
        lang = self.lang
        status = t("selfassessment.done" if state.self_assessed else "selfassessment.todo", lang)
        return card(widgets.HTML(f"<h2>{esc(pick(self.instrument.title, lang))}</h2>"
                                 f"<p class='asn-muted'>{esc(status)}</p>"),
                    button(t("selfassessment.open", lang), self.guard(lambda: self._page(self.show_self_assessment)),
                           css="asn-self-open"), css="asn-self-card")

    def show_self_assessment(self, retake: bool = False) -> None:
        latest = latest_profile(self.store, self.participant.id)
        if latest is not None and not retake:
            self._show_profile(latest)
            return
        lang, instrument = self.lang, self.instrument
        choices = [(pick(label, lang), value) for value, label in instrument.scale]
        items: list[widgets.Widget] = [widgets.HTML(f"<h2>{esc(pick(instrument.title, lang))}</h2>"
                                                    f"{paragraphs(pick(instrument.intro, lang))}")]
        answers = {}
        for number, statement in enumerate(instrument.statements, start=1):
            radio = widgets.RadioButtons(options=choices, index=None, layout=widgets.Layout(width="auto"))
            radio.add_class("asn-scale")
            answers[statement.id] = radio
            items.append(card(widgets.HTML(f"<p>{number}. {esc(pick(statement.text, lang))}</p>"), radio))
        items.append(row(button(t("selfassessment.submit", lang), self.guard(lambda: self._assess(answers)),
                                primary=True, css="asn-self-submit"), self.home_button()))
        self.body.children = items

    def _assess(self, radios: dict[str, widgets.RadioButtons]) -> None:
        answers = {sid: radio.value for sid, radio in radios.items() if radio.value is not None}
        stored = submit_self_assessment(self.store, self.participant.id, self.instrument, answers)
        self._page(lambda: self._show_profile(stored))

    def _show_profile(self, results: list[dict]) -> None:
        lang = self.lang
        areas = {a.id: a for a in self.instrument.areas}
        rows = []
        for result in results:
            area = areas.get(result["area"])
            if area is None:
                continue
            modules = ", ".join(pick(module.title, lang) for m in result["modules"]
                                if (module := self.catalog.find(m)) is not None)
            suggestion = f"<br><b>{esc(t('selfassessment.take', lang))}</b> {esc(modules)}" if modules else ""
            rows.append(f"<tr><td><b>{esc(pick(area.title, lang))}</b></td>"
                        f"<td class='asn-level-{result['level']}'>{esc(t('level.' + result['level'], lang))}</td>"
                        f"<td>{esc(pick(area.advice[result['level']], lang))}{suggestion}</td></tr>")
        view = widgets.HTML(f"<h2>{esc(t('selfassessment.profile', lang))}</h2>"
                            f"<p class='asn-muted'>{esc(t('selfassessment.private', lang))}</p>"
                            f"<table><tr><th>{esc(t('selfassessment.area', lang))}</th>"
                            f"<th>{esc(t('selfassessment.level', lang))}</th>"
                            f"<th>{esc(t('selfassessment.advice', lang))}</th></tr>{''.join(rows)}</table>")
        view.add_class("asn-profile")
        again = button(t("selfassessment.again", lang), self.guard(lambda: self.show_self_assessment(retake=True)),
                       css="asn-self-again")
        self.body.children = [view, row(self.home_button(), again)]

    # Pledges ------------------------------------------------------------------------------------------

    def _pledges_card(self, state: Progress) -> widgets.VBox:
        lang, parts, buttons = self.lang, [], []
        for pledge_id, pledge in self.pledges.items():
            signature = state.signatures.get(pledge_id)
            status = t("pledge.signed_on", lang, date=signature.signed_on.isoformat()) if signature else \
                t("pledge.unsigned", lang)
            parts.append(f"<p>{esc(pick(pledge.title, lang))}: <span class='asn-muted'>{esc(status)}</span></p>")
            buttons.append(button(pick(pledge.title, lang), self.guard(lambda p=pledge_id: self._page(
                lambda: self.show_pledge(p))), css=f"asn-pledge-{pledge_id}"))
        return card(widgets.HTML(f"<h2>{esc(t('pledge.heading', lang))}</h2>{''.join(parts)}"), row(*buttons),
                    css="asn-pledges-card")

    def show_pledge(self, pledge_id: str) -> None:
        lang, pledge = self.lang, self.pledges[pledge_id]
        signed = signatures(self.store, self.participant.id, pledge_id)
        head = f"<h2>{esc(pick(pledge.title, lang))}</h2>"
        if pledge.illustrative:
            head += f"<p class='asn-muted'>{esc(t('pledge.illustrative', lang))}</p>"
        if signed and signed[-1].text_version == pledge.version:
            self.body.children = [widgets.HTML(head + paragraphs(pledge.canonical(lang))),
                                  self._receipt(pledge, signed[-1]), self.home_button()]
            return
        boxes = []
        for number, point in enumerate(pledge.points, start=1):
            box = widgets.Checkbox(description=f"{number}. {pick(point, lang)}", indent=False,
                                   layout=widgets.Layout(width="100%"))
            box.add_class("asn-ack")
            boxes.append(box)
        name = text_field(t("pledge.name", lang), "asn-sign-name")
        place = text_field(t("pledge.place", lang), "asn-sign-place")
        submit = button(t("pledge.sign_button", lang), self.guard(lambda: self._sign(pledge_id, boxes, name.value,
                                                                               place.value)),
                        primary=True, css="asn-sign")
        self.body.children = [
            widgets.HTML(head + paragraphs(pick(pledge.intro, lang))), *boxes,
            widgets.HTML(f"{paragraphs(pick(pledge.closing, lang))}<p class='asn-muted'>"
                         f"{esc(t('pledge.instructions', lang, date=date.today().isoformat()))}</p>"),
            name, place, row(submit, self.home_button())]

    def _sign(self, pledge_id: str, boxes: list[widgets.Checkbox], name: str, place: str) -> None:
        sign_pledge(self.store, self.participant, self.pledges[pledge_id], acknowledged=[b.value for b in boxes],
             signed_name=name, place=place)
        self._page(lambda: self.show_pledge(pledge_id))

    def _receipt(self, pledge, signature) -> widgets.VBox:
        from ...formats.pdfs import receipt_pdf  # fpdf2 pulls in numpy and Pillow: only when a PDF is made

        lang = self.lang
        data = receipt_pdf(pledge, {"code": signature.code, "signed_name": signature.signed_name,
                                    "nip_formatted": format_nip(self.participant.nip), "place": signature.place,
                                    "signed_on": signature.signed_on.isoformat(), "text_hash": signature.text_hash},
                           lang)
        return card(widgets.HTML(f"<p class='asn-good'>{esc(t('pledge.done', lang, date=signature.signed_on))}</p>"
                                 f"<p>{esc(t('pdf.code', lang, code=signature.code))}</p>"),
                    download_link(t("pledge.receipt", lang), f"tanda-terima-{pledge.id}.pdf", data),
                    css="asn-receipt")

    # Certificate --------------------------------------------------------------------------------------

    def _certificate_card(self, state: Progress) -> widgets.VBox:
        lang = self.lang
        if state.eligible:
            status = t("certificate.ready", lang)
        else:
            names = [pick((self.catalog.find(m) or self.pledges[m]).title, lang) for m in state.missing]
            status = t("certificate.missing", lang, missing=", ".join(names))
        action = button(t("certificate.get", lang), self.guard(lambda: self._page(self.show_certificate)),
                        primary=state.eligible, css="asn-certificate-open")
        action.disabled = not state.eligible
        return card(widgets.HTML(f"<h2>{esc(t('certificate.heading', lang))}</h2>"
                                 f"<p class='asn-muted'>{esc(status)}</p>"), action, css="asn-certificate-card")

    def show_certificate(self) -> None:
        from ...formats.pdfs import certificate_pdf

        lang, state = self.lang, self.progress()
        if not state.eligible:
            raise InvalidInput("certificate.not_eligible", missing=", ".join(state.missing))
        certificate = issue_certificate(self.store, self.catalog, self.participant, state)
        data = certificate_pdf(json.loads(certificate.payload), certificate.code, lang)
        view = card(widgets.HTML(f"<h2>{esc(t('certificate.heading', lang))}</h2>"
                                 f"<p class='asn-good'>{esc(t('certificate.issued', lang))}</p>"
                                 f"<p>{esc(t('pdf.code', lang, code=certificate.code))}</p>"),
                    download_link(t("certificate.download", lang), f"sertifikat-{certificate.code}.pdf", data),
                    css="asn-certificate")
        self.body.children = [view, self.home_button()]
