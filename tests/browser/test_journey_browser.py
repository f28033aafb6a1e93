"""The participant's whole journey in Chromium on a 360 px phone: every page, both languages, every rule.

The server runs two small modules and a small pre/post test (tests/data/banks/journey) with the shipped pledge
texts and self-assessment, so the whole programme fits in one test.
"""

from __future__ import annotations

import re
import subprocess
import sys

from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect
from pypdf import PdfReader

from asn_training.content.banks import load_catalog
from asn_training.content.instrument import load_instrument
from asn_training.content.pledges import load_pledges
from asn_training.core.scoring import best_options
from asn_training.i18n import catalogue

from .conftest import ARTIFACTS, ROOT

JOURNEY = ROOT / "tests" / "data" / "banks" / "journey"
NIP, PIN, NAME = "19860926 201505 1 001", "2468", "Rina Wulandari"
CATALOG = load_catalog(JOURNEY)
PLEDGES, INSTRUMENT = load_pledges(), load_instrument()  # the shipped texts, which the server uses too
SCENARIOS = [s for m in CATALOG.modules for s in m.scenarios]
ANY_SITUATION = re.compile("|".join(re.escape(text) for s in SCENARIOS for text in s.situation.values()))


def snippet(text: str) -> str:
    """A plain-letters piece of a text, to search for in HTML and in websocket frames alike."""
    runs = re.findall(r"[A-Za-z][A-Za-z ]{11,}", text)
    return max(runs, key=len)[:30] if runs else text[:12]


def distinctive(scenario) -> list[str]:
    """Snippets of this scenario's feedback and explanation, in either language, that no other scenario shares."""
    mine = [snippet(text[lang]) for lang in ("id", "en")
            for text in [o.feedback for o in scenario.options] + [scenario.explanation]]
    others = " ".join(o.feedback[lang] + " " + s.explanation[lang] for s in SCENARIOS if s.id != scenario.id
                      for o in s.options for lang in ("id", "en"))
    return [piece for piece in mine if len(piece) >= 12 and piece not in others]


def fits(page, name: str) -> None:
    """Nothing scrolls sideways: the page is exactly as wide as the window (Playwright retries until it is)."""
    width = page.evaluate("document.documentElement.clientWidth")
    expect(page.locator("html"), f"{name}: the page scrolls sideways at 360 px").to_have_js_property(
        "scrollWidth", width)


