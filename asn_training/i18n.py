"""Message catalogues: Bahasa Indonesia by default, English second.

Every string a participant, trainer or administrator reads goes through :func:`t` with a key and named
placeholders. The catalogues live in ``locales/<lang>.yaml`` as flat ``key: text`` mappings.
"""

from __future__ import annotations

import os
from functools import cache
from importlib import resources

import yaml

LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"


@cache
def catalogue(lang: str) -> dict[str, str]:
    text = resources.files("asn_training").joinpath("locales", f"{lang}.yaml").read_text("utf-8")
    return yaml.safe_load(text)


def current_language() -> str:
    """The language for command-line output: ``ASN_TRAINING_LANG`` or Indonesian."""
    return normalise(os.environ.get("ASN_TRAINING_LANG"))


def normalise(lang: str | None) -> str:
    lang = (lang or "").strip().lower()[:2]
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def t(key: str, lang: str | None = None, /, **params: object) -> str:
    """Translate ``key`` into ``lang`` and fill its named placeholders.

    A key missing from a catalogue falls back to Indonesian, then to the key itself, so a missing
    translation is visible (and caught by the catalogue test) rather than a crash.
    """
    lang = normalise(lang) if lang else current_language()
    text = catalogue(lang).get(key) or catalogue(DEFAULT_LANGUAGE).get(key) or key
    return text.format(**params) if params else text


def pick(text: dict[str, str] | str | None, lang: str) -> str:
    """The ``lang`` version of a localised content text, falling back to Indonesian."""
    if text is None:
        return ""
    if isinstance(text, str):
        return text
    return text.get(normalise(lang)) or text.get(DEFAULT_LANGUAGE, "")
