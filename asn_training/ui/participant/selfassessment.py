"""The private self-assessment (penilaian mandiri): the statements, then one's own risk profile, one card per area
with its level in colour and in words.

A submit with statements left open marks each of them (a sign and a text, not colour alone) and says how many and
which, right beside the submit button where the reader is."""

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
        self.missing: set[int] = set()  # the statements marked unanswered

    def _build_form(self) -> widgets.VBox:
        self.intro = widgets.HTML()
        self.statements: list[tuple[widgets.HTML, widgets.RadioButtons]] = []
        self.cards: list[widgets.VBox] = []
        for index, _statement in enumerate(self.app.instrument.statements):
            text = widgets.HTML()
            radio = widgets.RadioButtons(options=[], layout=widgets.Layout(width="auto"))
            radio.add_class("asn-scale")
            radio.observe(lambda _change, i=index: self._answered(i), names="value")
            self.statements.append((text, radio))
            self.cards.append(card(text, radio, css="asn-statement"))
        submit = self.button("selfassessment.submit", self._submit, primary=True, css="asn-self-submit")
        return self.own(widgets.VBox([self.intro, *self.cards, self.notice_slot(), row(submit, self.home_button())]))

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
            marker = (f"<p class='asn-missing'>⚠ {esc(t('selfassessment.unanswered_mark', lang))}</p>"
                      if number - 1 in self.missing else "")
            text.value = f"{marker}<p>{number}. {esc(pick(statement.text, lang))}</p>"
            chosen = radio.index
            radio.options = choices
            radio.index = chosen  # a language switch keeps the answers given
        self.root.children = [self.form]

    def _again(self) -> None:
        self.results = None
        self.render()

    def _answered(self, index: int) -> None:
        if index in self.missing:
            self.missing.discard(index)
            self.cards[index].remove_class("asn-unanswered")
            self.render()

    def _submit(self) -> None:
        missing = [i for i, (_text, radio) in enumerate(self.statements) if radio.value is None]
        if missing:
            self.missing = set(missing)
            for index, box in enumerate(self.cards):
                (box.add_class if index in self.missing else box.remove_class)("asn-unanswered")
            self.render()
            self.warn("selfassessment.incomplete_which", count=len(missing),
                      numbers=", ".join(str(i + 1) for i in missing))
            self.statements[missing[0]][1].focus()  # the browser scrolls to the first one left open
            return
        answers = {statement.id: radio.value for statement, (_text, radio)
                   in zip(self.app.instrument.statements, self.statements, strict=True) if radio.value is not None}
        self.results = submit_self_assessment(self.app.store, self.state.participant.id, self.app.instrument, answers)
        self.render()

    def _profile_html(self) -> str:
        lang, app = self.lang, self.app
        areas = {a.id: a for a in app.instrument.areas}
        cards = []
        for result in self.results:
            area = areas.get(result["area"])
            if area is None:
                continue
            level = result["level"]
            modules = ", ".join(pick(module.title, lang) for m in result["modules"]
                                if (module := app.catalog.find(m)) is not None)
            suggestion = f"<p><b>{esc(t('selfassessment.take', lang))}</b> {esc(modules)}</p>" if modules else ""
            cards.append(f"<div class='asn-area-card asn-area-{esc(level)}'><h3>{esc(pick(area.title, lang))}</h3>"
                         f"<p>{esc(t('selfassessment.level', lang))}: <span class='asn-level asn-level-{esc(level)}'>"
                         f"{esc(t('level.' + level, lang))}</span></p>"
                         f"<p>{esc(pick(area.advice[level], lang))}</p>{suggestion}</div>")
        return (f"<h2>{esc(t('selfassessment.profile', lang))}</h2>"
                f"<p class='asn-muted'>{esc(t('selfassessment.private', lang))}</p>{''.join(cards)}")
