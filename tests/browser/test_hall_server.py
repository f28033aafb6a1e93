"""The real server in a hall (``asn-training serve``): kernels warmed for the participants a session expects, a
pre-heated page that still reads the visitor's address, and a full server that answers at once in the visitor's
language instead of a spinner that never ends."""

from __future__ import annotations

import time
import urllib.error
import urllib.request

import psutil
import pytest
from playwright.sync_api import expect

from asn_training.content.banks import load_catalog
from asn_training.services import live
from asn_training.services.staff import add_user
from asn_training.store import Store

from .conftest import start_server


def kernels_of(pid: int) -> int:
    return sum(1 for child in psutil.Process(pid).children(recursive=True)
               if child.name() == "asn-kernel" or "ipykernel_launcher" in " ".join(child.cmdline()))


def wait_for_kernels(pid: int, count: int, timeout: float = 180) -> int:
    deadline = time.monotonic() + timeout
    while (found := kernels_of(pid)) < count and time.monotonic() < deadline:
        time.sleep(0.5)
    return found


@pytest.fixture
def small_server(tmp_path_factory):
    """A fresh server for each test (they count its kernels): it keeps no kernel warm and holds at most two."""
    yield from start_server(tmp_path_factory.mktemp("small"), "--siap", "0", "--maks", "2")


def test_a_cold_page_says_it_is_loading_in_the_visitors_language(browser, small_server):
    from .test_hall_browser import RECORD_PAINTED

    context = browser.new_context()
    page = context.new_page()
    page.add_init_script(RECORD_PAINTED)
    page.goto(small_server["url"] + "?lang=en")  # --siap 0: no kernel is warm, this one starts for the visitor
    expect(page.locator(".asn-nip input")).to_be_visible(timeout=60_000)
    painted = page.evaluate("window.asnPainted")
    assert any("Loading the training app" in text for text in painted), painted
    assert not any("Memuat" in text for text in painted)
    context.close()


def test_a_session_that_expects_participants_gets_kernels_warmed_for_them(small_server):
    assert kernels_of(small_server["pid"]) == 0, "--siap 0: no kernel before anyone asks"
    with Store(small_server["db"]) as store:
        staff = add_user(store, "pelatih.hall", "Pelatih Aula", "pelatih", "kata sandi pelatih", actor="test")
        module = load_catalog().learning_modules[0].id
        live.create_session(store, load_catalog(), staff_id=staff.id, title="Apel", held_on=None, place="", unit="",
                            content=module, scenario_ids=None, mode="dipandu", seconds=None, expected=40)
    assert wait_for_kernels(small_server["pid"], 2) == 2, "warmed up to the machine's cap (--maks 2), not 40"
    time.sleep(3)
    assert kernels_of(small_server["pid"]) == 2


def test_a_full_server_answers_at_once_in_the_visitors_language(browser, small_server):
    for _ in range(3):  # visitors take what the server may hold (a GET takes a kernel)
        began = time.monotonic()
        try:
            urllib.request.urlopen(small_server["url"] + "?lang=en", timeout=60).read()
        except urllib.error.HTTPError as full:
            assert full.code == 503 and full.headers["Retry-After"]
            assert "The server is full" in full.read().decode()
            assert time.monotonic() - began < 3
            break
    else:
        pytest.fail("the server never said it was full")
    context = browser.new_context()
    page = context.new_page()
    page.goto(small_server["url"])
    expect(page.get_by_role("heading", name="Server penuh")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("mencoba lagi dengan sendirinya")
    response = context.new_page().goto(small_server["url"] + "staf")  # a trainer is never turned away
    assert response is not None and response.status == 200
    context.close()
