"""A real Voila server started by the tests, and Debian's Chromium driven by Playwright against it."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from asn_training.store import Store

ROOT = Path(__file__).resolve().parents[2]
# Functional checks, not timing ones (bench/ measures speed): a machine busy with the rest of the suite may take a few
# seconds to answer a click, so expectations wait up to 30 s instead of Playwright's 5.
expect.set_options(timeout=30_000)
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = os.environ.get("ASN_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
START_TIMEOUT_S = 90


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.xdist_group("browser"))  # one worker starts the servers, not every worker


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"nothing listened on port {port} within {timeout} s")


def start_server(directory: Path, *options: str, **env_extra: str):
    """``asn-training serve [options]`` on a free port and a fresh SQLite file; stopped by its own process id."""
    url = f"sqlite:///{directory / 'server.sqlite'}"
    port = free_port()
    env = dict(os.environ, ASN_TRAINING_DB=url, **env_extra)
    env.pop("ASN_TRAINING_STRICT", None)
    log = open(directory / "server.log", "wb")  # noqa: SIM115 (closed at teardown)
    process = subprocess.Popen([sys.executable, "-m", "asn_training", "serve", "--host", "127.0.0.1",
                                "--port", str(port), *options], env=env, stdout=log, stderr=subprocess.STDOUT,
                               start_new_session=True)
    try:
        wait_for_port(port, process, START_TIMEOUT_S)
    except Exception:
        process.kill()
        log.close()
        pytest.fail(f"Voila did not start: {(directory / 'server.log').read_text(errors='replace')[-3000:]}")
    yield {"url": f"http://127.0.0.1:{port}/", "db": url, "log": directory / "server.log", "pid": process.pid}
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
    log.close()


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """The kit as shipped: the real banks in quizzes/."""
    yield from start_server(tmp_path_factory.mktemp("server"))


@pytest.fixture(scope="session")
def journey_server(tmp_path_factory):
    """The kit with two small modules and a small pre/post test, so a whole programme fits in one test."""
    yield from start_server(tmp_path_factory.mktemp("journey"),
                            ASN_TRAINING_QUIZZES=str(ROOT / "tests" / "data" / "banks" / "journey"))


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is None:
        message = f"Chromium not found at {CHROMIUM} (make chromium installs Debian's package)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def open_page(browser, width: int = 1280, height: int = 800):
    context = browser.new_context(viewport={"width": width, "height": height}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.requests, page.frames_received = [], []
    page.on("request", lambda r: page.requests.append(r.url))
    page.on("websocket", lambda ws: ws.on("framereceived", lambda payload: page.frames_received.append(
        payload.decode("utf-8", "replace") if isinstance(payload, bytes) else payload)))
    return context, page


@pytest.fixture
def page(browser):
    context, page = open_page(browser)
    yield page
    context.close()


@pytest.fixture
def phone(browser):
    """A 360 x 740 phone screen."""
    context, page = open_page(browser, 360, 740)
    yield page
    context.close()


def scripts_of_first_visit(browser, url: str) -> list[str]:
    """Every script a phone fetches on its first visit until the sign-in form is usable, as addresses relative to
    ``url``, in the order they were asked for: what the page template preloads (asn_training/share/.../preload.txt)."""
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    scripts: list[str] = []
    page.on("request", lambda r: r.resource_type == "script" and r.url.startswith(url)
            and r.url[len(url):] not in scripts and scripts.append(r.url[len(url):]))
    page.goto(url)
    page.wait_for_function("() => { const e = document.querySelector('.asn-nip input'); return e && !e.disabled; }",
                           timeout=120_000)
    page.wait_for_timeout(1500)  # what the page asks for just after it became usable belongs to the first visit
    context.close()
    return scripts


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


@pytest.fixture
def db(server):
    with Store(server["db"]) as store:
        yield store


@pytest.fixture
def journey_db(journey_server):
    with Store(journey_server["db"]) as store:
        yield store


@pytest.fixture
def staff_account(journey_db):
    """Make staff accounts on the journey server's database (services.staff.add_user), a fresh username each."""
    import uuid

    from asn_training.services import staff

    def make(role: str = "pelatih", password: str = "kata sandi pelatih", name: str = "Rina Pelatih"):
        username = f"{role}.{uuid.uuid4().hex[:8]}"
        return staff.add_user(journey_db, username, name, role, password, actor="test"), password

    return make
