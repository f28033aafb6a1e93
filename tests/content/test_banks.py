"""The bank loader: valid banks load whole; broken banks are refused with every problem located."""

from __future__ import annotations

from pathlib import Path

import pytest

from asn_training.content.banks import load_catalog
from asn_training.errors import BankError

from ..conftest import DATA, VALID_BANKS

BROKEN = DATA / "banks" / "broken"


def problems_of(path: Path, registry) -> list[str]:
    with pytest.raises(BankError) as caught:
        load_catalog(path, registry)
    return [p.message("en") for p in caught.value.problems]


def test_valid_bank_loads_with_models(catalog):
    module = catalog.module("contoh")
    assert module.title == {"id": "Modul contoh", "en": "Sample module"}
    assert [t.id for t in module.topics] == ["medsos", "fasilitas"]
    assert len(module.scenarios) == 6
    assert [s.id for s in module.active_scenarios()] == ["ct-001", "ct-002", "ct-003", "ct-004", "ct-005"]
    assert module.scenario("ct-002").review.date == "2026-01-15"  # a YAML date stays text
    assert module.scenario("ct-001").trainer_notes.point == {"id": "Tetap netral.", "en": "Stay neutral."}
    assert [s.id for s in module.sections] == ["materi"]
    assert module.material["en"].startswith("## Sample material")
    assert module.scenario("ct-003").option("a").weight == 5
    assert len(module.version) == 12


@pytest.mark.parametrize(("file", "expected"), [
    ("invalid_yaml.yaml", "invalid_yaml.yaml:5: invalid YAML: expected ',' or '}', but got '<scalar>'"),
    ("duplicate_scenario_ids.yaml",
     "duplicate_scenario_ids.yaml:55: [ct-001] scenario id is already used in "),
    ("duplicate_option_ids.yaml", "duplicate_option_ids.yaml:121: [ct-004] option id 'a' is written twice"),
    ("no_correct_option.yaml", "no_correct_option.yaml:35: [ct-001] no option is correct (correct: true)"),
    ("unknown_reference.yaml",
     "unknown_reference.yaml:130: [ct-004] unknown legal reference id: uu7-2017-p999 (see data/legal_refs.yaml)"),
    ("missing_title_translation.yaml",
     "missing_title_translation.yaml:15: module.topics[1].title: required translation missing: en"),
])
def test_broken_bank_names_file_line_and_scenario(file, expected, registry):
    messages = problems_of(BROKEN / file, registry)
    assert len(messages) == 1
    assert messages[0].startswith(str(BROKEN / file).replace(file, "") + expected)


def test_all_problems_of_all_files_are_reported_at_once(registry):
    with pytest.raises(BankError) as caught:
        load_catalog([BROKEN / "no_correct_option.yaml", BROKEN / "unknown_reference.yaml",
                      BROKEN / "invalid_yaml.yaml"], registry)
    files = {Path(p.file).name for p in caught.value.problems}
    assert files == {"no_correct_option.yaml", "unknown_reference.yaml", "invalid_yaml.yaml"}
    assert "nothing was loaded" in caught.value.message("en")


def test_a_valid_bank_beside_a_broken_one_is_not_half_loaded(registry):
    with pytest.raises(BankError):
        load_catalog([VALID_BANKS / "01-contoh.yaml", BROKEN / "invalid_yaml.yaml"], registry)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "bank.yaml"
    path.write_text(text, "utf-8")
    return path


