"""A light participant for solara's server: what solara's page does over HTTP and its websocket, without a browser.

It is the hall harness's Voila client (bench/widgetclient.py's ``WidgetClient``) with solara's transport: the same
surface (``open(query)``, ``until``, ``find``, ``first``, ``value``, ``set``, ``click``, ``close``, ``models``,
``views``, ``marks``, ``messages``, ``received``, ``page_bytes``) and the same watchdogs and widget lookups, so the
harness's scripted participant (sign up, answer) can drive either server. What differs is the transport, as solara
1.58's page does it (solara/server/static/main-vuetify.js, solara/server/starlette.py,
solara/server/app.py ``solara_comm_target``):

1. GET the page. The answer sets the ``solara-session-id`` cookie; the page holds no kernel id: the browser makes
   one up (a uuid4, or ``?kernelid=``), and a second uuid4 names the page (Jupyter's ``session_id``).
2. Open ``jupyter/api/kernels/<kernel id>/channels?session_id=<page id>`` with that cookie: Jupyter's JSON
   protocol, one message per text frame (``header``, ``parent_header``, ``metadata``, ``content``, ``buffers``,
   ``channel``); no subprotocol. The first message for a new kernel id makes the server create a virtual kernel.
3. Ask for the kernel's info, open a comm to ``solara.control`` and send it ``{"method": "run", "args": {"path":
   "/?lang=en", ...}}``: the server runs the app for this page (the path, with its query, reaches solara's router)
   and sends a ``comm_open`` for every widget with its full state, then ``{"method": "finished", "widget_id": ...}``
   on the control comm: the page's root view. No ``request_states`` round trip.
4. Act as a user: ``comm_msg`` ``update`` (a value) or ``custom`` ``{"event": "click"}``; the server answers
   ``echo_update``, then ``update`` / ``comm_open`` for what changed.
5. Leave: POST ``_solara/api/close/<kernel id>?session_id=<page id>`` (the page's unload beacon); a websocket that
   merely drops keeps its virtual kernel until ``SOLARA_KERNEL_CULL_TIMEOUT`` (24 h by default).

Usage, one client against a running ``solara run bench/solara_app.py`` (see bench/solara_burst.py):
    PYTHONPATH=. .venv/bin/python bench/solara_client.py http://127.0.0.1:8765/ [--clients 20]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

from tornado.httpclient import AsyncHTTPClient, HTTPRequest
from tornado.websocket import websocket_connect

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from widgetclient import MAX_MESSAGE, Hung, WidgetClient, configure, reference  # noqa: E402

COOKIE = "solara-session-id"


class SolaraClient(WidgetClient):
    """One page of a solara app: its session cookie, its virtual kernel's websocket and the page's widget models.

    The watchdogs and the widgets (``step``, ``until``, ``find``, ``set``, ``click`` ...) are the Voila client's;
    what is solara's own is how the page is loaded, the virtual kernel connected and run, the JSON text frames, the
    unload beacon, and the children of a solara page (its app sits in an ``Output``)."""

    def __init__(self, base_url: str, *, timeout: float = 60.0) -> None:
        super().__init__(base_url, timeout=timeout)
        self.kernel_id = str(uuid.uuid4())
        self.session = str(uuid.uuid4())  # the page's id
        self.cookie = ""
        self._query = ""

    # Page and virtual kernel -----------------------------------------------------------------------------------

    async def open(self, query: str = "") -> None:
        """Load the page, connect a virtual kernel, run the app and receive every widget's state."""
        self.started = time.perf_counter()
        await self.step("page", self._load(query))
        await self.step("websocket", self._connect())
        await self.until(lambda: self.views, "widget states")

    async def _load(self, query: str) -> None:
        request = HTTPRequest(self.base + (f"?{query}" if query else ""), headers={"Accept-Encoding": "gzip"},
                              decompress_response=False, connect_timeout=self.timeout,
                              request_timeout=self.timeout)
        response = await AsyncHTTPClient().fetch(request, raise_error=False)
        if response.code != 200:
            raise ConnectionError(f"page: HTTP {response.code}")
        self.page_bytes = len(response.body)
        for header in response.headers.get_list("Set-Cookie"):
            name, _, rest = header.partition("=")
            if name.strip() == COOKIE:
                self.cookie = rest.split(";", 1)[0]
        if not self.cookie:
            raise ConnectionError("page: no session cookie")
        self._query = query

    async def _connect(self) -> None:
        address = "ws" + self.base[4:] + f"jupyter/api/kernels/{self.kernel_id}/channels?session_id={self.session}"
        request = HTTPRequest(address, headers={"Cookie": f"{COOKIE}={self.cookie}"}, connect_timeout=self.timeout)
        self._ws = await websocket_connect(request, max_message_size=MAX_MESSAGE)
        self._reader = asyncio.create_task(self._read())
        await self.send("kernel_info_request", {})
        self._control = str(uuid.uuid4())
        await self.send("comm_open", {"comm_id": self._control, "target_name": "solara.control", "data": {}})
        path = "/" + (f"?{self._query}" if self._query else "")
        await self.send("comm_msg", {"comm_id": self._control, "data": {
            "method": "run", "args": {"path": path, "dark": False, "themes": {}, "appName": None}}})

    async def send(self, msg_type: str, content: dict, metadata: dict | None = None) -> None:
        header = {"msg_id": str(uuid.uuid4()), "msg_type": msg_type, "username": "", "session": self.session,
                  "date": datetime.now(UTC).isoformat(), "version": "5.2"}
        await self._ws.write_message(json.dumps({"header": header, "parent_header": {}, "metadata": metadata or {},
                                                 "content": content, "buffers": [], "channel": "shell"}))

    def _handle(self, frame: str | bytes) -> None:
        if isinstance(frame, bytes):
            return  # binary frames carry widget buffers; the kit's widgets send none
        message = json.loads(frame)
        kind = message["header"].get("msg_type")
        if kind not in ("comm_open", "comm_msg", "comm_close"):
            return
        content = message.get("content") or {}
        comm = content.get("comm_id", "")
        data = content.get("data") or {}
        if kind == "comm_open" and content.get("target_name") == "jupyter.widget":
            self.models[comm] = dict(data.get("state") or {})
        elif kind == "comm_close":
            self.models.pop(comm, None)
        elif comm == self._control and data.get("method") == "finished":
            self.views = [data["widget_id"]]
        elif data.get("method") in ("update", "echo_update"):
            self.models.setdefault(comm, {}).update(data.get("state") or {})
        self._changed.set()

    async def close(self, shut_down: bool = True) -> None:
        """Close the websocket and, as the page's unload beacon does, close the virtual kernel."""
        await super().close(shut_down=False)
        if shut_down:
            request = HTTPRequest(f"{self.base}_solara/api/close/{self.kernel_id}?session_id={self.session}",
                                  method="POST", body=b"", headers={"Cookie": f"{COOKIE}={self.cookie}"},
                                  connect_timeout=self.timeout, request_timeout=self.timeout)
            await AsyncHTTPClient().fetch(request, raise_error=False)

    # Widgets ---------------------------------------------------------------------------------------------------

    def children(self, state: dict) -> list[str]:
        """Child models: ``children`` (ipywidgets' boxes and solara's vuetify containers alike), and the widgets an
        ``Output`` displays: ``solara.display(widget)`` puts the app's root there, as a widget-view output."""
        found = [r for r in (reference(c) for c in state.get("children") or ()) if r]
        for output in state.get("outputs") or ():
            view = (output.get("data") or {}).get("application/vnd.jupyter.widget-view+json") or {}
            if view.get("model_id"):
                found.append(view["model_id"])
        return found

    def visible(self) -> list[str]:
        """Model ids reachable from the root view through :meth:`children`, depth first, not under a hidden layout
        (the Voila client's walk follows ``children`` only)."""
        shown: list[str] = []
        seen: set[str] = set()
        todo = list(reversed(self.views))
        while todo:
            model_id = todo.pop()
            state = self.models.get(model_id)
            if state is None or model_id in seen:
                continue
            seen.add(model_id)
            layout = self.models.get(reference(state.get("layout")) or "", {})
            if layout.get("display") == "none" or layout.get("visibility") == "hidden":
                continue
            shown.append(model_id)
            todo.extend(reversed(self.children(state)))
        return shown


