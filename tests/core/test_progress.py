"""The programme's order: pre-test, modules, post-test, each locked step with its reason; relaxed on request."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from asn_training.core.progress import Lock, compute, lock, order, pledges_for


@dataclass
class Row:
    id: int
    module_id: str
    kind: str
    status: str = "finished"
    bank_version: str = ""
    percent: float | None = 100.0


PRE = Row(1, "tes", "pre", percent=40.0)
OPEN_PRE = Row(1, "tes", "pre", status="open", percent=None)


def passed(module_id: str, number: int) -> Row:
    return Row(number, module_id, "quiz")


@pytest.mark.parametrize(("attempts", "module_lock", "post_lock"), [
    ([], Lock("order.pre_first"), Lock("test.pre_first")),
    ([OPEN_PRE], Lock("order.pre_first"), Lock("test.pre_first")),  # an unfinished pre-test is not enough
    ([PRE], None, Lock("order.modules_first", {"passed": 0, "total": 2})),
    ([PRE, passed("contoh", 2)], None, Lock("order.modules_first", {"passed": 1, "total": 2})),
    ([PRE, Row(2, "contoh", "quiz", percent=50.0), passed("contoh-dua", 3)], None,
     Lock("order.modules_first", {"passed": 1, "total": 2})),  # a failed module does not open the post-test
    ([PRE, passed("contoh", 2), passed("contoh-dua", 3)], None, None),
])
def test_steps_open_in_order(journey_catalog, attempts, module_lock, post_lock):
    modules, test = order(journey_catalog, attempts)
    assert [m.lock for m in modules] == [module_lock, module_lock]
    assert test.post_lock == post_lock
    assert lock(journey_catalog, attempts, "contoh", "quiz") == module_lock
    assert lock(journey_catalog, attempts, "tes", "post") == post_lock
    assert lock(journey_catalog, attempts, "tes", "pre") is None  # the pre-test is always open


def test_any_order_opens_the_modules_but_the_post_test_still_follows_the_pre_test(journey_catalog):
    modules, test = order(journey_catalog, [], ordered=False)
    assert [m.lock for m in modules] == [None, None]
    assert test.post_lock == Lock("test.pre_first")
    assert order(journey_catalog, [PRE], ordered=False)[1].post_lock is None


def test_without_a_test_bank_the_modules_are_open(catalog):
    modules, test = order(catalog, [])
    assert test is None and all(m.lock is None for m in modules)


@pytest.mark.parametrize(("kind", "expected"), [
    ("pns", ["ikrar-netralitas", "pakta-integritas"]),
    ("pppk", ["ikrar-netralitas", "pakta-integritas"]),
    ("non_asn", ["ikrar-netralitas", "pakta-integritas-non-asn"]),
])
def test_which_pakta_a_participant_signs_follows_their_kind(kind, expected):
    assert pledges_for(["ikrar-netralitas", "pakta-integritas", "pakta-integritas-non-asn"], kind) == expected


@dataclass
class Signed:
    pledge_id: str
    text_version: str


def test_a_non_asn_employee_needs_their_own_ikrar_and_pakta_for_the_certificate(journey_catalog, pledges):
    passed_all = [PRE, passed("contoh", 2), passed("contoh-dua", 3)]
    asn_pakta = [Signed(p, pledges[p].version) for p in ("ikrar-netralitas", "pakta-integritas")]
    state = compute(journey_catalog, pledges, passed_all, asn_pakta, self_assessed=False, certificate_code=None,
                    id_kind="non_asn")
    assert state.missing == ["ikrar-netralitas-non-asn", "pakta-integritas-non-asn"]
    assert "pakta-integritas" not in state.signatures and "ikrar-netralitas" not in state.signatures
    assert state.pledge_ids == ["ikrar-netralitas-non-asn", "pakta-integritas-non-asn"]
    assert compute(journey_catalog, pledges, passed_all, asn_pakta, self_assessed=False, certificate_code=None,
                   id_kind="pppk").eligible
