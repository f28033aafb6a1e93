"""``asn-training serve`` and ``asn-training demo``: run the app, try it with sample data."""

from __future__ import annotations

import sys

import click

from ..i18n import t
from .base import cli


@cli.command("serve", help=t("cli.serve.help"))
@click.option("--host", default="0.0.0.0", show_default=True, help=t("cli.serve.host.help"))
@click.option("--port", default=8866, show_default=True, type=int)
@click.option("--siap", "ready", default=2, show_default=True, type=click.IntRange(0, 5000),
              help=t("cli.serve.ready.help"))
@click.option("--maks", "cap", default=None, type=click.IntRange(1, 5000), help=t("cli.serve.cap.help"))
def serve(host: str, port: int, ready: int, cap: int | None) -> None:
    from ..server import run

    sys.exit(run(host, port, echo=click.echo, ready=ready, cap=cap))


@cli.command("demo", help=t("cli.demo.help"))
@click.option("--seed", default=2024, show_default=True, type=int)
def demo(seed: int) -> None:
    from ..services.database import open_store, upgrade
    from ..services.demo import load_demo

    upgrade()
    with open_store() as store:
        summary = load_demo(store, seed=seed)
    click.echo(t("demo.loaded", **summary))
