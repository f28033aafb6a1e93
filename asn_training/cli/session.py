"""``asn-training session``: trainers' live sessions from the command line: list, show, export, close."""

from __future__ import annotations

from pathlib import Path

import click

from ..core.live import MODE_KEYS, STATUS_KEYS, find_scenario, option_letters
from ..errors import InvalidInput, NotFound
from ..i18n import format_date, format_number, t
from .base import Group, cli

PHASE_KEYS = {"lobby": "session.phase_lobby", "question": "session.phase_question",
              "revealed": "session.phase_revealed", "closed": "session.phase_closed"}


@cli.group(cls=Group, help=t("cli.session.help"))
def session() -> None:
    pass


def _catalog():
    from ..content.bundle import load_bundle

    return load_bundle().catalog


def _find(store, code: str):
    """The session with this code, open or closed; :class:`NotFound` told as at a command line if there is none
    (the services' message is the participant's, about a code field)."""
    from ..services import live

    try:
        return live.by_code(store, code)
    except InvalidInput as error:
        if error.key != "session.unknown":
            raise
        raise NotFound("session.no_such_code", code=error.params["code"]) from None


@session.command("list", help=t("cli.session.list.help"))
@click.option("--status", type=click.Choice(["open", "closed"]), help=t("cli.session.status.help"))
def session_list(status: str | None) -> None:
    from ..services import live
    from ..services.database import open_store

    with open_store() as store:
        found = live.list_sessions(store, status=status)
    if not found:
        click.echo(t("session.none"))
    for state in found:
        click.echo(t("session.line", code=state.code, status=t(STATUS_KEYS[state.status]),
                     mode=t(MODE_KEYS[state.mode]), date=format_date(state.held_on) if state.held_on else "-",
                     title=state.title))


@session.command("show", help=t("cli.session.show.help"))
@click.argument("code")
def session_show(code: str) -> None:
    from ..services import live, session_results
    from ..services.database import open_store

    catalog = _catalog()
    with open_store() as store:
        state = _find(store, code)
        joined, answered = live.counts(store, state.id)
        overview = session_results.summary(store, catalog, state.id)
    click.echo(t("session.heading", code=state.code, title=state.title, mode=t(MODE_KEYS[state.mode]),
                 status=t(STATUS_KEYS[state.status])))
    if state.led:
        click.echo(t(PHASE_KEYS[state.phase], n=state.shown, total=state.total))
        click.echo(t("session.counts_led", joined=joined, answered=answered))
    else:
        click.echo(t("session.counts_self", joined=joined, answered=answered))
    scores = overview.scores
    if scores.mean is not None:
        click.echo(t("session.scores", count=scores.count, mean=format_number(scores.mean),
                     median=format_number(scores.median or 0)))
    if overview.gain is not None:
        gain = overview.gain
        click.echo(t("session.gain", pairs=gain.pairs, pre=format_number(gain.pre), post=format_number(gain.post),
                     gain=format_number(gain.gain, signed=True)))
    for rate in overview.scenarios:
        place = f"{rate.position + 1}. " if rate.position is not None else ""
        if rate.rate is None:
            click.echo(t("session.scenario_unanswered", place=place, scenario=rate.scenario_id))
            continue
        line = t("session.scenario", place=place, scenario=rate.scenario_id, answered=rate.answered,
                 rate=format_number(rate.rate))
        if rate.common_wrong:
            scenario = find_scenario(catalog, state.module_id, rate.scenario_id)
            line += t("session.common_wrong", option=option_letters(scenario, rate.common_wrong),
                      count=rate.common_wrong_count)
        click.echo(line)


@session.command("export", help=t("cli.session.export.help"))
@click.argument("code")
@click.option("--output", "-o", type=click.Path(path_type=Path), required=True, help=t("cli.session.output.help"))
def session_export(code: str, output: Path) -> None:
    from ..services import live, session_results
    from ..services.database import open_store

    fmt = output.suffix.lower().lstrip(".")
    if fmt not in ("xlsx", "csv"):
        raise click.BadParameter(t("session.export_suffix"), param_hint="--output")
    catalog = _catalog()
    with open_store() as store:
        state = _find(store, code)
        session_results.export(store, catalog, state.id, output, fmt, actor="cli")
        joined = live.counts(store, state.id)[0]
    click.echo(t("session.exported", code=state.code, path=output, joined=joined))


@session.command("close", help=t("cli.session.close.help"))
@click.argument("code")
def session_close(code: str) -> None:
    from ..services import live
    from ..services.database import open_store

    with open_store() as store:
        state = live.close(store, _find(store, code).id, None, actor="cli")
        joined = live.counts(store, state.id)[0]
    click.echo(t("session.closed", code=state.code, joined=joined))
