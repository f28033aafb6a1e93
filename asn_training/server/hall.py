"""Serving a hall: hundreds of phones on one laptop in the same minute (``asn-training serve``, issue 11).

- **Kernels warmed before the hall arrives.** Voila's pool of pre-heated kernels: each has started, imported the app
  and drawn its first page, and waits in ``ParticipantApp.arrive`` for a visitor's request (``?sesi=``, ``?lang=``).
  The pool holds what the trainer expects: ``serve --siap N``, or the participants expected in the open sessions,
  whichever is more, less the kernels already taken, and two spares at least, up to the machine's capacity.
- **Refills that do not compete with a burst.** Voila refills a kernel one second after each visitor took one,
  so a burst of 300 would start 300 new kernels while the 300 visitors' pages load. The :class:`PoolKeeper` waits
  until no visitor has come for a few seconds, then warms kernels a few at a time.
- **A cap.** When the pool is empty and the machine holds as many kernels as its memory allows, a visitor gets an
  immediate page in their language that says the server is full and tries again by itself.
- **Static files compressed once.** Scripts whose address names their version are gzip-compressed on the first
  request and served from memory after (:class:`CompressOnce`), not compressed again for every phone.
"""

from __future__ import annotations

import asyncio
import gzip
import logging
import time
from dataclasses import dataclass

from ..i18n import t

log = logging.getLogger(__name__)

# A warm participant kernel's own memory: forked from the warm parent, 31 MB PSS (a cold kernel: 61 MB PSS, 78 MB
# RSS); bench/hall.py and bench/fork.py measure it. Rounded up for headroom.
KERNEL_MB = 45
RESERVE_MB = 1024  # left for the server, the database and the system
QUIET_S = 4.0  # no visitor for this long: the burst is over, the pool may be refilled
SPARE = 2  # kernels kept warm once the expected participants have all arrived
BATCH = 2  # kernels warmed at the same time when refilling (one per core on a 2-core laptop)
WARM_TIMEOUT_S = 120  # a kernel that is not warm by then is not waited for any longer
SESSIONS_EVERY_S = 15  # how often the expected participants of open sessions are read
RETRY_S = 10  # the "server full" page tries again after this long


@dataclass(frozen=True)
class Capacity:
    """How many kernels this machine can hold in its free memory."""

    available_mb: int
    kernels: int


