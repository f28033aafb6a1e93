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
    from ..content.pledges import load_pledges
    from ..content.quality import stats, waiting

    catalog = load_catalog(list(paths) or None)
    for module in catalog.modules:
        s = stats(module, catalog.references)
        click.echo(t("stats.module", module=s.module, kind=s.kind, scenarios=s.scenarios, words=s.material_words))
        click.echo("  " + t("stats.topics", topics=", ".join(f"{k} {v}" for k, v in s.topics.items())))
        click.echo("  " + t("stats.difficulty", mix=", ".join(f"{k} {v}" for k, v in s.difficulty.items())))
        click.echo("  " + t("stats.scoring", mix=", ".join(f"{k} {v}" for k, v in sorted(s.scoring.items()))))
        total = sum(s.positions.values()) or 1
        click.echo("  " + t("stats.positions", balance=", ".join(
            f"{chr(96 + k)} {100 * v / total:.0f}%" for k, v in s.positions.items())))
        click.echo("  " + _coverage("stats.review", s.review))
        if s.sections_review:
            click.echo("  " + _coverage("stats.sections_review", s.sections_review))
        _echo_waiting(s.waiting)
    if not paths:  # the shipped banks: the pledge texts are reviewed the same way
        pledges = load_pledges(references=set(catalog.references))
        click.echo(t("stats.pledges"))
        _echo_waiting(waiting([(p.id, p.review, p.references) for p in pledges.values()], catalog.references),
                      everything_reviewed=True)


def _coverage(key: str, states: dict[str, int]) -> str:
    from ..i18n import format_percent

    counted = sum(n for state, n in states.items() if state != "retired")
    reviewed = states.get("reviewed", 0)
    share = format_percent(round(100 * reviewed / counted) if counted else 0)
    return t(key, reviewed=reviewed, total=counted, share=share,
             states=", ".join(f"{state} {n}" for state, n in states.items()))


def _echo_waiting(items, everything_reviewed: bool = False) -> None:
    stale = [w for w in items if w.state == "perlu-tinjau-ulang"]
    drafts = [w.item for w in items if w.state == "draft"]
    for w in stale:
        click.echo("  " + t("stats.stale", item=w.item, refs=", ".join(w.changed)))
    if drafts:
        click.echo("  " + t("stats.drafts", count=len(drafts), items=", ".join(drafts)))
    if everything_reviewed and not items:
        click.echo("  " + t("stats.all_reviewed"))


@bank.command("review", help=t("cli.bank.review.help"))
@click.argument("item")
@click.option("--reviewer", required=True, help=t("cli.bank.review.reviewer"))
@click.option("--role", required=True, help=t("cli.bank.review.role"))
@click.option("--decision", type=click.Choice(["reviewed", "draft", "retired"]), default="reviewed",
              show_default=True, help=t("cli.bank.review.decision"))
@click.option("--note", help=t("cli.bank.review.note"))
@click.option("--date", "on", type=click.DateTime(["%Y-%m-%d"]), help=t("cli.bank.review.date"))
@click.option("--bank", "paths", multiple=True, type=click.Path(path_type=Path), help=t("cli.bank.review.bank"))
def bank_review(item: str, reviewer: str, role: str, decision: str, note: str | None, on, paths) -> None:
    from ..content.reviews import record

    done = record(item, decision, reviewer, role, note, on.date().isoformat() if on else None, list(paths) or None)
    click.echo(t("review.recorded", item=done.item, state=done.state, path=done.path, line=done.line))
