"""Issue 10's acceptance in Chromium against a running server: a trainer signs in at /staf and creates a led session,
three phones join it by code, the trainer moves the room through three scenarios, each phone follows within 2 s,
their answers reach the trainer's bars, the reveal reaches them all, a reloaded phone lands on the scenario on
screen, and the closed session's export holds the three participants' answers. The projector's page and frames hold
no NIP and no name; the phones' frames hold no answer key before the reveal. Every staff address shows only the
sign-in form before sign-in; a wrong password is refused and logged, and repeated failures lock the account."""

from __future__ import annotations

import csv
import io
import json
import re
import time

import zxingcpp
from openpyxl import load_workbook
from PIL import Image
from playwright.sync_api import expect
from sqlalchemy import select

from asn_training.content.banks import load_catalog
from asn_training.core.identity import format_nip
from asn_training.core.scoring import best_options
from asn_training.i18n import pick, t
from asn_training.services import live
from asn_training.store import AuditEntry

from .conftest import ROOT, open_page, shot

CATALOG = load_catalog(ROOT / "tests" / "data" / "banks" / "journey")
PEOPLE = [("199203152019032004", "Dewi Lestari", "2580"), ("198811202015031003", "Agus Salim", "1357"),
          ("199507072020122005", "Maria Goreti", "9642")]
FOLLOW_S = 2.0  # each phone shows the trainer's next scenario within this of the click
# Records, in a page, the moment (wall clock, shared by every page of the browser) a text first shows in an element.
WATCH = """([selector, text]) => {
  if (window.asnWatch) { window.asnWatch.disconnect(); }
  window.asnSeen = null;
  const check = () => {
    const element = document.querySelector(selector);
    if (window.asnSeen === null && element && element.innerText.includes(text)) { window.asnSeen = Date.now(); }
  };
  window.asnWatch = new MutationObserver(check);
  window.asnWatch.observe(document.body, {subtree: true, childList: true, characterData: true, attributes: true});
  check();
}"""


def snippet(text: str) -> str:
    """A plain-letters piece of a text, to find in the page's text and in websocket frames alike."""
    runs = re.findall(r"[A-Za-z][A-Za-z ]{11,}", text)
    return max(runs, key=len)[:30].strip() if runs else text[:12]


def scenario_of(db, session_id: int):
    state = live.get(db, session_id)
    return state, CATALOG.module(state.module_id).scenario(state.scenario_id)


def secrets_of(scenario) -> list[str]:
    """Pieces of the scenario's answer key that no other scenario shares: its options' feedback, its explanation."""
    others = " ".join(pick(o.feedback, "id") + " " + pick(s.explanation, "id") for m in CATALOG.modules
                      for s in m.scenarios if s.id != scenario.id for o in s.options)
    mine = [snippet(pick(o.feedback, "id")) for o in scenario.options] + [snippet(pick(scenario.explanation, "id"))]
    return [piece for piece in mine if len(piece) >= 12 and piece not in others]


def wait(page, selector: str):
    locator = page.locator(selector).locator("visible=true").first
    expect(locator).to_be_visible()
    return locator


def staff_sign_in(page, url: str, user: str, password: str, route: str = "", enter: bool = False) -> None:
    page.goto(f"{url}staf" + (f"#{route}" if route else ""))
    wait(page, ".asn-staff-user input").fill(user)
    page.locator(".asn-staff-password input").fill(password)
    if enter:
        page.locator(".asn-staff-password input").press("Enter")
    else:
        page.locator("button.asn-staff-sign-in").click()


def join(page, url: str, nip: str, name: str, pin: str, code: str) -> None:
    """A first visit with the session's code typed in: register, then the led session's page."""
    page.goto(url)
    wait(page, ".asn-nip input").fill(nip)
    page.locator(".asn-session input").fill(code.lower())  # as typed on a phone: case does not matter
    page.locator("button.asn-identify").click()
    wait(page, "button.asn-first-visit").click()
    wait(page, ".asn-name input").fill(name)
    page.locator(".asn-unit input").fill("Bappeda")
    page.locator(".asn-new-pin input").fill(pin)
    page.locator(".asn-new-pin-again input").fill(pin)
    page.locator("button.asn-register").click()
    expect(page.locator(".asn-live-body")).to_contain_text(t("live.lobby", "id")[:30])


def sign_in_again(page, nip: str, pin: str, code: str) -> None:
    wait(page, ".asn-nip input").fill(nip)
    page.locator(".asn-session input").fill(code)
    page.locator("button.asn-identify").click()
    wait(page, ".asn-pin input").fill(pin)
    page.locator("button.asn-sign-in").click()


def answer(page, scenario, good: bool) -> None:
    """The best answer, or one wrong option, as a thumb gives it; then the page says it was sent."""
    best = set(best_options(scenario))
    chosen = [o for o in scenario.options if o.id in best] if good else \
        [next(o for o in scenario.options if o.id not in best)]
    if scenario.scoring == "multi":
        for option in chosen:
            page.locator(".asn-choice", has_text=pick(option.text, "id")).locator("input").check()
        wait(page, "button.asn-submit").click()
    else:
        page.locator("button.asn-option", has_text=pick(chosen[0].text, "id")).click()
    expect(page.locator(".asn-live-status")).to_contain_text(t("live.sent", "id")[:20])


