"""Both catalogues are complete, agree on placeholders, and hold every key the code uses."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

import asn_training
from asn_training.core.identity import KINDS
from asn_training.i18n import catalogue, pick, t
from asn_training.reports import RESULT_COLUMNS

PACKAGE = Path(asn_training.__file__).parent
KEY = re.compile(r"^[a-z_]+(\.[a-z_]+)+$")


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_catalogues_have_the_same_keys_and_placeholders():
    indonesian, english = catalogue("id"), catalogue("en")
    assert set(indonesian) == set(english)
    for key in indonesian:
        assert indonesian[key].strip() and english[key].strip(), key
        assert placeholders(indonesian[key]) == placeholders(english[key]), key


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
    unused = {key for key in catalogue("id") if key not in used and not key.startswith(dynamic)
              and t(key, "id") not in template}
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
