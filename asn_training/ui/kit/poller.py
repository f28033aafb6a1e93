"""A poller for live pages: call a function every few seconds while a page is shown.

The kernel's event loop runs it as an asyncio task, so the values it sets reach the browser without any tap (a
trainer's live view, a participant waiting for the trainer's next scenario). The router stops it when the page
closes. ``clock`` and ``sleep`` can be replaced, so tests run without waiting.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import time
from collections.abc import Awaitable, Callable

log = logging.getLogger("asn_training.ui")


class Poller:
    """Calls ``action`` every ``seconds``: on a fixed beat, skipping beats a slow call overran (no burst after)."""

    def __init__(self, action: Callable[[], object], seconds: float, *,
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], Awaitable[object]] = asyncio.sleep) -> None:
        if seconds <= 0:
            raise ValueError("a poller needs a positive interval")
        self.action, self.seconds = action, seconds
        self.clock, self.sleep = clock, sleep
        self.task: asyncio.Task | None = None

    @property
    def running(self) -> bool:
        return self.task is not None and not self.task.done()

    def start(self, loop: asyncio.AbstractEventLoop | None = None) -> Poller:
        if self.task is None:
            if loop is None:
                try:
                    loop = asyncio.get_running_loop()
                except RuntimeError:  # a kernel's callback outside a coroutine: its loop is the current one
                    loop = asyncio.get_event_loop_policy().get_event_loop()
            self.task = loop.create_task(self._run())
        return self

    def stop(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.task = None

    async def _run(self) -> None:
        due = self.clock() + self.seconds
        while True:
            await self.sleep(max(0.0, due - self.clock()))
            try:
                result = self.action()
                if inspect.isawaitable(result):
                    await result
            except asyncio.CancelledError:
                raise
            except Exception:  # noqa: BLE001 (one failed poll must not end the page's updates)
                log.exception("poll failed")
            due += self.seconds
            now = self.clock()
            if due <= now:  # the call overran whole beats: go on from now
                due = now + self.seconds
