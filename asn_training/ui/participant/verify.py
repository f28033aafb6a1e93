"""The verification view inside the participant app (``?verifikasi=<code>``, the address earlier documents
printed; new ones print the server's own ``/verifikasi?kode=<code>``): open without signing in, it shows only what
:mod:`asn_training.ui.verification` shows."""

from __future__ import annotations

import ipywidgets as widgets

from ...core.codes import normalise_code
from ...errors import NotFound
from ...services.certificates import verify
from .page import ParticipantPage


def route_for(code: str) -> str | None:
    """The page's address for a code as it came in the page's address; ``None`` if it holds no code at all."""
    return f"verifikasi/{normalise_code(code)}" if any(ch.isalnum() for ch in str(code)) else None


class VerifyPage(ParticipantPage):
    needs_sign_in = False

    def __init__(self, app, arg=None) -> None:
        super().__init__(app, arg)
        self.code = normalise_code(arg or "")
        self.route = f"verifikasi/{self.code}"
        try:  # looked up once; a language switch only writes it again
            self.found: dict | None = verify(app.store, self.code, app.pledges)
        except NotFound:
            self.found = None
        self.text = widgets.HTML()
        self.root.children = [self.text, self.button("verifypage.open_app", self._open_app, css="asn-home")]

    def _open_app(self) -> None:
        self.app.navigate(self.app.HOME if self.app.signed_in else "")

    def update(self) -> None:
        from ...formats.verification import verification_html  # only on this page: kernels stay light

        self.text.value = verification_html(self.found, self.code, self.lang)
