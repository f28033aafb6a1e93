"""Serving a hall (asn_training.server.hall): the machine's capacity, the pool kept warm between bursts and not during
one, the 'server full' page, static files compressed once. The real server's behaviour is in
tests/browser/test_hall_server.py; the load itself is measured by bench/hall.py."""

from __future__ import annotations

import asyncio
import gzip
import itertools
import threading
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest
from voila.request_info_handler import RequestInfoSocketHandler

from asn_training.server import hall
from tests.conftest import run_async


def test_capacity_is_the_free_memory_less_a_reserve_in_kernels(tmp_path):
    meminfo = tmp_path / "meminfo"
    meminfo.write_text("MemTotal:       25165824 kB\nMemFree:         1000000 kB\nMemAvailable:   10485760 kB\n")
    room = hall.capacity(per_kernel_mb=100, meminfo=str(meminfo))
    assert room.available_mb == 10240
    assert room.kernels == (10240 - hall.RESERVE_MB) // 100


def test_capacity_without_meminfo_assumes_a_small_laptop(tmp_path):
    room = hall.capacity(per_kernel_mb=100, meminfo=str(tmp_path / "missing"))
    assert room == hall.Capacity(2048, (2048 - hall.RESERVE_MB) // 100)


@pytest.mark.parametrize(("lang", "title"), [("id", "Server penuh"), ("en", "The server is full")])
def test_the_full_page_speaks_the_visitors_language_and_tries_again_by_itself(lang, title):
    page = hall.full_page(lang)
    assert f'<html lang="{lang}">' in page and f"<h1>{title}</h1>" in page
    assert f'http-equiv="refresh" content="{hall.RETRY_S}"' in page
    assert "<script" not in page


class FakeKernels:
    """What the PoolKeeper uses of Voila's kernel manager: pools of futures, each a warm kernel once its id waits
    in Voila's request-info handler."""

    def __init__(self) -> None:
        self._pools: dict[str, list] = {}
        self.kernel_pools_config = {"default": {"pool_size": 0}}
        self.running: list[str] = []
        self.started = 0
        self.ids = (f"k{i}" for i in itertools.count())

    def fill_if_needed(self, delay=None, notebook_name=None, **_kwargs) -> None:
        pool = self._pools.setdefault(notebook_name, [])
        while len(pool) < self.kernel_pools_config["default"]["pool_size"]:
            kernel_id = next(self.ids)
            future = asyncio.get_event_loop().create_future()
            future.set_result({"kernel_id": kernel_id})
            RequestInfoSocketHandler._waiters[kernel_id] = object()
            self.running.append(kernel_id)
            self.started += 1
            pool.append(future)

    def list_kernel_ids(self) -> list[str]:
        return list(self.running)

    def take(self, keeper) -> None:
        """A visitor takes a warm kernel (as Voila's handler does), and Voila asks for a refill."""
        self._pools["p.ipynb"].pop(0)
        keeper.km.fill_if_needed(delay=None, notebook_name="p.ipynb")


@pytest.fixture
def quick(monkeypatch):
    monkeypatch.setattr(hall, "QUIET_S", 1.0)
    yield
    RequestInfoSocketHandler._waiters.clear()


def test_the_pool_is_refilled_only_once_the_burst_is_over(quick):
    async def scenario():
        kernels = FakeKernels()
        keeper = hall.PoolKeeper(kernels, "p.ipynb", ready=4, cap=100)
        keeper.wake()
        await asyncio.sleep(0.1)
        assert keeper.warm() == 4
        for _ in range(4):  # a burst takes every warm kernel
            kernels.take(keeper)
            await asyncio.sleep(0.05)
        assert kernels.started == 4, "no kernel is started while visitors keep coming"
        await asyncio.sleep(1.8)
        assert keeper.warm() == hall.SPARE and kernels.started == 4 + hall.SPARE, \
            "after a quiet moment, spares for late-comers (the hall that came needs no second pool)"
        keeper.ready = 10  # the trainer expects more people
        keeper.wake()
        await asyncio.sleep(0.2)
        assert keeper.warm() == 10 - 4

    run_async(scenario())


def test_the_pool_grows_to_the_participants_sessions_expect_within_the_cap(quick):
    async def scenario():
        kernels = FakeKernels()
        expected = iter([30, 30, 30])
        keeper = hall.PoolKeeper(kernels, "p.ipynb", ready=2, cap=12, expected=lambda: next(expected))
        follow = asyncio.ensure_future(keeper.follow_sessions())
        await asyncio.sleep(0.3)
        follow.cancel()
        assert keeper.in_sessions == 30
        assert len(kernels._pools["p.ipynb"]) == 12, "as many as expected, but no more than the machine holds"
        kernels.running.append("staff")  # a trainer's kernel
        assert keeper.target() == 11

    run_async(scenario())


def test_full_only_when_no_warm_kernel_is_left_and_the_cap_is_reached(quick):
    async def scenario():
        kernels = FakeKernels()
        keeper = hall.PoolKeeper(kernels, "p.ipynb", ready=2, cap=2)
        keeper.wake()
        await asyncio.sleep(0.05)
        assert len(kernels._pools["p.ipynb"]) == 2 and not keeper.full()
        kernels.take(keeper)
        assert not keeper.full(), "one warm kernel is left"
        kernels.take(keeper)
        assert keeper.full()

    run_async(scenario())


@contextmanager
def serving(rules: list, transforms: tuple = ()):
    """A Tornado application on a free port in a thread of its own, for the length of the ``with``; its port."""
    from tornado.httpserver import HTTPServer
    from tornado.ioloop import IOLoop
    from tornado.web import Application

    from tests.browser.conftest import free_port

    port, ready, loop_box = free_port(), threading.Event(), {}

    def serve() -> None:
        asyncio.set_event_loop(asyncio.new_event_loop())
        app = Application(rules)
        for transform in transforms:
            app.add_transform(transform)
        HTTPServer(app).listen(port, "127.0.0.1")
        loop_box["loop"] = IOLoop.current()
        ready.set()
        IOLoop.current().start()

    threading.Thread(target=serve, daemon=True).start()
    ready.wait(10)
    try:
        yield port
    finally:
        loop_box["loop"].add_callback(loop_box["loop"].stop)


def test_static_files_are_compressed_once_and_served_from_memory(tmp_path):
    from tornado.web import GZipContentEncoding, StaticFileHandler

    script = "console.log('asn');\n" * 20_000
    (tmp_path / "app.js").write_text(script)
    hall.CompressOnce.kept.clear()
    rules = [(r"/static/(.*)", StaticFileHandler, {"path": str(tmp_path)})]
    compress_once = lambda request: hall.CompressOnce(request, lambda r: r.path.startswith("/static/"))  # noqa: E731
    with serving(rules, (compress_once, GZipContentEncoding)) as port:

        def get(encoding: str = "gzip") -> tuple[dict, bytes]:
            address = f"http://127.0.0.1:{port}/static/app.js"
            request = urllib.request.Request(address, headers={"Accept-Encoding": encoding})
            with urllib.request.urlopen(request, timeout=10) as response:
                return dict(response.headers), response.read()

        first_headers, first = get()
        second_headers, second = get()
        plain_headers, plain = get("identity")
    assert first_headers["Content-Encoding"] == "gzip" and gzip.decompress(first).decode() == script
    assert second == first and int(second_headers["Content-Length"]) == len(first) < len(script) / 20
    assert len(hall.CompressOnce.kept) == 1
    assert "Content-Encoding" not in plain_headers and plain.decode() == script, "a client without gzip gets it plain"
    assert Path(tmp_path / "app.js").stat().st_size == len(script)


def test_a_pre_heated_kernel_gets_its_visitors_address_without_loading_voila(tmp_path):
    """What the notebook's second cell does in a kernel from Voila's pool, against Voila's own request-info socket:
    the visitor's query string arrives, and none of Voila's server side is imported into the kernel."""
    import json
    import os
    import subprocess
    import sys

    RequestInfoSocketHandler.send_updates({"kernel_id": "k-1", "payload": {"QUERY_STRING": "sesi=ABC234&lang=en"}})
    code = ("import json, os, sys\n"
            "from asn_training.ui.kit.guard import wait_for_visitor\n"
            "wait_for_visitor()\n"
            "heavy = sorted({m.split('.')[0] for m in sys.modules} & {'voila', 'nbconvert', 'jupyter_server'})\n"
            "print(json.dumps([os.environ.get('QUERY_STRING'), heavy]))\n")
    with serving([(r"/voila/query/(.*)", RequestInfoSocketHandler)]) as port:
        env = dict(os.environ, VOILA_PREHEAT="True", VOILA_APP_IP="127.0.0.1", VOILA_APP_PORT=str(port),
                   VOILA_SERVER_URL="/", VOILA_KERNEL_ID="k-1")
        done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == ["sesi=ABC234&lang=en", []]
