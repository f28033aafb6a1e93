"""``asn-training certificate``: check a printed verification code."""

from __future__ import annotations

import click

from ..i18n import current_language, t
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
        payload = verify(store, code)
    click.echo(t("certificate.valid", name=payload["name"], nip=payload["nip_formatted"], unit=payload["unit"],
                 date=payload["date"]))
    for module in payload["modules"]:
        click.echo(f"  {module['title'].get(current_language()) or module['title']['id']}: {module['best']:g}%")
