"""``asn-training db``: the database schema."""

from __future__ import annotations

import click

from ..i18n import t
from .base import Group, cli


@cli.group(cls=Group, help=t("cli.db.group.help"))
def db() -> None:
    pass


@db.command("upgrade", help=t("cli.db.upgrade.help"))
def db_upgrade() -> None:
    from ..services.database import upgrade

    revision, url = upgrade()
    click.echo(t("db.upgraded", revision=revision, url=url))
