"""Dates as the agency reads them: in its own time zone, written by Babel in the participant's language."""

from __future__ import annotations

from datetime import UTC, date, datetime, tzinfo
from zoneinfo import ZoneInfo

from ... import config
from ...i18n import format_date

DEFAULT_ZONE = "Asia/Jakarta"


def local_zone() -> tzinfo:
    """The agency's time zone: ``config.timezone()`` where it exists, else Western Indonesia Time."""
    configured = getattr(config, "timezone", None)
    return configured() if callable(configured) else ZoneInfo(DEFAULT_ZONE)


def local_date(value: date | datetime) -> date:
    """The agency's calendar date of ``value``; a datetime without a zone is UTC, as the store writes it."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(local_zone()).date()
    return value


def show_date(value: date | datetime, lang: str) -> str:
    return format_date(local_date(value), lang)


def today() -> date:
    return datetime.now(local_zone()).date()
