"""The ``asn-training`` command: a thin mirror of the library. Each command opens what it needs, calls one
library function and prints the outcome. Expected failures print ``Error: ...`` and exit non-zero."""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path

import click

from . import config
from .errors import AsnTrainingError
from .i18n import current_language, t


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


@cli.group(cls=Group, help=t("cli.bank.help"))
def bank() -> None:
    pass


@bank.command("validate", help=t("cli.bank.validate.help"))
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
def bank_validate(paths: tuple[Path, ...]) -> None:
    from .bank import load_catalog

    catalog = load_catalog(list(paths) or None)
    click.echo(t("bank.valid", modules=len(catalog.modules), scenarios=sum(len(m.scenarios) for m in catalog.modules)))


@bank.command("stats", help=t("cli.bank.stats.help"))
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
def bank_stats(paths: tuple[Path, ...]) -> None:
    from .bank import load_catalog
    from .content import stats

    for module in load_catalog(list(paths) or None).modules:
        s = stats(module)
        click.echo(t("stats.module", module=s.module, kind=s.kind, scenarios=s.scenarios, words=s.material_words))
        click.echo("  " + t("stats.topics", topics=", ".join(f"{k} {v}" for k, v in s.topics.items())))
        click.echo("  " + t("stats.difficulty", mix=", ".join(f"{k} {v}" for k, v in s.difficulty.items())))
        click.echo("  " + t("stats.scoring", mix=", ".join(f"{k} {v}" for k, v in sorted(s.scoring.items()))))
        total = sum(s.positions.values()) or 1
        click.echo("  " + t("stats.positions", balance=", ".join(
            f"{chr(96 + k)} {100 * v / total:.0f}%" for k, v in s.positions.items())))
        click.echo("  " + t("stats.review", review=", ".join(f"{k} {v}" for k, v in sorted(s.review.items()))))


@cli.group(cls=Group, help=t("cli.db.group.help"))
def db() -> None:
    pass


@db.command("upgrade", help=t("cli.db.upgrade.help"))
def db_upgrade() -> None:
    from .store import Store

    with Store() as store:
        store.upgrade()
        click.echo(t("db.upgraded", revision=store.current_revision(), url=store.safe_url))


@cli.group(cls=Group, help=t("cli.roster.help"))
def roster() -> None:
    pass


@roster.command("import", help=t("cli.roster.import.help"))
@click.argument("file", type=click.Path(path_type=Path))
def roster_import(file: Path) -> None:
    from .roster import import_csv
    from .store import open_store

    with open_store() as store:
        report = import_csv(store, file)
    click.echo(t("roster.imported", added=report.added, updated=report.updated))


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
    from . import exports, reports
    from .store import open_store

    output = output or Path(f"hasil-{date.today():%Y%m%d}.{fmt}")
    with open_store() as store:
        frame = reports.results(store, module=module, unit=unit, since=since and since.date(),
                                until=until and until.date())
        exports.write({t("export.sheet_results"): reports.labelled(frame)}, output, fmt)
        store.audit("cli", "export.results", format=fmt, rows=len(frame), module=module, unit=unit)
    click.echo(t("export.written", rows=len(frame), path=output))


@cli.group(cls=Group, help=t("cli.certificate.help"))
def certificate() -> None:
    pass


@certificate.command("verify", help=t("cli.certificate.verify.help"))
@click.argument("code")
def certificate_verify(code: str) -> None:
    from .certificates import verify
    from .store import open_store

    with open_store() as store:
        payload = verify(store, code)
    click.echo(t("certificate.valid", name=payload["name"], nip=payload["nip_formatted"], unit=payload["unit"],
                 date=payload["date"]))
    for module in payload["modules"]:
        click.echo(f"  {module['title'].get(current_language()) or module['title']['id']}: {module['best']:g}%")


@cli.group(cls=Group, help=t("cli.participant.help"))
def participant() -> None:
    pass


@participant.command("reset-pin", help=t("cli.participant.reset_pin.help"))
@click.argument("nip")
@click.option("--kind", type=click.Choice(["pns", "pppk", "non_asn"]), default="pns", show_default=True)
def participant_reset_pin(nip: str, kind: str) -> None:
    from .participants import reset_pin
    from .store import open_store

    with open_store() as store:
        person = reset_pin(store, kind, nip)
    click.echo(t("pin.reset_done", name=person.name))


@cli.command("serve", help=t("cli.serve.help"))
@click.option("--host", default="0.0.0.0", show_default=True, help=t("cli.serve.host.help"))
@click.option("--port", default=8866, show_default=True, type=int)
def serve(host: str, port: int) -> None:
    from .server import run

    sys.exit(run(host, port, echo=click.echo))


@cli.command("demo", help=t("cli.demo.help"))
@click.option("--seed", default=2024, show_default=True, type=int)
def demo(seed: int) -> None:
    from .demo import load_demo
    from .store import Store

    with Store() as store:
        store.upgrade()
        summary = load_demo(store, seed=seed)
    click.echo(t("demo.loaded", **summary))


def main() -> None:
    cli(prog_name="asn-training")
