"""``asn-training roster``: the agency's employees."""

from __future__ import annotations

from pathlib import Path

import click

from ..i18n import t
from .base import Group, cli


@cli.group(cls=Group, help=t("cli.roster.help"))
def roster() -> None:
    pass


@roster.command("import", help=t("cli.roster.import.help"))
@click.argument("file", type=click.Path(path_type=Path))
def roster_import(file: Path) -> None:
    from ..services.database import open_store
    from ..services.roster import import_roster

    with open_store() as store:
        report = import_roster(store, file)
    click.echo(t("roster.imported", added=report.added, updated=report.updated))
