"""Where the kit finds its files and its database. One environment variable each, nothing else to set."""

from __future__ import annotations

import os
import re
from pathlib import Path

from .errors import ConfigError

ROOT = Path(__file__).resolve().parent.parent
DB_ENV = "ASN_TRAINING_DB"
LOG_ENV = "ASN_TRAINING_LOG"


def database_url() -> str:
    """``ASN_TRAINING_DB`` (any SQLAlchemy URL), else a SQLite file in the git-ignored ``var/`` directory."""
    return os.environ.get(DB_ENV) or f"sqlite:///{ROOT / 'var' / 'asn-training.sqlite'}"


def cache_dir() -> Path:
    """Derived files that can always be rebuilt (the validated catalog), in the git-ignored ``var/``."""
    return Path(os.environ.get("ASN_TRAINING_CACHE") or ROOT / "var" / "cache")


def quizzes_dir() -> Path:
    return Path(os.environ.get("ASN_TRAINING_QUIZZES") or ROOT / "quizzes")


def data_dir() -> Path:
    return Path(os.environ.get("ASN_TRAINING_DATA") or ROOT / "data")


def notebooks_dir() -> Path:
    return ROOT / "notebooks"


def log_path() -> Path:
    """Where the command line writes the details of an unexpected failure: ``ASN_TRAINING_LOG``, else
    ``var/log/asn-training.log`` beside the default database."""
    return Path(os.environ.get(LOG_ENV) or ROOT / "var" / "log" / "asn-training.log")


def parse_database_url(url: str):
    """``url`` as a SQLAlchemy URL; :class:`ConfigError` (showing it without its password) if it is not one."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url)
    except (ArgumentError, ValueError) as exc:  # not a URL at all, or a port that is not a number
        masked = re.sub(r"(://[^/@]*?:)[^/@]*@", r"\1***@", url)
        raise ConfigError("store.url_syntax", url=masked) from exc


def safe_database_url() -> str:
    """The database URL as it may be printed: without its password."""
    return parse_database_url(database_url()).render_as_string(hide_password=True)


TZ_ENV = "ASN_TRAINING_TZ"
TZ_ALIASES = {"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}


def timezone():
    """The agency's time zone, a :class:`zoneinfo.ZoneInfo`: ``ASN_TRAINING_TZ`` (an IANA name, or WIB, WITA, WIT),
    else Asia/Jakarta (WIB). Timestamps are stored in UTC; this zone turns them into the dates and times people read,
    and the dates they type into moments."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    name = (os.environ.get(TZ_ENV) or "").strip() or "Asia/Jakarta"
    try:
        return ZoneInfo(TZ_ALIASES.get(name.upper(), name))
    except (ZoneInfoNotFoundError, ValueError) as exc:  # ValueError: not a zone name at all, such as "../x"
        raise ConfigError("config.bad_timezone", name=name, env=TZ_ENV) from exc
