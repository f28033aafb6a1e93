"""The poller for live pages, on a fake clock: no test waits for real seconds."""

from __future__ import annotations

import asyncio

import pytest

from asn_training.ui.kit.poller import Poller

from .drive import run_async


class FakeClock:
    """A clock that moves only when the poller sleeps (or an action says it took time)."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds
        await asyncio.sleep(0)


def run_until(poller: Poller, done) -> None:
    async def main():
        poller.start()
        for _ in range(1000):
            if done():
                break
            await asyncio.sleep(0)
        poller.stop()

    run_async(main())


def test_calls_on_a_fixed_beat():
    clock, calls = FakeClock(), []
    poller = Poller(lambda: calls.append(clock.now), 5, clock=clock, sleep=clock.sleep)
    run_until(poller, lambda: len(calls) >= 3)
    assert calls == [5, 10, 15]


def test_a_slow_call_skips_the_beats_it_overran_instead_of_bursting():
    clock, calls = FakeClock(), []

    def slow():
        calls.append(clock.now)
        if len(calls) == 1:
            clock.now += 12  # this poll took 12 s: the beats at 10 and 15 are gone

    run_until(Poller(slow, 5, clock=clock, sleep=clock.sleep), lambda: len(calls) >= 3)
    assert calls == [5, 22, 27]


def test_a_failing_call_does_not_end_the_polling(monkeypatch):
    clock, calls, logged = FakeClock(), [], []
    monkeypatch.setattr("asn_training.ui.kit.poller.log.exception", logged.append)

    def flaky():
        calls.append(clock.now)
        if len(calls) == 1:
            raise RuntimeError("database busy")

    run_until(Poller(flaky, 1, clock=clock, sleep=clock.sleep), lambda: len(calls) >= 2)
    assert calls == [1, 2] and logged == ["poll failed"]  # into the server's log, not the page


def test_stop_ends_the_task_and_no_call_follows():
    clock, calls = FakeClock(), []
    poller = Poller(lambda: calls.append(clock.now), 1, clock=clock, sleep=clock.sleep)

    async def main():
        poller.start()
        while len(calls) < 2:
            await asyncio.sleep(0)
        task = poller.task
        poller.stop()
        for _ in range(20):
            await asyncio.sleep(0)
        return task

    task = run_async(main())
    assert task.cancelled() and not poller.running and calls == [1, 2]


def test_an_awaitable_action_is_awaited():
    clock, calls = FakeClock(), []

    async def action():
        calls.append(clock.now)

    run_until(Poller(action, 2, clock=clock, sleep=clock.sleep), lambda: len(calls) >= 2)
    assert calls == [2, 4]


def test_an_interval_must_be_positive():
    with pytest.raises(ValueError):
        Poller(lambda: None, 0)
