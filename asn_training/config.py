"""Where the kit finds its files and its database. One environment variable each, nothing else to set."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB_ENV = "ASN_TRAINING_DB"


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


def safe_database_url() -> str:
    """The database URL as it may be printed: without its password."""
    from sqlalchemy.engine import make_url

    return make_url(database_url()).render_as_string(hide_password=True)
