"""``asn-training certificate``: check a printed verification code (a certificate's or a pledge receipt's)."""

from __future__ import annotations

from datetime import date

import click

from ..i18n import current_language, format_date, format_percent, pick, t
from .base import Group, cli


@cli.group(cls=Group, help=t("cli.certificate.help"))
def certificate() -> None:
    pass


@certificate.command("verify", help=t("cli.certificate.verify.help"))
@click.argument("code")
def certificate_verify(code: str) -> None:
    from ..services.certificates import verify
    from ..services.database import open_store

    with open_store() as store:
        found = verify(store, code)
    lang = current_language()
    when = format_date(date.fromisoformat(found["date"]), lang)
    if found["kind"] == "receipt":
        title = pick(found["title"], lang) if found["title"] else found["pledge_id"]
        click.echo(t("verify.receipt", lang, title=title, version=found["version"], name=found["name"],
                     nip=found["nip_formatted"], unit=found["unit"], place=found["place"], date=when))
        click.echo(t("verify.digest", lang, digest=found["text_hash"]))
        return
    click.echo(t("certificate.valid", lang, name=found["name"], nip=found["nip_formatted"], unit=found["unit"],
                 date=when))
    for module in found["modules"]:
        click.echo(f"  {pick(module['title'], lang)}: {format_percent(module['best'], lang)}")
