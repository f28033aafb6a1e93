"""``asn-training user``: staff accounts (trainers and administrators) of the staff app."""

from __future__ import annotations

import sys
from datetime import datetime

import click

from .. import config
from ..errors import InvalidInput
from ..i18n import current_language, format_date, t
from .base import Group, cli

ROLES = ("pelatih", "admin")  # services.staff.ROLES, repeated so that --help does not import the services
COLUMNS = ("staff.col.username", "staff.col.name", "staff.col.role", "staff.col.active", "staff.col.last_login",
           "staff.col.locked_until")


@cli.group(cls=Group, help=t("cli.user.help"))
def user() -> None:
    pass


def password_option(command):
    return click.option("--password-stdin", is_flag=True, help=t("cli.user.password_stdin.help"))(command)


def read_password(from_stdin: bool) -> str:
    """The new password: the first line of standard input, or typed twice without being shown (a password too short
    is refused before it is asked again)."""
    from ..services.staff import check_password

    if from_stdin:
        return check_password(sys.stdin.readline().rstrip("\r\n"))
    password = check_password(click.prompt(t("staff.password_prompt"), hide_input=True))
    if password != click.prompt(t("staff.password_again"), hide_input=True):
        raise InvalidInput("staff.password_mismatch")
    return password


@user.command("add", help=t("cli.user.add.help"))
@click.argument("username")
@click.option("--name", "display_name", required=True, metavar="TEXT", help=t("cli.user.name.help"))
@click.option("--role", type=click.Choice(ROLES), default="pelatih", show_default=True,
              help=t("cli.user.role.help"))
@password_option
def user_add(username: str, display_name: str, role: str, password_stdin: bool) -> None:
    from ..services.database import open_store
    from ..services.staff import add_user, check_username

    check_username(username)  # before the password is typed
    password = read_password(password_stdin)
    with open_store() as store:
        member = add_user(store, username, display_name, role, password, actor="cli")
    click.echo(t("staff.added", username=member.username, name=member.display_name, role=member.role))


def when(moment: datetime | None, lang: str) -> str:
    if moment is None:
        return "-"
    local = moment.astimezone(config.timezone())
    return f"{format_date(local, lang)} {local:%H:%M}"


@user.command("list", help=t("cli.user.list.help"))
def user_list() -> None:
    from ..services.database import open_store
    from ..services.staff import list_users

    with open_store() as store:
        rows = list_users(store)
    if not rows:
        click.echo(t("staff.none"))
        return
    lang = current_language()
    table = [[t(key, lang) for key in COLUMNS]]
    table += [[row.username, row.display_name, row.role, t("staff.yes" if row.active else "staff.no", lang),
               when(row.last_login_at, lang), when(row.locked_until, lang)] for row in rows]
    widths = [max(len(line[column]) for line in table) for column in range(len(COLUMNS))]
    for line in table:
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip())


def switch(username: str, active: bool, done: str) -> None:
    """Disable or enable an account and say so."""
    from ..services.database import open_store
    from ..services.staff import normalise_username, set_active

    with open_store() as store:
        set_active(store, username, active, actor="cli")
    click.echo(t(done, username=normalise_username(username)))


@user.command("disable", help=t("cli.user.disable.help"))
@click.argument("username")
def user_disable(username: str) -> None:
    switch(username, False, "staff.disabled")


@user.command("enable", help=t("cli.user.enable.help"))
@click.argument("username")
def user_enable(username: str) -> None:
    switch(username, True, "staff.enabled")


@user.command("reset-password", help=t("cli.user.reset_password.help"))
@click.argument("username")
@password_option
def user_reset_password(username: str, password_stdin: bool) -> None:
    from ..services.database import open_store
    from ..services.staff import normalise_username, reset_password

    password = read_password(password_stdin)
    with open_store() as store:
        reset_password(store, username, password, actor="cli")
    click.echo(t("staff.password_reset", username=normalise_username(username)))
