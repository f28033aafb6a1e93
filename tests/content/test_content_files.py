"""Registry, pledge texts and self-assessment go through the same pipeline as the banks: a schema per kind, and
every problem named by file, line and item; nothing of a broken file is used."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from asn_training.content.instrument import load_instrument
from asn_training.content.pledges import load_pledges
from asn_training.content.references import load_registry
from asn_training.errors import ContentError

from ..conftest import DATA

REGISTRY = """schema_version: 2
references:
  - id: pp94-2021
    instrument: "PP 94/2021"
    article: "-"
    title: {id: "Disiplin PNS", en: "Civil servant discipline"}
    source: "https://example.invalid/pp94"
    confidence: H
    checked: {date: "2026-11-25", against: "legal reference §2"}
"""


def messages(error: ContentError) -> list[str]:
    return [p.message("en") for p in error.problems]


def edited(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("    confidence: H\n", "    confidence: X\n",
     "registry.yaml:8: [pp94-2021] references[0].confidence: value 'X' is not allowed (choices: H, M, L)"),
    ("    source: \"https://example.invalid/pp94\"\n", "",
     "registry.yaml:3: [pp94-2021] references[0]: required field missing: source"),
    ("    title: {id: \"Disiplin PNS\", en: \"Civil servant discipline\"}\n",
     "    title: {id: \"Disiplin PNS\"}\n",
     "registry.yaml:6: [pp94-2021] references[0].title: required translation missing: en"),
    ("    confidence: H\n", "    confidence: H\n    note: x\n",
     "registry.yaml:3: [pp94-2021] references[0]: unknown field: note"),
    ("references:\n", "refs:\n", "registry.yaml:1: (root): required field missing: references"),
    ("schema_version: 2\n", "schema_version: 7\n", "registry.yaml:1: schema_version 7 is not supported"),
    ("    checked: {date: \"2026-11-25\", against: \"legal reference §2\"}\n", "",
     "registry.yaml:3: [pp94-2021] references[0]: required field missing: checked"),
    ("2026-11-25", "25-11-2026", "registry.yaml:9: [pp94-2021] references[0].checked.date"),
])
def test_registry_problems_name_file_line_and_item(tmp_path, old, new, expected):
    path = tmp_path / "registry.yaml"
    path.write_text(edited(REGISTRY, old, new), "utf-8")
    with pytest.raises(ContentError) as caught:
        load_registry(path)
    assert any(expected in m for m in messages(caught.value)), messages(caught.value)


def test_a_reference_id_written_twice_is_named(tmp_path):
    path = tmp_path / "registry.yaml"
    path.write_text(REGISTRY + REGISTRY.split("references:\n")[1], "utf-8")
    with pytest.raises(ContentError) as caught:
        load_registry(path)
    assert messages(caught.value) == [f"{path}:10: [pp94-2021] reference id is written twice"]


def pledge_copy(tmp_path: Path, old: str, new: str) -> Path:
    target = tmp_path / "ikrar"
    shutil.copytree(DATA / "ikrar", target)
    pakta = target / "pakta-integritas.yaml"
    pakta.write_text(edited(pakta.read_text("utf-8"), old, new), "utf-8")
    return target


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("  en: Title pakta-integritas\n", "", "pakta-integritas.yaml:6: title: required translation missing: en"),
    ("id: pakta-integritas\n", "id: pakta-lain\n", "pakta-integritas.yaml:3: the id must be 'pakta-integritas'"),
    ("illustrative: true\n", "illustrative: maybe\n", "pakta-integritas.yaml:5: illustrative: 'maybe' is not"),
    ("points:\n", "point:\n", "(root): unknown field: point"),
])
def test_pledge_problems_name_file_and_line(tmp_path, old, new, expected):
    with pytest.raises(ContentError) as caught:
        load_pledges(pledge_copy(tmp_path, old, new))
    assert any(expected in m for m in messages(caught.value)), messages(caught.value)


def test_a_pledge_citing_an_unknown_reference_is_refused(tmp_path):
    directory = pledge_copy(tmp_path, "references:\n", "references:\n- no-such-law\n")
    with pytest.raises(ContentError) as caught:
        load_pledges(directory, references={"skb-2022"})
    assert any("unknown legal reference id: no-such-law, ikrar-netralitas-asn" in m for m in messages(caught.value))


def instrument_copy(tmp_path: Path, old: str, new: str) -> Path:
    path = tmp_path / "penilaian.yaml"
    path.write_text(edited((DATA / "penilaian_mandiri.yaml").read_text("utf-8"), old, new), "utf-8")
    return path


@pytest.mark.parametrize(("old", "new", "expected"), [
    # Was "malformed: 'areas'" with no line: now the line and the field.
    ("areas:\n", "area:\n", "penilaian.yaml:2: (root): required field missing: areas"),
    ("- id: t-media-sosial-2\n", "- id: t-media-sosial-1\n",
     "penilaian.yaml:134: [t-media-sosial-1] statement id is written twice"),
    ("  area: media-sosial\n  text:\n    id: Pernyataan 1", "  area: politik\n  text:\n    id: Pernyataan 1",
     "[t-media-sosial-1] unknown area 'politik'"),
    ("  medium: 0.25\n", "  medium: 0.75\n", "penilaian.yaml:28: the medium threshold must not be above"),
    ("  reverse: false\n", "  reverse: sometimes\n",
     "penilaian.yaml:133: [t-media-sosial-1] statements[0].reverse: 'sometimes' is not of type 'boolean'"),
])
def test_instrument_problems_name_file_line_and_item(tmp_path, old, new, expected):
    with pytest.raises(ContentError) as caught:
        load_instrument(instrument_copy(tmp_path, old, new))
    assert any(expected in m for m in messages(caught.value)), messages(caught.value)


def test_non_asn_staff_have_their_own_pakta_without_pp94():
    registry = load_registry()
    pledges = load_pledges(references=set(registry))
    pakta, asn = pledges["pakta-integritas-non-asn"], pledges["pakta-integritas"]
    assert pakta.illustrative and pakta.version and pakta.points
    text = {lang: " ".join([pakta.intro[lang], *(p[lang] for p in pakta.points), pakta.closing[lang]])
            for lang in ("id", "en")}
    for words in text.values():
        assert "94" not in words and "KASN" not in words and "Korpri" not in words
    assert "bukan Aparatur Sipil Negara" in text["id"] and "not a civil servant" in text["en"]
    assert "perjanjian kerja" in text["id"] and "election" in text["en"]
    assert not any(r.startswith("pp94") for r in pakta.references) and "nonasn-kontrak-kerja" in pakta.references
    assert pakta.title != asn.title
