"""Both catalogues are complete, agree on placeholders, and hold every key the code uses."""

from __future__ import annotations

import ast
import re
import string
from datetime import date
from pathlib import Path

import pytest

import asn_training
from asn_training.core.identity import KINDS
from asn_training.i18n import catalogue, format_date, format_percent, pick, t
from asn_training.reports import RESULT_COLUMNS

PACKAGE = Path(asn_training.__file__).parent
KEY = re.compile(r"^[a-z_]+(\.[a-z_]+)+$")


def placeholders(text: str | dict[str, str]) -> set[str]:
    texts = text.values() if isinstance(text, dict) else [text]
    found = [{name for _, name, _, _ in string.Formatter().parse(one) if name} for one in texts]
    assert all(names == found[0] for names in found), text  # every plural form has the same placeholders
    return found[0]


def forms(text: str | dict[str, str]) -> list[str]:
    return list(text.values()) if isinstance(text, dict) else [text]


def test_catalogues_have_the_same_keys_and_placeholders():
    indonesian, english = catalogue("id"), catalogue("en")
    assert set(indonesian) == set(english)
    for key in indonesian:
        assert all(f.strip() for f in forms(indonesian[key]) + forms(english[key])), key
        assert placeholders(indonesian[key]) == placeholders(english[key]), key
        if isinstance(english[key], dict):
            assert set(english[key]) == {"one", "other"} and "count" in placeholders(english[key]), key


@pytest.mark.parametrize(("count", "lang", "expected"), [
    (1, "en", "1 item is not answered yet."), (3, "en", "3 items are not answered yet."),
    (1, "id", "Masih ada 1 soal"), (3, "id", "Masih ada 3 soal"),
])
def test_messages_with_a_count_are_plural_correct(count, lang, expected):
    assert t("test.unanswered", lang, count=count).startswith(expected)


def test_dates_and_numbers_are_written_as_people_write_them():
    assert format_date(date(2026, 11, 25), "id") == "25 November 2026"
    assert format_date(date(2026, 1, 2), "en") == "2 January 2026"
    assert format_date(date(2026, 8, 17), "id") == "17 Agustus 2026"
    assert (format_percent(87.5, "id"), format_percent(87.5, "en"), format_percent(90.0, "id")) == \
        ("87,5%", "87.5%", "90%")


def keys_used_in_code() -> set[str]:
    prefixes = {key.split(".")[0] for key in catalogue("id")}
    used = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and KEY.match(node.value) \
                    and not node.value.endswith((".py", ".yaml", ".json")):
                if node.value.split(".")[0] in prefixes:
                    used.add(node.value)
    used |= {f"kind.{kind}" for kind in KINDS} | {f"col.{column}" for column in RESULT_COLUMNS}
    return used


def test_every_key_the_code_uses_is_in_the_catalogue():
    missing = keys_used_in_code() - set(catalogue("id"))
    assert not missing


def test_the_catalogue_holds_no_key_nothing_uses():
    template = (PACKAGE / "share" / "voila" / "templates" / "asn" / "spinner.macro.html.j2").read_text("utf-8")
    dynamic = ("level.", "test.pre", "test.post")  # built as f"level.{level}", f"test.{kind}"
    used = keys_used_in_code()  # parsed once, not once per key
    unused = {key for key, text in catalogue("id").items() if key not in used and not key.startswith(dynamic)
              and not any(form in template for form in forms(text))}
    assert not unused


@pytest.mark.parametrize(("lang", "title"), [
    ("id", "Pelatihan Netralitas ASN"), ("en", "ASN Neutrality Training"), ("EN", "ASN Neutrality Training"),
    ("en-US", "ASN Neutrality Training"), (None, "Pelatihan Netralitas ASN"), ("fr", "Pelatihan Netralitas ASN"),
])
def test_language_codes_are_normalised(lang, title, monkeypatch):
    monkeypatch.delenv("ASN_TRAINING_LANG", raising=False)
    assert t("app.title", lang) == title


def test_pick_falls_back_to_indonesian():
    assert pick({"id": "Halo", "en": "Hello"}, "en") == "Hello"
    assert pick({"id": "Halo"}, "en") == "Halo"
    assert pick(None, "id") == ""