def capacity(per_kernel_mb: int = KERNEL_MB, meminfo: str = "/proc/meminfo") -> Capacity:
    """Kernels that fit in the memory available now (``MemAvailable``), leaving :data:`RESERVE_MB`."""
    try:
        with open(meminfo, encoding="ascii") as lines:
            kb = next(int(line.split()[1]) for line in lines if line.startswith("MemAvailable:"))
    except (OSError, StopIteration, ValueError):
        kb = 2 * 1024 * 1024  # unknown: assume a small laptop's 2 GB
    available = kb // 1024
    return Capacity(available, max(1, (available - RESERVE_MB) // per_kernel_mb))


class PoolKeeper:
    """Keeps Voila's pool of pre-heated participant kernels at its target, refilling only between bursts."""

    def __init__(self, kernel_manager, notebook: str, ready: int, cap: int, expected=None, log=log) -> None:
        self.km, self.notebook, self.ready, self.cap, self.log = kernel_manager, notebook, ready, cap, log
        self.expected = expected  # a function returning the participants expected in open sessions, or None
        self.in_sessions = 0
        self.last_visit = 0.0
        self._fill = kernel_manager.fill_if_needed
        kernel_manager.fill_if_needed = self._after_visit  # Voila calls it when a visitor took a kernel
        self._task: asyncio.Task | None = None

    # What Voila holds ---------------------------------------------------------------------------------

    @property
    def pool(self) -> list:
        return self.km._pools.setdefault(self.notebook, [])

    @staticmethod
    def _waits(item) -> bool:
        """Whether a pooled kernel waits for its visitor (its notebook has asked Voila's request-info socket)."""
        from voila.request_info_handler import RequestInfoSocketHandler

        return item.done() and not item.exception() and \
            item.result()["kernel_id"] in RequestInfoSocketHandler._waiters

    def warm(self) -> int:
        return sum(1 for item in self.pool if self._waits(item))

    def kernels(self) -> int:
        return len(self.km.list_kernel_ids())

    def target(self) -> int:
        """Kernels to keep warm: what the trainer expects less those already taken (the hall that has arrived needs
        no second pool), at least :data:`SPARE` for late-comers and reloads, within what the machine holds."""
        in_use = self.kernels() - len(self.pool)
        expected = max(self.ready, self.in_sessions)
        return max(0, min(max(expected - in_use, min(SPARE, expected)), self.cap - in_use))

    def full(self) -> bool:
        """No warm kernel left and no room for another: a new visitor would wait for nothing."""
        return not self.pool and self.kernels() >= self.cap

    # Refilling ----------------------------------------------------------------------------------------

    def _after_visit(self, *_args, **_kwargs) -> None:
        self.last_visit = time.monotonic()
        self.wake()

    def wake(self) -> None:
        if self._task is None or self._task.done():
            self._task = asyncio.ensure_future(self._refill())

    async def _refill(self) -> None:
        while True:
            quiet = self.last_visit + QUIET_S - time.monotonic()
            if quiet > 0:
                await asyncio.sleep(quiet)
                continue
            missing = self.target() - len(self.pool)
            if missing <= 0:
                return
            size = len(self.pool) + min(missing, BATCH)
            default = self.km.kernel_pools_config.get("default", {})
            self.km.kernel_pools_config = {**self.km.kernel_pools_config, "default": {**default, "pool_size": size}}
            started = len(self.pool)
            self._fill(delay=0, notebook_name=self.notebook)
            await self._until_warm(self.pool[started:])
            self.log.info("%s", t("serve.pool", warm=self.warm(), target=self.target()))

    async def _until_warm(self, items: list) -> None:
        deadline = time.monotonic() + WARM_TIMEOUT_S
        while time.monotonic() < deadline:
            if all(item not in self.pool or self._is_warm(item) for item in items):
                return
            await asyncio.sleep(0.25)

    def _is_warm(self, item) -> bool:  # a kernel that failed to start is not waited for either
        return self._waits(item) or (item.done() and item.exception() is not None)

    # The sessions' expected participants --------------------------------------------------------------

    async def follow_sessions(self) -> None:
        """Every few seconds, the participants expected in open sessions (read off the event loop)."""
        loop = asyncio.get_running_loop()
        while self.expected is not None:
            try:
                self.in_sessions = await loop.run_in_executor(None, self.expected)
            except Exception:  # noqa: BLE001 (a database hiccup must not stop the server; the pool keeps its size)
                self.log.warning("could not read the open sessions' expected participants", exc_info=True)
            self.wake()
            await asyncio.sleep(SESSIONS_EVERY_S)


def expected_in_sessions() -> int:
    """The participants expected in the open sessions, read on the server process's store."""
    from ..services.live import expected_participants
    from . import server_store

    return expected_participants(server_store())


FULL_PAGE = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="{seconds}"><meta name="robots" content="noindex"><title>{title}</title><style>
body {{ font-family: system-ui, sans-serif; font-size: 17px; line-height: 1.5; color: #1a1a1a; margin: 0 auto;
  max-width: 40rem; padding: 16px; }} .asn-muted {{ color: #555; font-size: 15px; }}
</style></head><body><main><h1>{title}</h1><p role="status">{text}</p><p class="asn-muted">{detail}</p>
</main></body></html>"""


def full_page(lang: str) -> str:
    """The page a visitor gets when the server holds all the kernels it can: it reloads itself."""
    from html import escape

    return FULL_PAGE.format(lang=lang, seconds=RETRY_S, title=escape(t("hall.full_title", lang)),
                            text=escape(t("hall.full_text", lang, seconds=RETRY_S)),
                            detail=escape(t("hall.full_detail", lang)))


class CompressOnce:
    """A Tornado output transform: a static file (from the installed packages, unchanged while the server runs) is
    gzip-compressed on its first request and kept in memory under its address and content hash (``Etag``); later
    requests get the kept bytes instead of compressing the same file again for every phone."""

    kept: dict[tuple[str, str], bytes] = {}

    def __init__(self, request, static) -> None:
        accepts = "gzip" in request.headers.get("Accept-Encoding", "")
        self.uri = request.uri if accepts and request.method == "GET" and static(request) else None
        self.key: tuple[str, str] | None = None
        self.parts: list[bytes] | None = None

    def transform_first_chunk(self, status_code, headers, chunk, finishing):
        etag = headers.get("Etag")
        if self.uri is None or status_code != 200 or not etag or "Content-Encoding" in headers:
            return status_code, headers, chunk
        self.key = (self.uri, etag)
        headers["Content-Encoding"] = "gzip"  # Tornado's own gzip transform, after this one, leaves it alone
        kept = self.kept.get(self.key)
        if kept is not None:
            self.parts = None  # the handler's own chunks are dropped: the kept bytes are the whole body
            headers["Content-Length"] = str(len(kept))
            return status_code, headers, kept
        self.parts = []
        body = self.transform_chunk(chunk, finishing)
        if finishing:
            headers["Content-Length"] = str(len(body))
        elif "Content-Length" in headers:
            del headers["Content-Length"]
        return status_code, headers, body

    def transform_chunk(self, chunk: bytes, finishing: bool) -> bytes:
        if self.key is None:
            return chunk
        if self.parts is None:
            return b""
        self.parts.append(chunk)
        if not finishing:
            return b""
        body = gzip.compress(b"".join(self.parts), compresslevel=9, mtime=0)
        self.kept[self.key] = body
        return body
