"""A light participant for bench/hall.py: what the browser's widget manager does, over Voila's HTTP and websocket
endpoints, without a browser. Hundreds of them run in one asyncio loop.

What a Voila 0.5 page does, and so what :class:`WidgetClient` does (voila's packages/widgets_manager8/src/index.ts,
@jupyterlab/services' KernelConnection, ipywidgets' packages/base-manager/src/manager-base.ts ``_loadFromKernel``):

1. GET the page. Voila starts (or takes from its pool) a kernel, streams the page's head with the kernel's id in the
   page config (``"kernelId": ...``), runs the notebook and streams the cells' outputs: the widget views' model ids.
2. GET ``api/kernels/<id>`` (the kernel's model), then open ``api/kernels/<id>/channels?session_id=<uuid>`` with the
   websocket subprotocol ``v1.kernel.websocket.jupyter.org`` (binary frames: offsets, channel, header, parent header,
   metadata, content, buffers) and ask for the kernel's info.
3. Open a comm to ``jupyter.widget.control``, send ``request_states``; the kernel answers ``update_states`` with
   every widget's state; close that comm. Later ``comm_open`` (new widgets), ``comm_msg`` ``update`` /
   ``echo_update`` (changed values) and ``comm_close`` keep the model table current. Messages and bytes received are
   counted.
4. Act as a user: ``update`` a value (``{"method": "update", "state": {...}, "buffer_paths": []}``), press a button
   (``{"method": "custom", "content": {"event": "click"}}``).

A widget is *visible* when it can be reached from one of the page's views through ``children`` without passing a
layout with ``display: none`` or ``visibility: hidden``. Every wait has a watchdog: :class:`Hung` names the step.
"""

from __future__ import annotations

import asyncio
import gzip
import html
import json
import re
import secrets
import time
import uuid
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from tornado.httpclient import AsyncHTTPClient, HTTPRequest
from tornado.websocket import websocket_connect

PROTOCOL = "v1.kernel.websocket.jupyter.org"
CONTROL_TARGET = "jupyter.widget.control"
CONTROL_VERSION = "1.0.0"  # ipywidgets 8's control comm protocol (ipywidgets/_version.py)
KERNEL_ID = re.compile(r'"kernelId":\s*"([0-9a-f-]{36})"')
VIEW = re.compile(r'"application/vnd\.jupyter\.widget-view\+json":\s*\{[^}]*?"model_id":\s*"([0-9a-f]+)"')
REFERENCE = "IPY_MODEL_"
MAX_MESSAGE = 64 * 1024 * 1024


class Hung(Exception):  # noqa: N818 (a page that stopped moving, named by its step)
    """A step that did not finish within its watchdog's time."""

    def __init__(self, step: str) -> None:
        super().__init__(step)
        self.step = step


def configure(max_clients: int = 2000) -> None:
    """Let every client in the loop fetch at once (Tornado's default is 10 requests at a time)."""
    AsyncHTTPClient.configure(None, max_clients=max_clients)


def encode(channel: str, header: dict, content: dict, parent: dict | None = None, metadata: dict | None = None,
           buffers: tuple[bytes, ...] = ()) -> bytes:
    """One message in the v1 websocket protocol: little-endian 64-bit offsets, the channel, then the parts."""
    parts = [json.dumps(part).encode() for part in (header, parent or {}, metadata or {}, content)] + list(buffers)
    name = channel.encode()
    offsets = [8 * (len(parts) + 3)]
    offsets.append(offsets[-1] + len(name))
    for part in parts:
        offsets.append(offsets[-1] + len(part))
    head = len(offsets).to_bytes(8, "little") + b"".join(o.to_bytes(8, "little") for o in offsets)
    return head + name + b"".join(parts)


def decode(frame: bytes) -> tuple[str, list[bytes]]:
    """The channel and the parts (header, parent header, metadata, content, buffers...) of a v1 frame."""
    count = int.from_bytes(frame[:8], "little")
    offsets = [int.from_bytes(frame[8 * (i + 1):8 * (i + 2)], "little") for i in range(count)]
    offsets.append(len(frame))
    channel = frame[offsets[0]:offsets[1]].decode()
    return channel, [frame[offsets[i]:offsets[i + 1]] for i in range(1, count)]


def reference(value: object) -> str | None:
    return value[len(REFERENCE):] if isinstance(value, str) and value.startswith(REFERENCE) else None


