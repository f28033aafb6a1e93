"""The public verification page (``?verifikasi=<code>``, the address in the QR code of every certificate and pledge
receipt): open without signing in, it shows only what the code proves: the holder's name masked, what was completed
(the modules passed, or which pledge in which wording) and when. No NIP, no unit, nothing else of the holder."""

from __future__ import annotations

from datetime import date

import ipywidgets as widgets

from ...core.codes import CERTIFICATE_KIND, normalise_code
from ...core.identity import mask_name
from ...errors import NotFound
from ...i18n import format_date, pick, t
from ...services.certificates import verify
from ..kit.widgets import esc
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
        lang = self.lang
        heading = f"<h2>{esc(t('verifypage.heading', lang))}</h2>"
        found = self.found
        if found is None:
            self.text.value = heading + (f"<p class='asn-notice' role='status'>"
                                         f"{esc(t('verifypage.unknown', lang, code=self.code))}</p>")
            return
        if found["kind"] == CERTIFICATE_KIND:
            document = t("verifypage.certificate", lang)
            completed = "".join(f"<li>{esc(pick(module['title'], lang))}</li>" for module in found["modules"])
            what = (f"<dt>{esc(t('verifypage.modules', lang))}</dt><dd><ul>{completed}</ul></dd>" if completed else "")
        else:
            document = t("verifypage.receipt", lang)
            title = pick(found["title"], lang) if found["title"] else found["pledge_id"]
            what = (f"<dt>{esc(t('verifypage.pledge', lang))}</dt>"
                    f"<dd>{esc(t('verifypage.pledge_value', lang, title=title, version=found['version']))}</dd>")
        day = format_date(date.fromisoformat(found["date"][:10]), lang)
        self.text.value = (
            f"{heading}<p class='asn-good' role='status'>{esc(t('verifypage.genuine', lang, code=found['code']))}</p>"
            f"<dl class='asn-verify'><dt>{esc(t('verifypage.document', lang))}</dt><dd>{esc(document)}</dd>"
            f"<dt>{esc(t('verifypage.name', lang))}</dt><dd>{esc(mask_name(found['name']))}</dd>{what}"
            f"<dt>{esc(t('verifypage.date', lang))}</dt><dd>{esc(day)}</dd></dl>"
            f"<p class='asn-muted'>{esc(t('verifypage.masked', lang))}</p>")
