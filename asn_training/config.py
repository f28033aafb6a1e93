"""Where the kit finds its files and its database. One environment variable each, nothing else to set.

The content (``quizzes/``, ``data/``, ``notebooks/``) lives in the kit's *home*: ``ASN_TRAINING_HOME``, or, when that
is unset, the source checkout the package runs from. A kit installed from a wheel has no checkout, so it asks for
``ASN_TRAINING_HOME``. ``ASN_TRAINING_QUIZZES``, ``ASN_TRAINING_DATA``, ``ASN_TRAINING_CACHE`` and ``ASN_TRAINING_DB``
override one location each.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from .errors import ConfigError

PACKAGE = Path(__file__).resolve().parent
CHECKOUT = PACKAGE.parent  # the source checkout, when the package runs from one
APP_NAME = "asn-training"
DB_ENV = "ASN_TRAINING_DB"
HOME_ENV = "ASN_TRAINING_HOME"


def checkout_root() -> Path | None:
    """The checkout this package runs from, if it looks like one (``quizzes/`` and ``data/`` beside the package)."""
    if (CHECKOUT / "quizzes").is_dir() and (CHECKOUT / "data").is_dir():
        return CHECKOUT
    return None


def home() -> Path:
    """The directory holding ``quizzes/``, ``data/`` and ``notebooks/``; a clear error if there is none."""
    value = os.environ.get(HOME_ENV)
    if value:
        path = Path(value).expanduser().resolve()
        if not path.is_dir():
            raise ConfigError("config.bad_home", env=HOME_ENV, path=str(path))
        return path
    root = checkout_root()
    if root is None:
        raise ConfigError("config.no_home", env=HOME_ENV)
    return root


def user_data_dir() -> Path:
    """Per-user data for a kit installed without a home: ``$XDG_DATA_HOME/asn-training`` or ~/.local/share/..."""
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / APP_NAME


def var_dir() -> Path:
    """Where the SQLite default and the cache go: ``<home>/var`` (git-ignored in a checkout), else per user."""
    if os.environ.get(HOME_ENV) or checkout_root() is not None:
        return home() / "var"
    return user_data_dir()
LOG_ENV = "ASN_TRAINING_LOG"


def database_url() -> str:
    """``ASN_TRAINING_DB`` (any SQLAlchemy URL), else a SQLite file in :func:`var_dir`."""
    return os.environ.get(DB_ENV) or f"sqlite:///{var_dir() / 'asn-training.sqlite'}"


def cache_dir() -> Path:
    """Derived files that can always be rebuilt (the validated catalog)."""
    return Path(os.environ.get("ASN_TRAINING_CACHE") or var_dir() / "cache")


def quizzes_dir() -> Path:
    return Path(os.environ.get("ASN_TRAINING_QUIZZES") or home() / "quizzes")


def data_dir() -> Path:
    return Path(os.environ.get("ASN_TRAINING_DATA") or home() / "data")


def notebooks_dir() -> Path:
    return home() / "notebooks"


def log_path() -> Path:
    """Where the command line writes the details of an unexpected failure: ``ASN_TRAINING_LOG``, else
    ``var/log/asn-training.log`` beside the default database."""
    return Path(os.environ.get(LOG_ENV) or var_dir() / "log" / "asn-training.log")


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


PUBLIC_URL_ENV = "ASN_TRAINING_PUBLIC_URL"


def public_url() -> str | None:
    """The address participants open the app at (``ASN_TRAINING_PUBLIC_URL``; ``serve`` sets it to the address it
    prints for phones unless it is set): the QR codes on certificates and receipts open its verification page.
    ``None`` when unknown, and then documents carry their code without a QR code."""
    value = (os.environ.get(PUBLIC_URL_ENV) or "").strip()
    return value or None


ORDER_ENV = "ASN_TRAINING_ORDER"
ORDER_CHOICES = {"urut": True, "bebas": False}


SCENARIOS_ENV = "ASN_TRAINING_SCENARIOS"
SCENARIOS_CHOICES = {"semua": False, "ditinjau": True}


def reviewed_only() -> bool:
    """``ASN_TRAINING_SCENARIOS``: ``semua`` (the default) serves every scenario that is not retired; ``ditinjau``
    serves only scenarios whose legal review still stands (a module with none left is not offered)."""
    name = (os.environ.get(SCENARIOS_ENV) or "").strip().lower() or "semua"
    if name not in SCENARIOS_CHOICES:
        raise ConfigError("config.bad_scenarios", name=name, env=SCENARIOS_ENV, choices=", ".join(SCENARIOS_CHOICES))
    return SCENARIOS_CHOICES[name]


def programme_in_order() -> bool:
    """``ASN_TRAINING_ORDER``: ``urut`` (the default) keeps the programme's order, pre-test, modules, post-test;
    ``bebas`` lets participants take the modules in any order (the post-test still follows the pre-test)."""
    name = (os.environ.get(ORDER_ENV) or "").strip().lower() or "urut"
    if name not in ORDER_CHOICES:
        raise ConfigError("config.bad_order", name=name, env=ORDER_ENV, choices=", ".join(ORDER_CHOICES))
    return ORDER_CHOICES[name]
