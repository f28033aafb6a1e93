"""The programme's order: pre-test, modules, post-test, each locked step with its reason; relaxed on request."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from asn_training.core.progress import Lock, lock, order


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
