"""Review follows the law: a reviewer's decision stands only while the registry entries it rests on are unchanged.

Every test works on a copy of the registry, the pledge texts and a bank, as an agency's content officer would."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from asn_training.cli import cli
from asn_training.content.banks import load_catalog
from asn_training.content.bundle import load_bundle
from asn_training.content.quality import stats
from asn_training.content.references import load_registry
from asn_training.content.reviews import record
from asn_training.errors import ConfigError

from ..conftest import VALID_BANKS

ROOT = Path(__file__).parents[2]
REVIEWER = ("--reviewer", "Sri Wahyuni", "--role", "Analis Hukum")


@pytest.fixture
def copy(tmp_path, monkeypatch):
    """A bank, the registry and the pledge texts, copied where the test may change them."""
    shutil.copytree(ROOT / "data", tmp_path / "data")
    shutil.copytree(VALID_BANKS, tmp_path / "bank")
    monkeypatch.setenv("ASN_TRAINING_DATA", str(tmp_path / "data"))
    monkeypatch.setenv("ASN_TRAINING_CACHE", str(tmp_path / "cache"))
    return tmp_path


def invoke(*args: object):
    return CliRunner().invoke(cli, [str(a) for a in args], env={"ASN_TRAINING_LANG": "en"}, catch_exceptions=False)


def review_all(copy: Path) -> list[str]:
    ids = [s.id for s in load_catalog(copy / "bank").module("contoh").active_scenarios()]
    for item in ids:
        result = invoke("bank", "review", item, *REVIEWER, "--bank", copy / "bank")
        assert result.exit_code == 0, result.output
    return ids


def edit_registry(copy: Path, old: str, new: str) -> None:
    path = copy / "data" / "legal_refs.yaml"
    text = path.read_text("utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), "utf-8")


def states(copy: Path) -> dict[str, str]:
    from asn_training.core.review import state

    catalog = load_catalog(copy / "bank", load_registry())
    return {s.id: state(s.review, s.references, catalog.references) for s in catalog.module("contoh").scenarios}


def test_a_decision_is_written_into_the_bank_and_nothing_else_changes(copy):
    path = copy / "bank" / "01-contoh.yaml"
    before = path.read_text("utf-8").splitlines()
    result = invoke("bank", "review", "ct-001", *REVIEWER, "--note", "Sesuai referensi §1.3", "--date", "2026-11-20",
                    "--bank", copy / "bank")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("ct-001: reviewed; written to ")
    after = path.read_text("utf-8").splitlines()
    changed = [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
    assert len(changed) == 1 and after[changed[0]].startswith("    review: {status: reviewed, reviewer: Sri Wahyuni")
    review = load_catalog(copy / "bank").module("contoh").scenario("ct-001").review
    assert (review.reviewer, review.role, review.date, review.note) == (
        "Sri Wahyuni", "Analis Hukum", "2026-11-20", "Sesuai referensi §1.3")
    assert set(review.basis) == {"skb-2022-disiplin-6"}


def test_changing_one_registry_entry_marks_exactly_the_items_citing_it(copy):
    ids = review_all(copy)
    assert set(states(copy).values()) <= {"reviewed", "retired"}
    catalog = load_catalog(copy / "bank")
    citing = {s.id for s in catalog.module("contoh").active_scenarios() if "skb-2022-etik-4" in s.references}
    assert citing and citing != set(ids)  # the test means something: some, not all

    edit_registry(copy, 'article: "Lampiran, pelanggaran kode etik angka 4"',
                  'article: "Lampiran, pelanggaran kode etik angka 4 (teks lampiran dibaca)"')
    now = states(copy)
    assert {i for i, s in now.items() if s == "perlu-tinjau-ulang"} == citing
    shown = invoke("bank", "stats", copy / "bank").output
    reviewed = len(ids) - len(citing)
    share = round(100 * reviewed / len(ids))
    assert f"scenarios reviewed: {reviewed} of {len(ids)} ({share}%); reviewed {reviewed}, " \
        f"perlu-tinjau-ulang {len(citing)}" in shown
    for item in citing:
        assert f"needs re-review (perlu-tinjau-ulang): {item}: changed since the review: skb-2022-etik-4" in shown

    first = sorted(citing)[0]
    assert invoke("bank", "review", first, *REVIEWER, "--bank", copy / "bank").output.startswith(
        f"{first}: reviewed;")
    assert {i for i, s in states(copy).items() if s == "perlu-tinjau-ulang"} == citing - {first}


def test_rechecking_an_entry_without_changing_it_keeps_the_reviews(copy):
    review_all(copy)
    edit_registry(copy, 'id: skb-2022-etik-4\n', 'id: skb-2022-etik-4\n')  # a no-op guard for the id
    path = copy / "data" / "legal_refs.yaml"
    path.write_text(path.read_text("utf-8").replace('checked: {date: "2026-11-25"', 'checked: {date: "2027-03-01"'),
                    "utf-8")
    assert "perlu-tinjau-ulang" not in states(copy).values()


def test_a_material_section_and_a_pledge_are_reviewed_the_same_way(copy):
    result = invoke("bank", "review", "contoh/materi", *REVIEWER, "--bank", copy / "bank")
    assert result.output.startswith("contoh/materi: reviewed;"), result.output
    assert stats(load_catalog(copy / "bank").module("contoh")).sections_review == {"reviewed": 1}

    result = invoke("bank", "review", "pakta-integritas-non-asn", *REVIEWER)
    assert result.output.startswith("pakta-integritas-non-asn: reviewed;"), result.output
    edit_registry(copy, 'article: "Pasal 304"', 'article: "Pasal 304 (definisi)"')
    shown = invoke("bank", "stats").output
    assert "needs re-review (perlu-tinjau-ulang): pakta-integritas-non-asn: changed since the review: uu7-2017-p304" \
        in shown


def test_an_unknown_item_is_named_and_nothing_is_written(copy):
    path = copy / "bank" / "01-contoh.yaml"
    before = path.read_text("utf-8")
    result = invoke("bank", "review", "ct-999", *REVIEWER, "--bank", copy / "bank")
    assert result.exit_code == 4
    assert "Nothing to review is called 'ct-999'" in result.output
    assert path.read_text("utf-8") == before


def test_two_reviewers_at_once_both_land(copy):
    items = ["ct-001", "ct-003", "ct-004", "ct-005"]
    errors: list[BaseException] = []

    def review(item: str) -> None:
        try:
            record(item, "reviewed", f"Peninjau {item}", "Bagian Hukum", paths=[copy / "bank"])
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=review, args=(item,)) for item in items]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    module = load_catalog(copy / "bank").module("contoh")
    assert {s.id: s.review.reviewer for s in module.scenarios if s.id in items} == {
        item: f"Peninjau {item}" for item in items}


def test_serving_only_reviewed_scenarios(copy, monkeypatch):
    monkeypatch.setenv("ASN_TRAINING_QUIZZES", str(copy / "bank"))
    for item in ("ct-001", "ct-003"):
        record(item, "reviewed", "Sri Wahyuni", "Analis Hukum", paths=[copy / "bank"])
    assert [s.id for s in load_bundle().catalog.module("contoh").active_scenarios()] == [
        "ct-001", "ct-002", "ct-003", "ct-004", "ct-005"]
    monkeypatch.setenv("ASN_TRAINING_SCENARIOS", "ditinjau")
    assert [s.id for s in load_bundle().catalog.module("contoh").active_scenarios()] == ["ct-001", "ct-003"]
    edit_registry(copy, 'article: "Lampiran, pelanggaran disiplin angka 6"',
                  'article: "Lampiran, pelanggaran disiplin angka 6 (teks lampiran dibaca)"')  # cited by ct-001
    assert [s.id for m in load_bundle().catalog.modules for s in m.active_scenarios()] == ["ct-003"]
    record("ct-003", "retired", "Sri Wahyuni", "Analis Hukum", paths=[copy / "bank"])
    with pytest.raises(ConfigError) as refused:  # a required module with nothing reviewed: refused, not dropped
        load_bundle()
    assert "contoh" in refused.value.message("en") and "ASN_TRAINING_SCENARIOS=semua" in refused.value.message("en")
