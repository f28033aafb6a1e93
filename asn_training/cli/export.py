"""``asn-training export``: results for follow-up, as XLSX or CSV."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from ..i18n import t
from .base import Group, cli


@cli.group(cls=Group, help=t("cli.export.help"))
def export() -> None:
    pass


@export.command("results", help=t("cli.export.results.help"))
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx"]), default="xlsx", show_default=True)
@click.option("--output", "-o", type=click.Path(path_type=Path), help=t("cli.export.output.help"))
@click.option("--module", help=t("cli.export.module.help"))
@click.option("--unit", help=t("cli.export.unit.help"))
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help=t("cli.export.since.help"))
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), help=t("cli.export.until.help"))
def export_results(fmt: str, output: Path | None, module: str | None, unit: str | None, since, until) -> None:
    from ..services.database import open_store
    from ..services.exports import export_results as export

    output = output or Path(f"hasil-{date.today():%Y%m%d}.{fmt}")
    with open_store() as store:
        rows = export(store, output, fmt, module=module, unit=unit, since=since and since.date(),
                      until=until and until.date())
    click.echo(t("export.written", rows=rows, path=output))
