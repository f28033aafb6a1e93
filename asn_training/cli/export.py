"""``asn-training export``: results for follow-up, as XLSX or CSV."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import click

from .. import config
from ..i18n import format_date, t
from .base import Group, cli


@cli.group(cls=Group, help=t("cli.export.help"))
def export() -> None:
    pass


def period(since: date | None, until: date | None, zone_name: str) -> str | None:
    """The filter as people read it: "Percobaan yang dimulai 2 Januari 2026 sampai dengan ... (WIB)."."""
    if since and until:
        return t("export.period_between", since=format_date(since), until=format_date(until), zone=zone_name)
    if since:
        return t("export.period_since", since=format_date(since), zone=zone_name)
    if until:
        return t("export.period_until", until=format_date(until), zone=zone_name)
    return None


@export.command("results", help=t("cli.export.results.help"))
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx"]), default="xlsx", show_default=True)
@click.option("--output", "-o", type=click.Path(path_type=Path), help=t("cli.export.output.help"))
@click.option("--module", help=t("cli.export.module.help"))
@click.option("--unit", help=t("cli.export.unit.help"))
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help=t("cli.export.since.help"))
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), help=t("cli.export.until.help"))
def export_results(fmt: str, output: Path | None, module: str | None, unit: str | None, since, until) -> None:
    from ..reports import zone_name
    from ..services.database import open_store
    from ..services.exports import export_results as export

    zone = config.timezone()  # a wrong ASN_TRAINING_TZ stops here, before anything is read or written
    since, until = since and since.date(), until and until.date()
    output = output or Path(f"hasil-{datetime.now(zone):%Y%m%d}.{fmt}")
    with open_store() as store:
        rows = export(store, output, fmt, module=module, unit=unit, since=since, until=until)
    click.echo(t("export.written", rows=rows, path=output))
    if since or until:
        click.echo(period(since, until, zone_name(zone)))
