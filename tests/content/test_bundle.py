"""The participant kernels' content bundle: validated in full once, then cached until any input changes."""

from __future__ import annotations

import shutil

import pytest

from asn_training.content import bundle
from asn_training.errors import BankError

from ..conftest import VALID_BANKS


@pytest.fixture
def banks(tmp_path, monkeypatch):
    directory = tmp_path / "banks"
    directory.mkdir()
    shutil.copy(VALID_BANKS / "01-contoh.yaml", directory)
    monkeypatch.setenv("ASN_TRAINING_QUIZZES", str(directory))
    monkeypatch.setenv("ASN_TRAINING_CACHE", str(tmp_path / "cache"))
    return directory


def test_the_bundle_is_validated_once_then_read_from_the_cache(banks, tmp_path, monkeypatch):
    first = bundle.load_bundle()
    assert [m.id for m in first.catalog.modules] == ["contoh"] and first.pledges and first.instrument
    assert len(list((tmp_path / "cache").glob("bundle-*.pickle"))) == 1

    def no_validation():
        raise AssertionError("validated again although nothing changed")

    monkeypatch.setattr(bundle, "validate", no_validation)
    assert bundle.load_bundle() == first


def test_any_changed_input_is_validated_again(banks, monkeypatch):
    bundle.load_bundle()
    path = banks / "01-contoh.yaml"
    path.write_text(path.read_text("utf-8").replace("draw: 4", "draw: 9"), "utf-8")
    with pytest.raises(BankError) as caught:
        bundle.load_bundle()
    assert "draw 9 is more than the number of active scenarios (5)" in caught.value.message("en")