class WidgetClient:
    """One page of a Voila app, its kernel's websocket and the page's widget models."""

    def __init__(self, base_url: str, *, timeout: float = 60.0, assets: tuple[str, ...] = ()) -> None:
        self.base = base_url.rstrip("/") + "/"
        self.timeout = timeout
        self.assets = assets  # scripts fetched as a first visit does (the page's preload links), from the first byte
        self.asset_bytes = 0
        self._assets: asyncio.Future | None = None
        self.session = uuid.uuid4().hex
        self.models: dict[str, dict[str, Any]] = {}  # model id -> its state (``_model_name``, ``_dom_classes`` ...)
        self.views: list[str] = []  # the model ids the page's cells display
        self.kernel_id = ""
        self.marks: dict[str, float] = {}  # step -> seconds since the page was asked for
        self.messages = self.received = 0  # websocket frames and their bytes, all channels
        self.page_bytes = 0  # the page as transferred (compressed if the server compressed it)
        self.tally: Counter[str] = Counter()  # iopub messages by kind; widget updates by model and trait
        self.started = 0.0
        self.closed = False
        self._ws: Any = None
        self._reader: asyncio.Task | None = None
        self._changed = asyncio.Event()
        self._control = ""
        self._states = asyncio.Event()

    # Steps and watchdogs ---------------------------------------------------------------------------------------

    def now(self) -> float:
        return time.perf_counter() - self.started

    async def step(self, name: str, work, timeout: float | None = None):
        """Run ``work`` (an awaitable) under a watchdog; mark the moment it finished."""
        try:
            result = await asyncio.wait_for(work, timeout or self.timeout)
        except TimeoutError:
            raise Hung(name) from None
        self.marks[name] = self.now()
        return result

    async def until(self, found: Callable[[], Any], name: str, timeout: float | None = None):
        """Wait until ``found()`` returns something true (checked after every message); return it."""
        async def wait():
            while True:
                result = found()
                if result:
                    return result
                if self.closed:
                    raise ConnectionError(f"the kernel's websocket closed during {name}")
                self._changed.clear()
                await self._changed.wait()

        return await self.step(name, wait(), timeout)

    # Page and kernel -------------------------------------------------------------------------------------------

    async def open(self, query: str = "") -> None:
        """Load the page, connect to its kernel and receive every widget's state."""
        self.started = time.perf_counter()
        await self.step("page", self._load(query))
        if self._assets is not None:
            await self.step("scripts", self._assets)
        await self.step("kernel model", self._fetch(f"api/kernels/{self.kernel_id}"))
        await self.step("websocket", self._connect())
        await self.step("widget states", self._request_states())

    async def _load(self, query: str) -> None:
        chunks: list[bytes] = []

        def arrived(chunk: bytes) -> None:
            if not chunks:
                self.marks["first byte"] = self.now()
                if self.assets:
                    self._assets = asyncio.ensure_future(self._fetch_assets())
            chunks.append(chunk)

        request = HTTPRequest(self.base + (f"?{query}" if query else ""), headers={"Accept-Encoding": "gzip"},
                              decompress_response=False, streaming_callback=arrived,
                              connect_timeout=self.timeout, request_timeout=self.timeout)
        response = await AsyncHTTPClient().fetch(request, raise_error=False)
        if response.code != 200:
            raise ConnectionError(f"page: HTTP {response.code}")
        body = b"".join(chunks)
        self.page_bytes = len(body)
        if response.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        text = body.decode("utf-8", "replace")
        found = KERNEL_ID.search(text)
        if found is None:
            raise ConnectionError("page: no kernel id in the page")
        self.kernel_id = found.group(1)
        self.views = VIEW.findall(text)
        if not self.views:
            raise ConnectionError("page: no widget view in the page (the cell's output did not reach it)")

    async def _fetch_assets(self, connections: int = 6) -> None:
        """Every script of a first visit, six at a time as a browser does over HTTP/1.1, compressed if offered."""
        queue = list(self.assets)

        async def worker() -> None:
            while queue:
                path = queue.pop(0)
                response = await AsyncHTTPClient().fetch(
                    self.base + path, headers={"Accept-Encoding": "gzip"}, decompress_response=False,
                    connect_timeout=self.timeout, request_timeout=self.timeout, raise_error=False)
                if response.code != 200:
                    raise ConnectionError(f"{path}: HTTP {response.code}")
                self.asset_bytes += len(response.body)

        await asyncio.gather(*(worker() for _ in range(connections)))

    async def _fetch(self, path: str) -> bytes:
        response = await AsyncHTTPClient().fetch(self.base + path, connect_timeout=self.timeout,
                                                 request_timeout=self.timeout, raise_error=False)
        if response.code != 200:
            raise ConnectionError(f"{path}: HTTP {response.code}")
        return response.body

    async def _connect(self) -> None:
        address = "ws" + self.base[4:] + f"api/kernels/{self.kernel_id}/channels?session_id={self.session}"
        self._ws = await websocket_connect(HTTPRequest(address, connect_timeout=self.timeout),
                                           subprotocols=[PROTOCOL], max_message_size=MAX_MESSAGE)
        if self._ws.selected_subprotocol != PROTOCOL:
            raise ConnectionError(f"websocket: the server chose {self._ws.selected_subprotocol!r}")
        self._reader = asyncio.create_task(self._read())
        await self.send("kernel_info_request", {})

    async def _request_states(self) -> None:
        self._control = uuid.uuid4().hex
        await self.send("comm_open", {"comm_id": self._control, "target_name": CONTROL_TARGET, "data": {}},
                        metadata={"version": CONTROL_VERSION})
        await self.send("comm_msg", {"comm_id": self._control, "data": {"method": "request_states"}})
        while not self._states.is_set():
            if self.closed:
                raise ConnectionError("the kernel's websocket closed before the widget states")
            await self._states.wait()
        await self.send("comm_close", {"comm_id": self._control, "data": {}})

    async def send(self, msg_type: str, content: dict, metadata: dict | None = None) -> None:
        header = {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "username": "", "session": self.session,
                  "date": datetime.now(UTC).isoformat(), "version": "5.3"}
        await self._ws.write_message(encode("shell", header, content, metadata=metadata), binary=True)

    async def _read(self) -> None:
        try:
            while True:
                frame = await self._ws.read_message()
                if frame is None:
                    break
                self.messages += 1
                self.received += len(frame)
                self._handle(frame)
        finally:
            self.closed = True
            self._changed.set()
            self._states.set()

    def _handle(self, frame: bytes | str) -> None:
        if isinstance(frame, str):
            return  # the legacy JSON protocol is not asked for
        channel, parts = decode(frame)
        if channel != "iopub" or len(parts) < 4:
            return
        kind = json.loads(parts[0]).get("msg_type")
        if kind not in ("comm_open", "comm_msg", "comm_close"):
            self.tally[kind] += 1
            return
        content = json.loads(parts[3])
        comm = content.get("comm_id", "")
        data = content.get("data") or {}
        if kind == "comm_open" and content.get("target_name") == "jupyter.widget":
            self.models[comm] = dict(data.get("state") or {})
            self.tally[f"comm_open {self.models[comm].get('_model_name')}"] += 1
        elif kind == "comm_close":
            self.tally[f"comm_close {self.models.pop(comm, {}).get('_model_name')}"] += 1
        elif comm == self._control and data.get("method") == "update_states":
            for model_id, model in (data.get("states") or {}).items():
                self.models[model_id] = dict(model.get("state") or {})
            self.tally["update_states"] += 1
            self._states.set()
        elif data.get("method") in ("update", "echo_update"):
            state = data.get("state") or {}
            model = self.models.setdefault(comm, {})
            model.update(state)
            self.tally[f"{data['method']} {model.get('_model_name')}.{'+'.join(sorted(state))}"] += 1
        self._changed.set()

    async def close(self, shut_down: bool = True) -> None:
        """Close the websocket and, as the page does when it is left, ask Voila to shut the kernel down."""
        if self._ws is not None:
            self._ws.close()
        if self._reader is not None:
            self._reader.cancel()
        if self._assets is not None and not self._assets.done():
            self._assets.cancel()
        if shut_down and self.kernel_id:
            await shut_down_kernel(self.base, self.kernel_id, self.timeout)

    # Widgets ---------------------------------------------------------------------------------------------------

    def visible(self) -> list[str]:
        """Model ids reachable from the page's views, depth first in their order on the page."""
        shown: list[str] = []
        seen: set[str] = set()

        def walk(model_id: str) -> None:
            state = self.models.get(model_id)
            if state is None or model_id in seen:
                return
            seen.add(model_id)
            layout = self.models.get(reference(state.get("layout")) or "", {})
            if layout.get("display") == "none" or layout.get("visibility") == "hidden":
                return
            shown.append(model_id)
            for child in state.get("children") or ():
                walk(reference(child) or "")

        for view in self.views:
            walk(view)
        return shown

    def find(self, css: str, model: str | None = None, *, enabled: bool = False) -> list[str]:
        """Visible widgets with ``css`` in their classes (and of ``model``, e.g. ``TextModel``)."""
        return [m for m in self.visible() if css in (self.models[m].get("_dom_classes") or ())
                and (model is None or self.models[m].get("_model_name") == model)
                and not (enabled and self.models[m].get("disabled"))]

    def first(self, css: str, model: str | None = None) -> str | None:
        """The first visible, enabled widget with ``css``; ``None`` if there is none yet."""
        found = self.find(css, model, enabled=True)
        return found[0] if found else None

    def value(self, model_id: str | None) -> str:
        return str(self.models.get(model_id or "", {}).get("value", ""))

    def notices(self) -> list[str]:
        """The texts of visible notices (``asn-notice``), for a hung page's report."""
        found = []
        for model_id in self.visible():
            text = str(self.models[model_id].get("value", ""))
            if "asn-notice" in text:
                found.append(html.unescape(re.sub(r"<[^>]+>", " ", text)).strip())
        return found

    async def set(self, model_id: str, **state: Any) -> None:
        """What a view sends when the reader changed a value."""
        self.models[model_id].update(state)
        await self.send("comm_msg", {"comm_id": model_id,
                                     "data": {"method": "update", "state": state, "buffer_paths": []}})

    async def click(self, model_id: str) -> None:
        await self.send("comm_msg", {"comm_id": model_id, "data": {"method": "custom", "content": {"event": "click"}}})


