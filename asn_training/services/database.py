"""The database as administrators and the server handle it: open the configured one, bring its schema up to date."""

from __future__ import annotations

from ..store import Store, open_store

__all__ = ["open_store", "upgrade"]


def upgrade(url: str | None = None) -> tuple[str, str]:
    """Bring the schema to the newest revision, keeping data; return (revision, URL without password)."""
    with Store(url) as store:
        store.upgrade()
        return store.current_revision() or "-", store.safe_url
