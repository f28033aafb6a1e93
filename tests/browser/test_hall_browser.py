"""The page on a phone in a hall (Chromium at 360 x 740, a real server): the participant's language from the first
painted frame, a lost kernel or network said plainly with one tap back to the same page, and forms that submit on
Enter with a number keypad for the PIN."""

from __future__ import annotations

import json
import os
import re
import signal
import urllib.request
from pathlib import Path

from playwright.sync_api import expect

from asn_training.i18n import t
from asn_training.server import PRELOAD

from .conftest import scripts_of_first_visit
from .test_history_browser import at
from .test_journey_browser import PIN, click, sign_up, wait

# Every text painted, frame by frame (what the reader saw, not what a script replaced before the frame).
RECORD_PAINTED = """
window.asnPainted = [];
(function frame() {
  var text = document.body ? document.body.innerText : "";
  if (window.asnPainted[window.asnPainted.length - 1] !== text) { window.asnPainted.push(text); }
  window.requestAnimationFrame(frame);
})();
"""
ENGLISH = re.compile(r"Loading widget|Error displaying|Running |Executing ")


def test_every_word_is_in_the_participants_language_from_the_first_frame(phone, server):
    for lang, title in (("id", "Pelatihan Netralitas ASN"), ("en", "ASN Neutrality Training")):
        phone.add_init_script(RECORD_PAINTED)
        phone.goto(server["url"] + ("?lang=en" if lang == "en" else ""))
        wait(phone, ".asn-nip input")
        expect(phone).to_have_title(title)
        assert phone.evaluate("document.documentElement.lang") == lang
        painted = [text for text in phone.evaluate("window.asnPainted") if text.strip()]
        waiting = (t("voila.loading", lang), t("voila.executing", lang).split("{")[0], t("voila.loading_widget", lang))
        before_the_app = [text for text in painted if title not in text]
        assert painted and all(text.startswith(waiting) for text in before_the_app), painted
        assert not [text for text in painted if ENGLISH.search(text)]


def type_and_enter(page, selector: str, text: str) -> None:
    """Tap the field, type quickly and press Enter, as a thumb would: no separate tap on the button."""
    wait(page, selector).click()
    page.keyboard.type(text)
    page.keyboard.press("Enter")


def test_enter_submits_the_forms_and_pin_fields_ask_for_a_number_keypad(phone, journey_server):
    page, url, nip = phone, journey_server["url"], "19770707 200501 1 007"
    page.goto(url)
    type_and_enter(page, ".asn-nip input", nip)
    wait(page, ".asn-pin input")  # the same PIN step for every number; a first visit is one tap away
    click(page, "button.asn-first-visit")
    wait(page, ".asn-name input").fill("Bambang Sutrisno")
    page.locator(".asn-unit input").fill("Inspektorat")
    for field, complete in ((".asn-new-pin", "new-password"), (".asn-new-pin-again", "new-password")):
        expect(page.locator(f"{field} input")).to_have_attribute("inputmode", "numeric")
        expect(page.locator(f"{field} input")).to_have_attribute("autocomplete", complete)
    type_and_enter(page, ".asn-new-pin input", PIN)
    expect(page.locator(".asn-new-pin-again input")).to_be_focused()  # the first of two fields: on to the second
    page.keyboard.type(PIN)
    page.keyboard.press("Enter")
    wait(page, ".asn-test-card")

    page.reload()
    type_and_enter(page, ".asn-nip input", nip)
    expect(wait(page, ".asn-pin input")).to_have_attribute("inputmode", "numeric")
    expect(page.locator(".asn-pin input")).to_have_attribute("autocomplete", "current-password")
    type_and_enter(page, ".asn-pin input", PIN)
    wait(page, ".asn-test-card")


def kernel_processes(kernel_id: str) -> list[int]:
    """The process ids of the kernel with this id: a cold kernel's command line names its connection file; a kernel
    forked from the warm parent keeps the parent's command line, so it is found by the IPC sockets it bound, whose
    paths name the kernel (/proc/net/unix lists a path only for the binding side)."""
    marker = f"kernel-{kernel_id}"
    inodes = {f"socket:[{fields[6]}]" for fields in (line.split() for line in
              Path("/proc/net/unix").read_text().splitlines()[1:]) if len(fields) > 7 and marker in fields[7]}
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if not entry.name.isdigit():
                continue
            if marker.encode() in (entry / "cmdline").read_bytes() or \
                    any(os.readlink(fd) in inodes for fd in (entry / "fd").iterdir()):
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def kernel_id(page) -> str:
    return json.loads(page.locator("#jupyter-config-data").text_content())["kernelId"]