def sample(**replace: str) -> str:
    text = (VALID_BANKS / "01-contoh.yaml").read_text("utf-8")
    for old, new in replace.items():
        assert old in text
        text = text.replace(old, new, 1)
    return text


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("schema_version: 2", "schema_version: 7", "schema_version 7 is not supported (supported: 2)"),
    ("schema_version: 2", "schema_version: 1",
     "bank.yaml:2: schema_version 1 is no longer read: version 2 needs English"),
    ("difficulty: mudah", "difficulty: gampang",
     "[ct-001] scenarios[0].difficulty: value 'gampang' is not allowed (choices: mudah, sedang, sulit)"),
    ("topic: medsos", "topic: kampanye", "[ct-001] topic 'kampanye' is not in module.topics (medsos, fasilitas)"),
    ("        correct: false\n        feedback: {id: \"Menyukai",
     "        correct: true\n        feedback: {id: \"Menyukai",
     "[ct-001] 'single' scoring needs exactly one correct option, found 2"),
    ("        weight: 5", "        weight: 4", "[ct-003] 'weighted' scoring needs at least one option with weight 5"),
    ("draw: 4", "draw: 9", "draw 9 is more than the number of active scenarios (5)"),
    ("status: reviewed, reviewer: \"Bagian Hukum\"", "status: reviewed, reviewer: null",
     "[ct-002] status 'reviewed' needs a reviewer and a date"),
    ("explanation: {id: \"Kehadiran pasif masih abu-abu dan berisiko, tidak disarankan.\"",
     "explanation: {id: \"Kehadiran pasif dilarang.\"",
     "[ct-005] cites a low-confidence [L] reference (tafsir-hadir-kampanye-pasif); the explanation must hedge"),
    ("en: \"Passive attendance is a grey area and risky, not recommended.\"",
     "en: \"Passive attendance is prohibited.\"",
     "[ct-005] cites a low-confidence [L] reference (tafsir-hadir-kampanye-pasif); the explanation must hedge"),
    ("feedback: {id: \"Membagikan berarti ikut menyebarkan kampanye.\", en: \"Sharing means helping to spread the "
     "campaign.\"}", "feedback: {id: \"Membagikan berarti ikut menyebarkan kampanye.\"}",
     "[ct-001] scenarios[0].options[2].feedback: required translation missing: en"),
    ("    trainer_notes:\n      questions:\n"
     "        - {id: \"Apa yang akan Anda lakukan?\", en: \"What would you do?\"}\n"
     "      point: {id: \"Tetap netral.\", en: \"Stay neutral.\"}\n"
     "    review: {status: draft, reviewer: null, date: null}\n  - id: ct-002",
     "    review: {status: draft, reviewer: null, date: null}\n  - id: ct-002",
     "[ct-001] scenarios[0]: required field missing: trainer_notes"),
    ("        en: |\n          ## Sample material\n          A short material text.\n", "",
     "module.material[0].body: required translation missing: en"),
    ("      references: []\n", "      references: [tafsir-hadir-kampanye-pasif]\n",
     "[materi] material section cites a low-confidence [L] reference (tafsir-hadir-kampanye-pasif)"),
    ("    scoring: single\n", "    scoring: single\n    colour: red\n",
     "[ct-001] scenarios[0]: unknown field: colour"),
    ("  - id: ct-001\n", "  - id: CT 001\n",
     "[CT 001] scenarios[0].id: invalid id 'CT 001' (lower-case letters, digits and dashes only)"),
    ("  pass_mark: 70\n", "  pass_mark: 70\n  pass_mark: 80\n", "key 'pass_mark' is written twice"),
])
def test_each_rule_is_checked(tmp_path, registry, old, new, expected):
    messages = problems_of(write(tmp_path, sample(**{old: new})), registry)
    assert any(expected in m for m in messages), messages


def test_missing_field_is_named_with_its_line(tmp_path, registry):
    text = sample(**{"    explanation: {id: \"ASN dilarang memberi dukungan di media sosial.\", "
                     "en: \"ASN may not show support on social media.\"}\n": ""})
    (message,) = problems_of(write(tmp_path, text), registry)
    assert message.endswith("bank.yaml:28: [ct-001] scenarios[0]: required field missing: explanation")


def test_no_files_is_an_error(tmp_path, registry):
    (message,) = problems_of(tmp_path, registry)
    assert message == f"{tmp_path}: no bank files (*.yaml)"


def test_the_shipped_banks_validate(registry):
    catalog = load_catalog(None, registry)
    assert catalog.modules
    assert all(len(m.scenarios) >= 12 for m in catalog.modules)
