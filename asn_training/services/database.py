"""The database as administrators and the server handle it: open the configured one, bring its schema up to date,
and say in words what a database failure means."""

from __future__ import annotations

from sqlalchemy import exc as sa

from ..errors import AsnTrainingError, ConfigError, InvalidInput
from ..store import Store, open_store

__all__ = ["database_failure", "open_store", "upgrade"]


def upgrade(url: str | None = None) -> tuple[str, str]:
    """Bring the schema to the newest revision, keeping data; return (revision, URL without password)."""
    with Store(url) as store:
        store.upgrade()
        return store.current_revision() or "-", store.safe_url


def database_failure(exc: BaseException, log: str) -> AsnTrainingError | None:
    """The error to show for a database failure that no service expected, naming the ``log`` that holds its
    details; ``None`` if ``exc`` is not one. Data the database refused is a data error (exit 5); a connection
    lost, a missing privilege or table is a configuration error (exit 3)."""
    if not isinstance(exc, sa.DBAPIError):
        return None
    lines = str(exc.orig).strip().splitlines()
    detail = lines[0] if lines else type(exc.orig).__name__
    if isinstance(exc, sa.DataError | sa.IntegrityError):
        return InvalidInput("database.refused_data", detail=detail, log=log)
    return ConfigError("database.failed", detail=detail, log=log)