async def sign_in_form(client: SolaraClient, lang: str) -> dict:
    """One light participant to the usable sign-in form, then the PIN step after a typed NIP; its timings."""
    try:
        await client.open(f"lang={lang}")
        field = await client.until(lambda: client.first("asn-nip", "TextModel"), "sign-in form")
        await client.set(field, value="19860926 201505 1 001")
        await client.click(await client.until(lambda: client.first("asn-identify", "ButtonModel"), "identify"))
        await client.until(lambda: client.first("asn-first-visit", "ButtonModel"), "PIN step")
        return {"marks": client.marks, "messages": client.messages, "received": client.received}
    except (Hung, ConnectionError, OSError) as exc:
        return {"error": f"{type(exc).__name__}: {exc}"}


def process_usage(pid: int | None) -> tuple[float, float]:
    """CPU seconds and RSS (MB) of the server's process, from /proc; zeros without a pid."""
    if not pid:
        return 0.0, 0.0
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    ticks, page = os.sysconf("SC_CLK_TCK"), os.sysconf("SC_PAGE_SIZE")
    return (int(fields[11]) + int(fields[12])) / ticks, int(fields[21]) * page / 2**20


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--clients", type=int, default=1, help="opened at once")
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--server-pid", type=int, help="the solara process: its CPU and RSS while sessions are open")
    options = parser.parse_args()
    configure(max(10, options.clients))
    clients = [SolaraClient(options.url, timeout=options.timeout) for _ in range(options.clients)]
    cpu, rss = process_usage(options.server_pid)
    began = time.perf_counter()
    results = await asyncio.gather(*(sign_in_form(c, "en" if i % 2 else "id") for i, c in enumerate(clients)))
    elapsed = time.perf_counter() - began
    cpu_after, rss_after = process_usage(options.server_pid)
    await asyncio.gather(*(c.close() for c in clients))
    good = [r for r in results if "error" not in r]
    for step in ("page", "websocket", "widget states", "sign-in form", "PIN step"):
        times = sorted(r["marks"][step] for r in good)
        if times:
            print(f"{step:14} p50 {statistics.median(times):6.2f} s  max {times[-1]:6.2f} s")
    if good:
        print(f"per client: {statistics.median(r['messages'] for r in good):.0f} messages, "
              f"{statistics.median(r['received'] for r in good) / 1e3:.0f} kB received")
    errors = [r["error"] for r in results if "error" in r]
    print(f"{len(good)}/{options.clients} reached the PIN step in {elapsed:.1f} s; errors: {errors[:3] or 'none'}")
    if options.server_pid and good:
        print(f"server: {cpu_after - cpu:.2f} CPU-s ({(cpu_after - cpu) / len(good):.3f} per session), RSS "
              f"{rss:.0f} -> {rss_after:.0f} MB ({(rss_after - rss) / len(good):.2f} MB per open session)")


if __name__ == "__main__":
    asyncio.run(main())
