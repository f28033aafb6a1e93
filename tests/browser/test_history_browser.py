"""The phone's Back and Forward buttons and a reload stay inside the app (Chromium at 360 x 740, a real server)."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from .test_journey_browser import NIP, PIN, click, enter_nip, sign_up, skip_pretest, wait


def at(page, url: str, route: str) -> None:
    """The address bar names the page: the server's own address with ``#route``."""
    expect(page).to_have_url(re.compile(re.escape(url.rstrip("/")) + r"/?(\?[^#]*)?#" + re.escape(route) + "$"))


def test_back_forward_and_reload_stay_inside_the_app(phone, journey_server):
    page, url = phone, journey_server["url"]
    sign_up(page, url, "19920303 201801 2 005", "Sri Rahayu", "Dinas Pendidikan", PIN)
    skip_pretest(page)
    at(page, url, "beranda")
    page.evaluate("window.asnSameDocument = true")  # gone if the page were loaded again
    loads = page.evaluate("performance.getEntriesByType('navigation').length")

    click(page, ".asn-module-contoh button.asn-material-open")
    wait(page, ".asn-material-page")
    at(page, url, "modul/contoh")
    click(page, "button.asn-start")
    wait(page, "button.asn-option, .asn-choice")
    at(page, url, "kuis/contoh")

    page.go_back()
    wait(page, ".asn-material-page")
    at(page, url, "modul/contoh")
    page.go_back()
    wait(page, ".asn-test-card")
    at(page, url, "beranda")
    page.go_forward()
    wait(page, ".asn-material-page")
    at(page, url, "modul/contoh")
    # All of it in one document and one kernel: no reload, the kernel still answers.
    assert page.evaluate("window.asnSameDocument") is True
    assert page.evaluate("performance.getEntriesByType('navigation').length") == loads
    click(page, "button.asn-home")
    wait(page, ".asn-test-card")
    at(page, url, "beranda")
    page.go_back()
    wait(page, ".asn-material-page")

    page.reload()  # a new kernel: the address is kept and opened after sign-in
    at(page, url, "modul/contoh")
    enter_nip(page, "19920303 201801 2 005", ".asn-pin input")
    assert not page.locator(".asn-material-page").count()  # nothing before the PIN
    wait(page, ".asn-pin input").fill(PIN)
    click(page, "button.asn-sign-in")
    wait(page, ".asn-material-page")
    at(page, url, "modul/contoh")
    assert page.evaluate("window.asnSameDocument") is None  # this was a real reload


def test_someone_elses_result_address_goes_home_with_a_notice(phone, journey_server, journey_db):
    page, url = phone, journey_server["url"]
    sign_up(page, url, NIP.replace("001", "009"), "Agus Salim", "Bappeda", PIN)
    page.goto("about:blank")
    page.goto(f"{url}#hasil/1")  # a link to someone else's result (this person has no attempt yet)
    enter_nip(page, NIP.replace("001", "009"), ".asn-pin input")
    wait(page, ".asn-pin input").fill(PIN)
    click(page, "button.asn-sign-in")
    wait(page, ".asn-test-card")
    expect(page.locator(".asn-notice")).to_contain_text("tidak dapat dibuka")
    at(page, url, "beranda")
    assert not page.locator(".asn-result").count()
