"""Verification codes: one prefix per printed kind, read back as people type them."""

from __future__ import annotations

import pytest

from asn_training.content.pledges import PLEDGE_IDS
from asn_training.core.codes import CERTIFICATE, kind_of, new_code, normalise_code, receipt_prefix


def test_each_printed_kind_has_its_own_prefix():
    assert [receipt_prefix(p) for p in PLEDGE_IDS] == ["IKR", "IKN", "PKT", "PKN"]
    assert len({CERTIFICATE, *(receipt_prefix(p) for p in PLEDGE_IDS)}) == 1 + len(PLEDGE_IDS)
    with pytest.raises(ValueError):
        receipt_prefix("sumpah-jabatan")


@pytest.mark.parametrize(("prefix", "kind"), [("SRT", "certificate"), ("IKR", "receipt"), ("PKT", "receipt")])
def test_a_new_code_reads_back_as_itself_and_tells_its_kind(prefix, kind):
    code = new_code(prefix)
    assert code.startswith(f"{prefix}-") and len(code) == 15
    assert normalise_code(code.lower().replace("-", " ")) == code
    assert kind_of(code) == kind


def test_a_code_with_another_prefix_is_of_no_kind():
    assert kind_of(normalise_code("ABC-12345-67890")) is None


@pytest.mark.parametrize(("typed", "stored"), [
    ("srt-4k7qp-0l1oi", "SRT-4K7QP-01101"), (" SRT 4K7QP 01101 ", "SRT-4K7QP-01101"),
    ("ikr-abcde-fghjk", "IKR-ABCDE-FGHJK"), ("pkt 0o1il 23456", "PKT-00111-23456"),
])
def test_verification_codes_are_read_as_typed(typed, stored):
    assert normalise_code(typed) == stored
