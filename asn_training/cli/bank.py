"""``asn-training bank``: check the scenario banks and describe them."""

from __future__ import annotations

from pathlib import Path

import click

from ..i18n import t
from .base import Group, cli


@cli.group(cls=Group, help=t("cli.bank.help"))
def bank() -> None:
    pass


@bank.command("validate", help=t("cli.bank.validate.help"))
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
def bank_validate(paths: tuple[Path, ...]) -> None:
    from ..content.banks import load_catalog

    catalog = load_catalog(list(paths) or None)
    click.echo(t("bank.valid", modules=len(catalog.modules), scenarios=sum(len(m.scenarios) for m in catalog.modules)))


@bank.command("stats", help=t("cli.bank.stats.help"))
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
def bank_stats(paths: tuple[Path, ...]) -> None:
    from ..content.banks import load_catalog
    from ..content.quality import stats

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
