"""The private self-assessment (penilaian mandiri): the statements, then one's own risk profile per area."""

from __future__ import annotations

import ipywidgets as widgets

from ...i18n import pick, t
from ...services.selfassessment import latest_profile, submit_self_assessment
from ..kit.widgets import card, esc, paragraphs, row
from .page import ParticipantPage


class SelfAssessmentPage(ParticipantPage):
    def __init__(self, app, arg=None) -> None:
        super().__init__(app, arg)
        self.route = "penilaian"
        self.results = latest_profile(app.store, self.state.participant.id)
        self.profile = self.own(widgets.HTML())
        self.profile.add_class("asn-profile")
        again = self.button("selfassessment.again", self._again, css="asn-self-again")
        self.profile_view = self.own(widgets.VBox([self.profile, row(self.home_button(), again)]))
        self.form: widgets.VBox | None = None  # built when first shown

    def _build_form(self) -> widgets.VBox:
        self.intro = widgets.HTML()
        self.statements: list[tuple[widgets.HTML, widgets.RadioButtons]] = []
        cards = [self.intro]
        for _statement in self.app.instrument.statements:
            text = widgets.HTML()
            radio = widgets.RadioButtons(options=[], layout=widgets.Layout(width="auto"))
            radio.add_class("asn-scale")
            self.statements.append((text, radio))
            cards.append(card(text, radio))
        submit = self.button("selfassessment.submit", self._submit, primary=True, css="asn-self-submit")
        cards.append(row(submit, self.home_button()))
        return self.own(widgets.VBox(cards))

    def update(self) -> None:
        if self.results is not None:
            self.profile.value = self._profile_html()
            self.root.children = [self.profile_view]
            return
        if self.form is None:
            self.form = self._build_form()
        lang, instrument = self.lang, self.app.instrument
        self.intro.value = f"<h2>{esc(pick(instrument.title, lang))}</h2>{paragraphs(pick(instrument.intro, lang))}"
        choices = [(pick(label, lang), value) for value, label in instrument.scale]
        for number, (statement, (text, radio)) in enumerate(zip(instrument.statements, self.statements, strict=True),
                                                            start=1):
            text.value = f"<p>{number}. {esc(pick(statement.text, lang))}</p>"
            chosen = radio.index
            radio.options = choices
            radio.index = chosen  # a language switch keeps the answers given
        self.root.children = [self.form]

    def _again(self) -> None:
        self.results = None
        self.render()

    def _submit(self) -> None:
        answers = {statement.id: radio.value for statement, (_text, radio)
                   in zip(self.app.instrument.statements, self.statements, strict=True) if radio.value is not None}
        self.results = submit_self_assessment(self.app.store, self.state.participant.id, self.app.instrument, answers)
        self.render()

    def _profile_html(self) -> str:
        lang, app = self.lang, self.app
        areas = {a.id: a for a in app.instrument.areas}
        rows = []
        for result in self.results:
            area = areas.get(result["area"])
            if area is None:
                continue
            modules = ", ".join(pick(module.title, lang) for m in result["modules"]
                                if (module := app.catalog.find(m)) is not None)
            suggestion = f"<br><b>{esc(t('selfassessment.take', lang))}</b> {esc(modules)}" if modules else ""
            rows.append(f"<tr><td><b>{esc(pick(area.title, lang))}</b></td>"
                        f"<td class='asn-level-{esc(result['level'])}'>{esc(t('level.' + result['level'], lang))}</td>"
                        f"<td>{esc(pick(area.advice[result['level']], lang))}{suggestion}</td></tr>")
        return (f"<h2>{esc(t('selfassessment.profile', lang))}</h2>"
                f"<p class='asn-muted'>{esc(t('selfassessment.private', lang))}</p>"
                f"<table><tr><th>{esc(t('selfassessment.area', lang))}</th>"
                f"<th>{esc(t('selfassessment.level', lang))}</th>"
                f"<th>{esc(t('selfassessment.advice', lang))}</th></tr>{''.join(rows)}</table>")
