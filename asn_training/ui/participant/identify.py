"""Identify and sign in: the number (NIP, NI PPPK or employee id), then the PIN, or on a first visit a new PIN.

One page with three steps; none of them has an address of its own, so the browser's history never holds a step of
someone's sign-in. Every valid number leads to the same PIN step, with a way to a first visit: nothing on the page
tells a stranger whether a number is registered or on the roster, and no name is shown before sign-in.
"""

from __future__ import annotations

import ipywidgets as widgets

from ...core.codes import normalise_session_code
from ...core.identity import KINDS, format_nip
from ...errors import AsnTrainingError, InvalidInput
from ...i18n import t
from ...services import sessions
from ...services.participants import Lookup, lookup, register, sign_in
from ..kit.router import Redirect
from ..kit.widgets import esc, paragraphs, row, text_field
from .page import ParticipantPage

NUMBER, PIN, REGISTER = "number", "pin", "register"


class IdentifyPage(ParticipantPage):
    needs_sign_in = False

    def __init__(self, app, arg=None) -> None:
        super().__init__(app, arg)
        if app.signed_in:
            raise Redirect(app.HOME)  # Back to the sign-in address once signed in: home, not a second sign-in
        self.step, self.found = NUMBER, None
        self.intro = widgets.HTML()
        self.kind = widgets.Dropdown(options=[(k, k) for k in KINDS], value="pns",
                                     style={"description_width": "initial"})
        self.kind.add_class("asn-kind")
        self.label(self.kind, "identify.kind")
        self.nip = self.label(text_field("", "asn-nip", placeholder="19860926 201505 1 001"), "identify.nip")
        self.code = self.label(text_field("", "asn-session", placeholder="ABC123"), "identify.session")
        self.code.value = app.state.session_code
        self.submit = self.button("identify.submit", self._lookup, primary=True, css="asn-identify")
        # The PIN step
        self.pin_intro = widgets.HTML()
        self.pin = self.label(text_field("", "asn-pin", password=True), "pin.enter")
        self.sign_in = self.button("pin.sign_in", self._sign_in, primary=True, css="asn-sign-in")
        self.first_visit = self.button("register.first_visit", lambda: self._go(REGISTER), css="asn-first-visit")
        self.forgot = widgets.HTML()
        self.misses = 0  # wrong PINs this page sent for the number typed
        # The first-visit step
        self.register_intro = widgets.HTML()
        self.name = self.label(text_field("", "asn-name"), "identify.name")
        self.unit = self.label(text_field("", "asn-unit"), "identify.unit")
        self.new_pin = self.label(text_field("", "asn-new-pin", password=True), "pin.new")
        self.again = self.label(text_field("", "asn-new-pin-again", password=True), "pin.again")
        self.register = self.button("register.submit", self._register, primary=True, css="asn-register")
        self.steps = {
            NUMBER: [self.intro, self.kind, self.nip, self.code, self.submit],
            PIN: [self.pin_intro, self.pin, row(self.sign_in, self._back()), self.first_visit, self.forgot],
            REGISTER: [self.register_intro, self.name, self.unit, self.new_pin, self.again,
                       row(self.register, self._back(PIN))],
        }
        for parts in self.steps.values():
            for part in parts:
                self.own(part)

    def _back(self, step: str = NUMBER) -> widgets.Button:
        return self.button("nav.back", lambda: self._go(step), css="asn-back-id")

    def update(self) -> None:
        lang = self.lang
        self.intro.value = paragraphs(t("identify.intro", lang))
        kind = self.kind.value
        self.kind.options = [(t(f"kind.{k}", lang), k) for k in KINDS]
        self.kind.value = kind
        found = self.found
        if found is not None:
            self.pin_intro.value = f"<p>{esc(t('pin.ask', lang, nip=format_nip(found.nip)))}</p>"
            self.forgot.value = f"<p class='asn-muted'>{esc(t('pin.forgot', lang))}</p>"
            self.register_intro.value = (f"<h2>{esc(t('register.heading', lang))}</h2>"
                                         f"<p>{esc(t('register.pin_why', lang))}</p>"
                                         f"<p class='asn-muted'>{esc(t('register.roster_note', lang))}</p>")
        self.root.children = self.steps[self.step]

    def _go(self, step: str) -> None:
        self.step = step
        self.update()

    def _lookup(self) -> None:
        if self.kind.value not in KINDS:
            raise InvalidInput("nip.kind", kind=self.kind.value, kinds=", ".join(KINDS))
        self.state.session_code = normalise_session_code(self.code.value)
        self.state.session = sessions.open_session(self.app.store, self.state.session_code)
        found = lookup(self.app.store, self.kind.value, self.nip.value)
        if self.found is None or found.nip != self.found.nip:
            self.misses = 0
        self.found = found
        self._go(PIN)

    def _lookup_done(self) -> Lookup:
        if self.found is None:
            raise InvalidInput("identify.unknown")
        return self.found

    def _sign_in(self) -> None:
        try:
            participant = sign_in(self.app.store, self._lookup_done(), self.pin.value, earlier=self.misses)
        except AsnTrainingError:
            self.misses += 1
            self.pin.value = ""  # a wrong PIN is typed again, not corrected digit by digit
            raise
        self.app.signed_in_as(participant)

    def _register(self) -> None:
        participant = register(self.app.store, self._lookup_done(), self.name.value, self.unit.value,
                               self.new_pin.value, self.again.value, self.lang)
        self.app.signed_in_as(participant)
