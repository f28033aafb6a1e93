"""``asn-training participant``: help a participant who is stuck."""

from __future__ import annotations

import click

from ..core.identity import KINDS
from ..i18n import t
from .base import Group, cli


@cli.group(cls=Group, help=t("cli.participant.help"))
def participant() -> None:
    pass


@participant.command("reset-pin", help=t("cli.participant.reset_pin.help"))
@click.argument("nip")
@click.option("--kind", type=click.Choice(KINDS), default="pns", show_default=True)
def participant_reset_pin(nip: str, kind: str) -> None:
    from ..services.database import open_store
    from ..services.participants import reset_pin

    with open_store() as store:
        person = reset_pin(store, kind, nip)
    click.echo(t("pin.reset_done", name=person.name))