def visit(page, name: str, lang: str = "id") -> None:
    """Screenshot at 360 and 1280 px; at 360 px nothing may scroll sideways."""
    ARTIFACTS.mkdir(exist_ok=True)
    expect(page.locator(".asn-app")).to_be_visible()
    page.set_viewport_size({"width": 360, "height": 740})
    fits(page, name)
    page.screenshot(path=str(ARTIFACTS / f"{name}-{lang}-360x740.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.screenshot(path=str(ARTIFACTS / f"{name}-{lang}-1280x800.png"), full_page=True)
    page.set_viewport_size({"width": 360, "height": 740})


def wait(page, selector: str):
    locator = page.locator(selector).locator("visible=true").first
    expect(locator).to_be_visible()
    return locator


def click(page, selector: str) -> None:
    wait(page, selector).click()


def current_scenario(page):
    """The scenario on the page (the longest situation text shown), once the page has rendered it."""
    expect(page.locator(".asn-app")).to_contain_text(ANY_SITUATION)
    text = page.locator(".asn-app").inner_text()
    shown = [(len(situation), s) for s in SCENARIOS for situation in s.situation.values() if situation in text]
    return max(shown, key=lambda pair: pair[0])[1]


def option_text(page, scenario, good: bool, lang: str = "id") -> str:
    best = set(best_options(scenario))
    option = next(o for o in scenario.options if (o.id in best) == good)
    return option.text[lang]


def answer_quiz_item(page, good: bool, lang: str = "id") -> None:
    wait(page, "button.asn-option, .asn-choice")
    scenario = current_scenario(page)
    html, frames = page.content(), "\n".join(page.frames_received)
    secrets = distinctive(scenario)
    assert secrets, scenario.id
    for piece in secrets:  # before an answer: no feedback in the page or in the widget state sent to it
        assert piece not in html and piece not in frames, (scenario.id, piece)
    if scenario.scoring == "multi":
        best = set(best_options(scenario))
        for option in scenario.options:
            if (option.id in best) == good:
                page.locator(".asn-choice", has_text=option.text[lang]).locator("input").check()
        click(page, "button.asn-submit")
    else:
        page.locator("button.asn-option", has_text=option_text(page, scenario, good, lang)).click()
    wait(page, ".asn-feedback")
    assert snippet(scenario.explanation[lang]) in page.content()


def take_quiz(page, module_id: str, good: bool, shots: bool = False) -> None:
    page.frames_received.clear()  # within one attempt, no scenario's feedback may arrive before its answer
    page.locator(f".asn-module-{module_id} button.asn-start").click()
    first = True
    while True:
        wait(page, "button.asn-option, .asn-choice, .asn-result")
        if page.locator(".asn-result").count():
            return
        if shots and first:
            visit(page, "quiz-item")
        answer_quiz_item(page, good)
        if shots and first:
            visit(page, "quiz-feedback")
            first = False
        click(page, "button.asn-next")


def take_test(page, kind: str, good: bool) -> None:
    """Answer every item of an exam, waiting for each page to be the expected item before acting on it."""
    click(page, f"button.asn-{kind}")
    position, total = 1, None
    while True:
        heading = wait(page, f".asn-app >> text=/Skenario {position} dari \\d+/")
        total = total or int(re.search(r"dari (\d+)", heading.inner_text()).group(1))
        if position == 1:
            visit(page, f"{kind}test-item")
        scenario = current_scenario(page)
        assert snippet(scenario.explanation["id"]) not in "\n".join(page.frames_received)
        page.locator("button.asn-option", has_text=option_text(page, scenario, good)).click()
        expect(page.locator(".asn-app")).to_contain_text(f"{position} terjawab")
        wait(page, "button.asn-option.asn-selected")
        assert not page.locator(".asn-feedback").count()  # exam mode: nothing revealed
        if position == total:
            break
        click(page, "button.asn-next")
        position += 1
    click(page, "button.asn-submit-test")
    wait(page, ".asn-result")


def enter_nip(page, nip: str, next_field: str, shot: str | None = None) -> None:
    """Type a NIP on the identify page and wait for the page that follows (registration or PIN)."""
    wait(page, ".asn-nip input").fill(nip)
    click(page, "button.asn-identify")
    wait(page, next_field)
    if shot:
        visit(page, shot)


def sign_up(page, url: str, nip: str = NIP, name: str = NAME, unit: str = "Bappeda", pin: str = PIN,
            shots: bool = False) -> None:
    page.goto(url)
    enter_nip(page, nip, ".asn-pin input")  # the same PIN step for every number: a first visit is one tap away
    click(page, "button.asn-first-visit")
    wait(page, ".asn-name input")
    if shots:
        visit(page, "register")
    page.locator(".asn-name input").fill(name)
    page.locator(".asn-unit input").fill(unit)
    page.locator(".asn-new-pin input").fill(pin)
    page.locator(".asn-new-pin-again input").fill(pin)
    click(page, "button.asn-register")
    wait(page, ".asn-test-card")


def skip_pretest(page) -> None:
    """Hand in the pre-test unanswered: the modules open after it (the programme's order)."""
    click(page, "button.asn-pre")
    click(page, "button.asn-submit-test")
    click(page, "button.asn-submit-anyway")
    wait(page, ".asn-result")
    click(page, "button.asn-home")
    wait(page, ".asn-test-card")


def sign_in(page, nip: str = NIP, pin: str = PIN, shots: bool = False) -> None:
    """Sign in on the page as it is (just opened or reloaded)."""
    enter_nip(page, nip, ".asn-pin input", "pin" if shots else None)
    page.locator(".asn-pin input").fill(pin)
    click(page, "button.asn-sign-in")


def sign_pledge(page, pledge_id: str, shots: bool = False) -> None:
    click(page, f"button.asn-pledge-{pledge_id}")
    expect(page.locator(".asn-ack input")).to_have_count(len(PLEDGES[pledge_id].points))
    if shots:
        visit(page, "pledge-form")
    for box in page.locator(".asn-ack input").all():
        box.check()
    page.locator(".asn-sign-name input").fill(NAME)
    page.locator(".asn-sign-place input").fill("Jambi")
    click(page, "button.asn-sign")
    wait(page, "a.asn-download")


def test_the_whole_journey(phone, journey_server, journey_db, tmp_path):
    page, url = phone, journey_server["url"]
    page.goto(url)
    wait(page, ".asn-nip input")
    visit(page, "identify")
    sign_up(page, url, shots=True)
    visit(page, "home")

    take_test(page, "pre", good=False)
    visit(page, "pretest-result")
    click(page, "button.asn-home")

    page.locator(".asn-module-contoh button.asn-material-open").click()
    wait(page, ".asn-material-page")
    visit(page, "material")
    click(page, "button.asn-home")
    take_quiz(page, "contoh", good=True, shots=True)
    assert "LULUS" in page.locator(".asn-result").inner_text()
    visit(page, "quiz-result")
    click(page, "button.asn-home")

    take_quiz(page, "contoh-dua", good=False)
    assert "BELUM LULUS" in page.locator(".asn-result").inner_text()
    page.frames_received.clear()
    click(page, "button.asn-retake")
    wait(page, "button.asn-option, .asn-choice")
    while not page.locator(".asn-result").count():
        answer_quiz_item(page, True)
        click(page, "button.asn-next")
        wait(page, "button.asn-option, .asn-choice, .asn-result")
    assert "LULUS" in page.locator(".asn-result").inner_text()
    click(page, "button.asn-home")

    take_test(page, "post", good=True)
    assert "peningkatan" in page.locator(".asn-result").inner_text()
    visit(page, "posttest-result")
    click(page, "button.asn-home")

    click(page, "button.asn-self-open")
    expect(page.locator(".asn-scale")).to_have_count(len(INSTRUMENT.statements))
    visit(page, "self-assessment")
    for group in page.locator(".asn-scale").all():
        group.locator("input").nth(1).check()
    click(page, "button.asn-self-submit")
    wait(page, ".asn-profile")
    visit(page, "self-assessment-profile")
    click(page, "button.asn-home")

    sign_pledge(page, "ikrar-netralitas", shots=True)
    visit(page, "pledge-signed")
    click(page, "button.asn-home")
    sign_pledge(page, "pakta-integritas")
    click(page, "button.asn-home")

    click(page, "button.asn-certificate-open")
    link = wait(page, "a.asn-download")
    visit(page, "certificate")
    with page.expect_download() as download:
        link.click()
    path = tmp_path / "sertifikat.pdf"
    download.value.save_as(path)
    text = "\n".join(p.extract_text() for p in PdfReader(path).pages)
    certificate = journey_db.get_certificate(participant_id=journey_db.get_participant(NIP.replace(" ", "")).id)
    assert NAME in text and NIP in text and certificate.code in text
    verified = subprocess.run([sys.executable, "-m", "asn_training", "certificate", "verify", certificate.code],
                              env={"ASN_TRAINING_DB": journey_server["db"], "PATH": ""}, capture_output=True,
                              text=True, check=True)
    assert verified.stdout.startswith(f"Sertifikat sah: {NAME} (NIP {NIP}), Bappeda")

    english_everywhere(page)
    outside = [u for u in page.requests if u.startswith("http") and not u.startswith(url)]
    assert outside == []  # every asset is served by the kit itself: no CDN, no internet needed


SETTLED = "texts => !texts.some(t => document.querySelector('.asn-app').innerText.includes(t))"


def english_everywhere(page) -> None:
    """Switch to English and visit every page: no catalogue key and no Indonesian interface text remains."""
    indonesian, english = catalogue("id"), catalogue("en")
    leftovers = {re.split(r"\{", text)[0].strip() for key, text in indonesian.items()
                 if text != english[key] and len(re.split(r"\{", text)[0].strip()) >= 10}
    keys = set(indonesian)

    def check(name: str) -> None:
        try:  # the page re-renders widget by widget: wait until it has settled in English, then look closely
            page.wait_for_function(SETTLED, arg=sorted(leftovers), timeout=15_000)
        except PlaywrightTimeoutError:
            pass  # the assertion below names what stayed Indonesian
        visible = page.locator(".asn-app").inner_text()
        found = [text for text in leftovers if text in visible] + [k for k in keys if re.search(
            rf"(?<![\w.]){re.escape(k)}(?![\w.])", visible)]
        assert not found, f"{name}: untranslated {found}"
        visit(page, name, "en")

    click(page, "button.asn-home")
    page.locator(".asn-language button", has_text="EN").click()
    wait(page, "text=Pre-test and post-test")
    check("home")
    page.locator(".asn-module-contoh button.asn-material-open").click()
    wait(page, ".asn-material-page")
    check("material")
    click(page, "button.asn-home")
    page.frames_received.clear()
    page.locator(".asn-module-contoh button.asn-start").click()
    wait(page, "button.asn-option, .asn-choice")
    check("quiz-item")
    answer_quiz_item(page, True, "en")
    check("quiz-feedback")
    click(page, "button.asn-home")
    click(page, "button.asn-self-open")
    wait(page, ".asn-profile")
    check("self-assessment-profile")
    click(page, "button.asn-home")
    click(page, "button.asn-pledge-ikrar-netralitas")
    wait(page, "a.asn-download")
    check("pledge-signed")
    click(page, "button.asn-home")
    click(page, "button.asn-certificate-open")
    wait(page, "a.asn-download")
    check("certificate")
    click(page, "button.asn-home")
    click(page, "button.asn-post")
    wait(page, "button.asn-option")
    check("posttest-item")
    click(page, "button.asn-home")
    click(page, "button.asn-sign-out")
    wait(page, ".asn-nip input")
    check("identify")
    enter_nip(page, NIP, ".asn-pin input")
    check("pin")


def test_reload_mid_quiz_resumes_the_same_attempt(page, journey_server, journey_db):
    url = journey_server["url"]
    sign_up(page, url, "19900101 202012 2 003", "Dewi Lestari", "Dinas Sosial", "1357")
    skip_pretest(page)
    page.locator(".asn-module-contoh button.asn-start").click()
    answer_quiz_item(page, True)
    click(page, "button.asn-next")
    wait(page, "button.asn-option, .asn-choice")
    second = current_scenario(page)
    page.reload()
    sign_in(page, "19900101 202012 2 003", "1357", shots=True)
    wait(page, "button.asn-option, .asn-choice")
    assert current_scenario(page).id == second.id
    participant = journey_db.get_participant("199001012020122003")
    assert [a.kind for a in journey_db.list_attempts(participant.id)] == ["pre", "quiz"]


def test_a_colleagues_nip_with_a_wrong_pin_opens_nothing(browser, journey_server, journey_db):
    from .conftest import open_page

    context, page = open_page(browser)
    url = journey_server["url"]
    sign_up(page, url, "19871212 201001 1 002", "Budi Santoso", "Inspektorat", "8642")
    context.close()

    context, page = open_page(browser)
    page.goto(url)
    enter_nip(page, "19871212 201001 1 002", ".asn-pin input")
    for failures in range(1, 4):
        wait(page, ".asn-pin input").fill("1234")
        click(page, "button.asn-sign-in")
        expect(page.locator(".asn-pin input")).to_have_value("")  # cleared once the failure is recorded
        expect(page.locator(".asn-notice")).to_contain_text("PIN salah")
        assert journey_db.get_participant("198712122010011002").pin_failures == failures
    wait(page, ".asn-pin input").fill("8642")  # now even the right PIN has to wait
    click(page, "button.asn-sign-in")
    expect(page.locator(".asn-notice")).to_contain_text("Coba lagi dalam")
    assert "Budi" not in page.locator(".asn-app").inner_text()
    assert not page.locator(".asn-test-card").count()
    assert journey_db.get_participant("198712122010011002").locked_until is not None
    context.close()


def test_the_sign_in_form_works_from_the_keyboard(page, journey_server):
    page.goto(journey_server["url"])
    wait(page, ".asn-nip input")
    for _ in range(30):  # Tab through the page until the NIP field has the focus
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('.asn-nip') !== null"):
            break
    else:
        raise AssertionError("the NIP field cannot be reached with Tab")
    page.keyboard.type("19950505 201903 2 004")
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('asn-identify')"):
            break
    else:
        raise AssertionError("the Continue button cannot be reached with Tab")
    page.keyboard.press("Enter")  # right after typing: the whole number must arrive before the click
    wait(page, ".asn-pin input")
