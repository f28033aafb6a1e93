"""Message catalogues: Bahasa Indonesia by default, English second; dates, numbers and plurals by Babel.

Every string a participant, trainer or administrator reads goes through :func:`t` with a key and named
placeholders. The catalogues live in ``locales/<lang>.yaml`` as flat ``key: text`` mappings; a text that depends on
a count is a mapping of CLDR plural categories (``one``, ``other``), chosen by the ``count`` parameter.
"""

from __future__ import annotations

import os
from datetime import date, datetime
from functools import cache
from importlib import resources

import yaml

LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"


@cache
def catalogue(lang: str) -> dict[str, str | dict[str, str]]:
    text = resources.files("asn_training").joinpath("locales", f"{lang}.yaml").read_text("utf-8")
    # libyaml's loader when PyYAML has it: every kernel reads both catalogues, 10x faster than the pure-Python one
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 (a safe loader)


def current_language() -> str:
    """The language for command-line output: ``ASN_TRAINING_LANG`` or Indonesian."""
    return normalise(os.environ.get("ASN_TRAINING_LANG"))


def normalise(lang: str | None) -> str:
    lang = (lang or "").strip().lower()[:2]
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


@cache
def _locale(lang: str):
    from babel import Locale

    return Locale.parse(lang)


def _plural(text: str | dict[str, str], lang: str, count: object) -> str:
    if isinstance(text, str):
        return text
    category = _locale(lang).plural_form(count) if isinstance(count, int | float) else "other"
    return text.get(category) or text["other"]


def t(key: str, lang: str | None = None, /, **params: object) -> str:
    """Translate ``key`` into ``lang`` and fill its named placeholders.

    A key missing from a catalogue falls back to Indonesian, then to the key itself, so a missing
    translation is visible (and caught by the catalogue test) rather than a crash.
    """
    lang = normalise(lang) if lang else current_language()
    text = catalogue(lang).get(key) or catalogue(DEFAULT_LANGUAGE).get(key) or key
    text = _plural(text, lang, params.get("count"))
    return text.format(**params) if params else text


def pick(text: dict[str, str] | str | None, lang: str) -> str:
    """The ``lang`` version of a localised content text, falling back to Indonesian."""
    if text is None:
        return ""
    if isinstance(text, str):
        return text
    return text.get(normalise(lang)) or text.get(DEFAULT_LANGUAGE, "")


def format_date(value: date | datetime, lang: str | None = None) -> str:
    """``25 November 2026`` (id) or ``25 November 2026`` (en): a date as people write it, never ISO. A moment (an
    aware datetime) is shown as the day it is in the agency's time zone."""
    from babel.dates import format_date as babel_date

    if isinstance(value, datetime):
        if value.tzinfo is not None:
            from .config import timezone

            value = value.astimezone(timezone())
        value = value.date()
    return babel_date(value, format="d MMMM y", locale=_locale(normalise(lang) if lang else current_language()))


def today() -> date:
    """Today in the agency's time zone (not the server's): the date a pledge or certificate carries."""
    from .config import timezone

    return datetime.now(timezone()).date()


def format_percent(value: float, lang: str | None = None) -> str:
    """``87,5%`` (id) or ``87.5%`` (en): one decimal at most, none when it is zero."""
    return f"{format_number(value, lang)}%"


def format_number(value: float, lang: str | None = None, signed: bool = False) -> str:
    """``1.234,5`` (id) or ``1,234.5`` (en); with ``signed``, a plus sign for gains."""
    from babel.numbers import format_decimal

    lang = normalise(lang) if lang else current_language()
    text = format_decimal(round(value, 1), format="#,##0.#", locale=_locale(lang))
    return f"+{text}" if signed and value > 0 else text
