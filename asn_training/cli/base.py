"""The root ``asn-training`` group and what every command shares: the error boundary.

No administrator sees a traceback. An expected failure (:class:`AsnTrainingError`) prints ``Error: <message>`` and
exits with its class's code; a database failure prints what the database said; anything else prints one line that
names the log file holding the traceback. Exit codes (docs/admin.md): 0 done, 1 other failure with a message, 2 wrong
usage (click), 3 configuration, 4 not found, 5 bad data, 70 unexpected, 130 interrupted (Ctrl-C).
"""

from __future__ import annotations

import os
import tempfile
import traceback
from datetime import datetime
from pathlib import Path
from typing import NoReturn

import click

from .. import config
from ..errors import AsnTrainingError
from ..i18n import t

EXIT_UNEXPECTED = 70  # EX_SOFTWARE in sysexits.h
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report it


class Group(click.Group):
    def invoke(self, ctx: click.Context):
        if ctx.parent is not None:
            return super().invoke(ctx)  # the root group is the boundary for every command below it
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise  # click's own: usage errors (exit 2), --help, explicit exits
        except AsnTrainingError as exc:
            fail(ctx, exc.message(), exc.exit_code)
        except KeyboardInterrupt:
            ctx.exit(EXIT_INTERRUPTED)
        except Exception as exc:  # noqa: BLE001 (the last resort: a line on screen, the traceback in the log)
            log = str(write_log(exc))
            from ..services.database import database_failure

            error = database_failure(exc, log)
            if error is not None:
                fail(ctx, error.message(), error.exit_code)
            fail(ctx, t("cli.unexpected", error=describe(exc), log=log), EXIT_UNEXPECTED)


def describe(exc: BaseException) -> str:
    """``Type: first line of the message``, at most 200 characters."""
    lines = str(exc).strip().splitlines()
    text = f"{type(exc).__name__}: {lines[0]}" if lines else type(exc).__name__
    return text if len(text) <= 200 else text[:199] + "…"


def fail(ctx: click.Context, message: str, code: int) -> NoReturn:
    click.echo(f"Error: {message}", err=True)
    ctx.exit(code)


def write_log(exc: BaseException) -> Path:
    """Append the traceback of ``exc`` to the log file (readable by its owner only: database errors may quote
    NIPs and names) and return its path; a new temporary file if the log cannot be written."""
    entry = f"--- {datetime.now():%Y-%m-%d %H:%M:%S}\n{''.join(traceback.format_exception(exc))}\n"
    path = config.log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    except OSError:
        descriptor, name = tempfile.mkstemp(prefix="asn-training-", suffix=".log")
        path = Path(name)
    with os.fdopen(descriptor, "a", encoding="utf-8") as log:
        log.write(entry)
    return path


@click.group(cls=Group, help=t("cli.help"))
@click.option("--db", metavar="URL", help=t("cli.db.help"))
@click.version_option(package_name="asn-training")
def cli(db: str | None) -> None:
    if db:
        os.environ[config.DB_ENV] = db