async def shut_down_kernel(base: str, kernel_id: str, timeout: float = 30.0) -> None:
    """Voila's ``voila/api/shutdown/<id>`` (what the page's ``beforeunload`` sends), with a double-submit XSRF token."""
    token = secrets.token_hex(16)
    request = HTTPRequest(f"{base.rstrip('/')}/voila/api/shutdown/{kernel_id}", method="POST", body=b"",
                          headers={"Cookie": f"_xsrf={token}", "X-XSRFToken": token},
                          connect_timeout=timeout, request_timeout=timeout)
    await AsyncHTTPClient().fetch(request, raise_error=False)


# The kit's participant, as tests/browser/test_journey_browser.py's sign_up and the live page drive it -----------


async def sign_up(client: WidgetClient, nip: str, *, name: str = "Peserta Aula", unit: str = "Bappeda",
                  pin: str = "2468") -> None:
    """A first visit: the number, the PIN step's "first visit", name, unit and a new PIN twice, then register."""
    field = await client.until(lambda: client.first("asn-nip", "TextModel"), "sign-in form")
    await client.set(field, value=nip)
    await client.click(await client.until(lambda: client.first("asn-identify", "ButtonModel"), "identify button"))
    await client.click(await client.until(lambda: client.first("asn-first-visit", "ButtonModel"), "PIN step"))
    name_field = await client.until(lambda: client.first("asn-name", "TextModel"), "registration form")
    await client.set(name_field, value=name)
    await client.set(client.first("asn-unit", "TextModel") or "", value=unit)
    await client.set(client.first("asn-new-pin", "PasswordModel") or "", value=pin)
    await client.set(client.first("asn-new-pin-again", "PasswordModel") or "", value=pin)
    await client.click(client.first("asn-register", "ButtonModel") or "")