def decode_qr(page, selector: str) -> list[str]:
    image = Image.open(io.BytesIO(page.locator(selector).screenshot()))
    return [found.text for found in zxingcpp.read_barcodes(image)]


def download(page, label: str) -> bytes:
    with page.expect_download() as info:
        page.locator("a.asn-download", has_text=label).click()
    with open(info.value.path(), "rb") as file:
        return file.read()


def test_a_trainer_moves_a_room_of_three_phones_through_a_led_session(browser, journey_server, journey_db,
                                                                      staff_account):
    url = journey_server["url"]
    trainer, password = staff_account()
    contexts = []

    def new_page(width=1280, height=800):
        context, page = open_page(browser, width, height)
        contexts.append(context)
        return page

    try:
        control = new_page()
        staff_sign_in(control, url, trainer.username, password, enter=True)  # Enter submits the form
        wait(control, ".asn-session-title input").fill("Apel Korpri Bappeda")
        shot(control, "trainer-sessions")
        control.locator(".asn-session-place input").fill("Aula Bappeda")
        control.locator(".asn-session-unit input").fill("Bappeda")
        control.locator(".asn-session-content select").select_option(
            label=pick(CATALOG.module("contoh").title, "id"))
        control.locator(".asn-session-expected input").fill("3")
        control.locator("button.asn-create").click()
        code = wait(control, ".asn-control-join .asn-code").inner_text().strip()
        state = live.by_code(journey_db, code)
        assert state.mode == "dipandu" and state.module_id == "contoh" and len(state.scenario_ids) >= 3
        join_url = f"{url}?sesi={code}"
        expect(control.locator(".asn-control-join")).to_contain_text(f"Buka {url} dan masukkan kode {code}")
        assert decode_qr(control, ".asn-control-join .asn-qr-box") == [join_url]
        shot(control, "trainer-control-lobby")

        projector = new_page(1920, 1080)
        staff_sign_in(projector, url, trainer.username, password, route=f"proyektor/{state.id}")
        expect(projector.locator(".asn-projector-join .asn-code")).to_have_text(code)
        assert decode_qr(projector, ".asn-projector-join .asn-qr-box") == [join_url]  # from the back of the hall
        shot(projector, "trainer-projector-lobby")

        phones = [new_page(360, 740) for _ in PEOPLE]
        for phone, (nip, name, pin) in zip(phones, PEOPLE, strict=True):
            join(phone, url, nip, name, pin, code)
        expect(control.locator(".asn-counts")).to_contain_text("3 peserta bergabung")
        expect(projector.locator(".asn-counts")).to_contain_text("3 peserta bergabung")

        delays = []
        for position in range(3):
            for phone in phones:
                phone.frames_received.clear()
            upcoming = CATALOG.module("contoh").scenario(state.scenario_ids[position])
            text = snippet(pick(upcoming.situation, "id"))
            for phone in phones:
                phone.evaluate(WATCH, [".asn-live-body", text])
            clicked = time.time() * 1000
            wait(control, "button.asn-advance").click()
            for phone in phones:
                phone.wait_for_function("window.asnSeen !== null", timeout=15_000)
                delays.append((phone.evaluate("window.asnSeen") - clicked) / 1000)
            current, scenario = scenario_of(journey_db, state.id)
            assert scenario.id == upcoming.id and current.position == position

            if position == 2:  # a phone reloaded mid-session lands on the scenario on screen
                phones[0].reload()
                sign_in_again(phones[0], PEOPLE[0][0], PEOPLE[0][2], code)
                expect(phones[0].locator(".asn-live-body")).to_contain_text(text)
            for index, phone in enumerate(phones):
                answer(phone, scenario, good=index == 0)
            bars = control.locator(".asn-control-bars")
            expect(control.locator(".asn-counts")).to_contain_text("3 sudah menjawab")
            expect(bars).to_contain_text("2 (66,7%)")
            expect(bars).to_contain_text("1 (33,3%)")
            for phone in phones:  # nothing of the answer key reached a phone before the reveal
                frames = "\n".join(phone.frames_received)
                assert "jawaban terbaik" not in frames
                for piece in secrets_of(scenario):
                    assert piece not in frames, (scenario.id, piece)
            projector_before = projector.locator(".asn-projector-scenario").inner_text()
            assert "jawaban terbaik" not in projector_before
            if position == 0:
                shot(control, "trainer-control-question")
                shot(phones[1], "trainer-phone-question")

            control.locator("button.asn-reveal").click()
            explanation = snippet(pick(scenario.explanation, "id"))
            for phone in phones:
                expect(phone.locator(".asn-feedback")).to_contain_text(explanation)
            expect(projector.locator(".asn-projector-bars")).to_contain_text("jawaban terbaik")
            expect(projector.locator(".asn-projector-bars")).to_contain_text("2 (66,7%)")
            if position == 0:
                shot(projector, "trainer-projector-revealed")
                shot(phones[1], "trainer-phone-revealed")
        assert max(delays) <= FOLLOW_S, delays  # seconds from the click to each phone showing the scenario

        wait(control, "button.asn-close").click()
        wait(control, "button.asn-close-yes").click()
        wait(control, "button.asn-summary")
        assert live.get(journey_db, state.id).status == "closed"
        for phone in phones:
            expect(phone.locator(".asn-live-body")).to_contain_text(t("live.closed_notice", "id")[:30])
        expect(projector.locator(".asn-counts")).to_contain_text("Sesi selesai")

        control.locator("button.asn-summary").click()
        expect(control.locator(".asn-summary-text")).to_contain_text("3 peserta bergabung")
        control.locator("button.asn-prepare-downloads").click()
        wait(control, "a.asn-download")
        shot(control, "trainer-summary")
        rows = list(csv.DictReader(io.StringIO(download(control, "CSV").decode("utf-8-sig"))))
        by_nip = {row["NIP"]: row for row in rows}
        assert set(by_nip) == {nip for nip, _name, _pin in PEOPLE}
        for nip, name, _pin in PEOPLE:
            row = by_nip[nip]
            assert row["Nama"] == name
            answers = [value for key, value in row.items() if re.match(r"\d\. ", key)]
            assert len(answers) == 3 and all(re.fullmatch(r"[A-F](, [A-F])*", a) for a in answers), row
        workbook = load_workbook(io.BytesIO(download(control, "XLSX")), read_only=True)
        sheet = workbook[t("sheet.session_answers", "id")]
        cells = [[cell for cell in row] for row in sheet.iter_rows(values_only=True)]
        assert sum(1 for row in cells[1:] if row[0] in by_nip) == 9  # three answers from each of the three

        # The projector: no NIP and no name, in its page or in anything its kernel sent it.
        seen = projector.content() + "\n".join(projector.frames_received)
        for nip, name, _pin in PEOPLE:
            for private in (nip, format_nip(nip), name, json.dumps(name)[1:-1]):
                assert private not in seen, private
        assert trainer.display_name not in seen
    finally:
        for context in contexts:
            context.close()


