"""A participant takes a real module quiz in Chromium against a running Voila server; the attempt is stored."""

from __future__ import annotations

import re
from urllib.parse import urlparse

from playwright.sync_api import expect

from asn_training.content.banks import load_catalog

from .conftest import shot
from .test_journey_browser import skip_pretest

NIP = "19860926 201505 1 001"


def identify(page, server, nip=NIP, name="Rina Wulandari", unit="Bappeda", query="", pin="2468"):
    page.goto(server["url"] + query)
    page.locator(".asn-nip input").wait_for()
    page.locator(".asn-nip input").fill(nip)
    page.locator("button.asn-identify").click()
    page.locator("button.asn-first-visit, .asn-notice").first.wait_for()
    if page.locator(".asn-notice").count():
        return
    page.locator("button.asn-first-visit").click()
    page.locator(".asn-new-pin input").wait_for()
    page.locator(".asn-name input").fill(name)
    page.locator(".asn-unit input").fill(unit)
    page.locator(".asn-new-pin input").fill(pin)
    page.locator(".asn-new-pin-again input").fill(pin)
    page.locator("button.asn-register").click()


def current_scenario(page, catalog):
    """The scenario on the page, once the page has rendered its situation."""
    scenarios = [s for m in catalog.modules for s in m.scenarios]
    expect(page.locator(".asn-app")).to_contain_text(re.compile("|".join(re.escape(s.situation["id"])
                                                                         for s in scenarios)))
    text = page.locator(".asn-app").inner_text()
    return max((s for s in scenarios if s.situation["id"] in text), key=lambda s: len(s.situation["id"]))


def test_take_a_quiz_end_to_end(page, server, db):
    catalog = load_catalog()
    identify(page, server)
    skip_pretest(page)
    page.locator("button.asn-start").first.wait_for()
    shot(page, "modules-1280")
    page.locator("button.asn-start").first.click()
    answered = 0
    while True:
        page.locator("button.asn-option, .asn-choice, .asn-result").first.wait_for()
        if page.locator(".asn-result").count():
            break
        scenario = current_scenario(page, catalog)
        html = page.content()
        for option in scenario.options:  # no feedback in the page before an answer
            assert option.feedback["id"][:50] not in html
        if answered == 0:
            shot(page, "quiz-item-1280")
        if page.locator("button.asn-option").count():
            page.locator("button.asn-option").first.click()
        else:
            page.locator(".asn-choice input").first.check()
            page.locator("button.asn-submit").click()
        page.locator(".asn-feedback").wait_for()
        assert scenario.explanation["id"][:50] in page.content()
        if answered == 0:
            shot(page, "quiz-feedback-1280")
        page.locator("button.asn-next").click()
        answered += 1
    shot(page, "result-1280")
    assert "Nilai Anda" in page.locator(".asn-result").inner_text()
    participant = db.get_participant("198609262015051001")
    (attempt,) = [a for a in db.list_attempts(participant.id, status="finished") if a.kind == "quiz"]
    assert attempt.count == answered
    assert attempt.percent is not None
    hosts = {urlparse(url).hostname for url in page.requests if url.startswith("http")}
    assert hosts == {"127.0.0.1"}, [u for u in page.requests if "127.0.0.1" not in u]  # nothing from a CDN


def test_bad_nip_gets_a_friendly_notice_in_english(page, server):
    identify(page, server, nip="1986", query="?lang=en")
    notice = page.locator(".asn-notice")
    notice.wait_for()
    assert "must have 18 digits" in notice.inner_text()
    assert "Traceback" not in page.content()
