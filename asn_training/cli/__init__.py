"""The ``asn-training`` command: a thin mirror of the services. Each command parses, calls one service function
and prints the outcome; one module per command group. Expected failures print ``Error: ...`` and exit non-zero."""

from __future__ import annotations

from . import (  # noqa: F401 (they register commands)
    bank,
    certificate,
    db,
    export,
    participant,
    roster,
    serve,
    session,
    user,
)
from .base import cli

__all__ = ["cli", "main"]


def main() -> None:
    cli(prog_name="asn-training")