ROUTES = ["", "sesi", "kendali/{id}", "proyektor/{id}", "ringkasan/{id}"]


def test_without_sign_in_every_staff_address_shows_the_sign_in_form_only(browser, journey_server, journey_db,
                                                                          staff_account):
    url = journey_server["url"]
    trainer, password = staff_account()
    state = live.create_session(journey_db, CATALOG, staff_id=trainer.id, title="Diklat Inspektorat", held_on=None,
                                place="Ruang Rapat", unit="Inspektorat", content="contoh", scenario_ids=None,
                                mode="dipandu", seconds=None, expected=None)
    for route in ROUTES:
        context, page = open_page(browser)
        try:
            page.goto(f"{url}staf" + (f"#{route.format(id=state.id)}" if route else ""))
            wait(page, ".asn-staff-user input")
            expect(page.locator("button.asn-staff-sign-in")).to_be_visible()
            page.wait_for_timeout(500)  # whatever else the kernel would send has arrived by now
            seen = page.locator(".asn-app").inner_text() + "\n".join(page.frames_received)
            for secret in (state.code, "Diklat Inspektorat", "Ruang Rapat", trainer.display_name):
                assert secret not in seen, (route, secret)
            for other in ("asn-create", "asn-advance", "asn-projector", "asn-sign-out", "asn-summary-text"):
                assert page.locator(f".{other}").count() == 0, (route, other)
        finally:
            context.close()


def test_a_wrong_password_is_refused_and_logged_and_repeated_failures_lock_the_account(page, journey_server,
                                                                                       journey_db, staff_account):
    url = journey_server["url"]
    member, password = staff_account()
    staff_sign_in(page, url, member.username, "bukan kata sandinya", enter=True)
    expect(page.locator(".asn-local-notice")).to_contain_text(t("staff.bad_credentials", "id"))
    expect(page.locator(".asn-staff-password input")).to_have_value("")
    with journey_db.reading() as s:
        failed = s.scalars(select(AuditEntry.detail).where(AuditEntry.action == "staff.sign_in_failed")).all()
    assert any(member.username in detail for detail in failed)
    assert not any("bukan kata sandinya" in detail for detail in failed)  # the password is never logged
    for _ in range(4):
        page.locator(".asn-staff-password input").fill("masih salah juga")
        page.locator("button.asn-staff-sign-in").click()
        expect(page.locator(".asn-staff-password input")).to_have_value("")  # refused and cleared by the kernel
    expect(page.locator(".asn-local-notice")).to_contain_text("dikunci")
    page.locator(".asn-staff-password input").fill(password)  # the right password waits for the lock too
    page.locator("button.asn-staff-sign-in").click()
    expect(page.locator(".asn-local-notice")).to_contain_text("dikunci")
    assert page.locator("button.asn-create").count() == 0