def test_a_killed_kernel_gives_a_notice_and_one_tap_back_to_the_same_page(phone, journey_server):
    page, url, nip = phone, journey_server["url"], "19800808 200601 2 008"
    sign_up(page, url, nip, "Dewi Lestari", "Dinas Sosial", PIN)
    click(page, ".asn-module-contoh button.asn-material-open")
    wait(page, ".asn-material-page")
    at(page, url, "modul/contoh")
    expect(page.locator("#asn-lost")).to_have_count(0)

    for pid in kernel_processes(kernel_id(page)):  # the kernel dies (the server starts a fresh, empty one)
        os.kill(pid, signal.SIGKILL)
    expect(page.locator("#asn-lost")).to_be_visible(timeout=30_000)
    page.locator("button.asn-lost-resume").click()
    type_and_enter(page, ".asn-nip input", nip)
    at(page, url, "modul/contoh")
    type_and_enter(page, ".asn-pin input", PIN)
    wait(page, ".asn-material-page")  # the same page, after the PIN
    at(page, url, "modul/contoh")

    gone = kernel_id(page)  # culled (as after a phone slept): the server forgets the kernel altogether
    request = urllib.request.Request(f"{url}api/kernels/{gone}", method="DELETE")
    try:
        urllib.request.urlopen(request, timeout=30).close()
    except OSError:
        for pid in kernel_processes(gone):
            os.kill(pid, signal.SIGKILL)
    expect(page.locator("#asn-lost")).to_be_visible(timeout=30_000)
    expect(page.locator("#asn-lost")).to_contain_text("Sambungan ke server terputus")
    expect(page.locator("button.asn-lost-resume")).to_have_text("Lanjutkan")


def test_the_reconnecting_state_shows_while_the_network_is_away(phone, journey_server):
    page, url = phone, journey_server["url"]
    sign_up(page, url, "19810909 200701 1 009", "Joko Susilo", "Bappeda", PIN)
    page.context.set_offline(True)
    expect(page.locator("#asn-reconnecting")).to_have_text("Menyambung kembali…")
    page.wait_for_timeout(3000)
    page.context.set_offline(False)
    expect(page.locator("#asn-reconnecting")).to_have_count(0, timeout=30_000)
    expect(page.locator("#asn-lost")).to_have_count(0)
    click(page, ".asn-module-contoh button.asn-material-open")  # the kernel still answers
    wait(page, ".asn-material-page")


def test_the_page_notices_follow_the_language_switch_and_a_reload_keeps_it(phone, journey_server):
    page, url = phone, journey_server["url"]
    page.goto(url)
    wait(page, ".asn-nip input")
    expect(page).to_have_title("Pelatihan Netralitas ASN")
    page.locator(".asn-language button", has_text="EN").click()
    expect(page).to_have_title("ASN Neutrality Training")
    assert re.search(r"[?&]lang=en\b", page.url), page.url
    page.context.set_offline(True)
    expect(page.locator("#asn-reconnecting")).to_have_text("Reconnecting…")
    page.context.set_offline(False)
    expect(page.locator("#asn-reconnecting")).to_have_count(0, timeout=30_000)
    page.reload()
    wait(page, ".asn-nip input")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_title("ASN Neutrality Training")


def test_a_first_visit_fetches_exactly_the_preloaded_scripts(browser, server):
    """The page asks a phone for every script it will need at once, while the server still runs the notebook;
    after an upgrade of Voila or ipywidgets the list is rewritten by `.venv/bin/python bench/phone.py
    --record-preload`."""
    url = server["url"]
    listed = [line for line in PRELOAD.read_text("utf-8").splitlines() if line]
    with urllib.request.urlopen(url, timeout=60) as response:
        head = response.read().decode("utf-8").split("</head>")[0]
    assert all(f'<link rel="preload" as="script" href="/{path}">' in head for path in listed)
    fetched = [path for path in scripts_of_first_visit(browser, url) if not path.startswith("voila/templates/")]
    assert set(fetched) == set(listed), "run: .venv/bin/python bench/phone.py --record-preload"
