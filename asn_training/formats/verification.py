"""What a verification shows, as HTML: the holder's name masked, what was completed (the modules passed, or which
pledge in which wording) and when; no NIP, no unit, nothing else of the holder. Used by the server's own
``/verifikasi?kode=...`` page (the address in every document's QR code: no kernel, no front-end bundle, instant on
a phone) and by the participant app's verification view."""

from __future__ import annotations

from datetime import date
from html import escape

from ..core.codes import CERTIFICATE_KIND
from ..core.identity import mask_name
from ..i18n import format_date, pick, t


def verification_html(found: dict | None, code: str, lang: str) -> str:
    """The body of a verification page for a record ``found`` by :func:`services.certificates.verify` (``None``
    when the code is unknown)."""
    heading = f"<h2>{escape(t('verifypage.heading', lang))}</h2>"
    if found is None:
        return heading + f"<p class='asn-notice' role='status'>{escape(t('verifypage.unknown', lang, code=code))}</p>"
    if found["kind"] == CERTIFICATE_KIND:
        document = t("verifypage.certificate", lang)
        completed = "".join(f"<li>{escape(pick(module['title'], lang))}</li>" for module in found["modules"])
        what = f"<dt>{escape(t('verifypage.modules', lang))}</dt><dd><ul>{completed}</ul></dd>" if completed else ""
    else:
        document = t("verifypage.receipt", lang)
        title = pick(found["title"], lang) if found["title"] else found["pledge_id"]
        what = (f"<dt>{escape(t('verifypage.pledge', lang))}</dt>"
                f"<dd>{escape(t('verifypage.pledge_value', lang, title=title, version=found['version']))}</dd>")
    day = format_date(date.fromisoformat(found["date"][:10]), lang)
    return (f"{heading}<p class='asn-good' role='status'>{escape(t('verifypage.genuine', lang, code=found['code']))}"
            f"</p><dl class='asn-verify'><dt>{escape(t('verifypage.document', lang))}</dt><dd>{escape(document)}</dd>"
            f"<dt>{escape(t('verifypage.name', lang))}</dt><dd>{escape(mask_name(found['name']))}</dd>{what}"
            f"<dt>{escape(t('verifypage.date', lang))}</dt><dd>{escape(day)}</dd></dl>"
            f"<p class='asn-muted'>{escape(t('verifypage.masked', lang))}</p>")