def on_live_page(client: WidgetClient) -> bool:
    """The led session's page is on screen (the lobby or a scenario)."""
    return bool(client.find("asn-live-head"))


def shows(client: WidgetClient, question: str) -> bool:
    """The live page shows the scenario whose question is ``question``, ready to be answered."""
    body = client.find("asn-live-body", "HTMLModel")
    if not body or html.escape(question, quote=True) not in client.value(body[0]):
        return False
    return bool(client.find("asn-option", "ButtonModel", enabled=True) or client.find("asn-choice", "CheckboxModel"))


def sent(client: WidgetClient) -> bool:
    """The answer to the scenario on screen was stored: its option buttons are shown locked."""
    options = client.find("asn-option", "ButtonModel")
    return bool(options) and all(client.models[m].get("disabled") for m in options)


async def answer(client: WidgetClient) -> None:
    """Tap the first option (or tick the first box of a several-answers scenario and submit), then wait until the
    page says it was sent."""
    options = client.find("asn-option", "ButtonModel", enabled=True)
    if options:
        await client.click(options[0])
    else:
        await client.set(client.find("asn-choice", "CheckboxModel")[0], value=True)
        await client.click(client.first("asn-submit", "ButtonModel") or "")
    await client.until(lambda: sent(client), "answer sent")
