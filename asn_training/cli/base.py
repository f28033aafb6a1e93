"""The root ``asn-training`` group and what every command shares: the error boundary."""

from __future__ import annotations

import os

import click

from .. import config
from ..errors import AsnTrainingError
from ..i18n import t


class Group(click.Group):
    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except AsnTrainingError as exc:
            click.echo(f"Error: {exc.message()}", err=True)
            ctx.exit(exc.exit_code)


@click.group(cls=Group, help=t("cli.help"))
@click.option("--db", metavar="URL", help=t("cli.db.help"))
@click.version_option(package_name="asn-training")
def cli(db: str | None) -> None:
    if db:
        os.environ[config.DB_ENV] = db
