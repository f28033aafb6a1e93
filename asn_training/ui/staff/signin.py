"""Staff sign-in: a username and a password. The only page a visitor sees before signing in, whatever address they
asked for (the router keeps that address and opens it after sign-in). Refusals are the service's translated
notices: a wrong password and an unknown name read the same; a locked account says for how long."""

from __future__ import annotations

import ipywidgets as widgets

from ...errors import AsnTrainingError
from ...i18n import t
from ...services import staff
from ..kit.router import Redirect
from ..kit.widgets import esc, text_field
from .page import StaffPage


class SignInPage(StaffPage):
    needs_sign_in = False

    def __init__(self, app, arg=None) -> None:
        super().__init__(app, arg)
        if app.signed_in:
            raise Redirect(app.HOME)
        self.intro = widgets.HTML()
        self.username = self.label(text_field("", "asn-staff-user"), "staffui.username")
        self.password = self.label(text_field("", "asn-staff-password", password=True), "staffui.password")
        self.submit = self.button("staffui.sign_in", self._sign_in, primary=True, css="asn-staff-sign-in")
        self.root.children = [self.intro, self.username, self.password, self.submit, self.notice_slot()]
        self.root.add_class("asn-staff-signin")

    def update(self) -> None:
        self.intro.value = (f"<h2>{esc(t('staffui.sign_in_heading', self.lang))}</h2>"
                            f"<p class='asn-muted'>{esc(t('staffui.sign_in_intro', self.lang))}</p>")

    def _sign_in(self) -> None:
        try:
            member = staff.sign_in(self.app.store, self.username.value, self.password.value)
        except AsnTrainingError:
            self.password.value = ""  # typed again, not corrected
            raise
        self.password.value = ""
        self.app.signed_in_as(member)
