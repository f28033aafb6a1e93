"""Driving the participant app in-process, widget by widget, as the browser would: find by CSS class, type, tap."""

from __future__ import annotations

import base64
import io
import json
import re

import ipywidgets as widgets
from pypdf import PdfReader

from asn_training.core.scoring import best_options
from asn_training.ui import ParticipantApp

from ..conftest import DATA

JOURNEY = DATA / "banks" / "journey"
NIP = "19860926 201505 1 001"


def walk(widget):
    """The widgets on screen: the tree of children (widgets built but off screen are not in it)."""
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)


def find(app: ParticipantApp, css: str) -> list:
    return [w for w in walk(app.root) if css in getattr(w, "_dom_classes", ())]


def click(app: ParticipantApp, css: str, index: int = 0) -> None:
    found = find(app, css)
    assert found, f"no .{css} on the page; notice: {app.notice.value}"
    found[index].click()


def local_notice(app: ParticipantApp) -> str:
    """The notice beside the buttons of the page on screen (empty when it has none)."""
    return "".join(w.value for w in find(app, "asn-local-notice"))


def page_state(app: ParticipantApp) -> str:
    """Everything the browser holds for the page: the synced state of every displayed widget."""
    return json.dumps([w.get_state() for w in walk(app.root)], ensure_ascii=False, default=str)


def enter(app: ParticipantApp, nip=NIP, kind="pns", code=""):
    find(app, "asn-kind")[0].value = kind
    find(app, "asn-nip")[0].value = nip
    find(app, "asn-session")[0].value = code
    click(app, "asn-identify")


def sign_up(app: ParticipantApp, nip=NIP, name="Rina Wulandari", unit="Bappeda", pin="2468", kind="pns"):
    enter(app, nip, kind)
    click(app, "asn-first-visit")
    find(app, "asn-name")[0].value = name
    find(app, "asn-unit")[0].value = unit
    find(app, "asn-new-pin")[0].value = pin
    find(app, "asn-new-pin-again")[0].value = pin
    click(app, "asn-register")


def sign_in(app: ParticipantApp, nip=NIP, pin="2468"):
    enter(app, nip)
    find(app, "asn-pin")[0].value = pin
    click(app, "asn-sign-in")


def shown_scenario(app: ParticipantApp):
    run = app.run
    return run.module.scenario(run.answers[app.state.position].scenario_id)


def tap(app: ParticipantApp, good: bool = True) -> None:
    """Answer the quiz item on the page, best or worst, and stay on its feedback."""
    run, position = app.run, app.state.position
    scenario = shown_scenario(app)
    best = set(best_options(scenario))
    order = [oid for oid, _ in run.item(position).options]
    if scenario.scoring == "multi":
        for box, oid in zip(find(app, "asn-choice"), order, strict=True):
            box.value = (oid in best) == good
        click(app, "asn-submit")
    else:
        target = sorted(best)[0] if good else next(o for o in order if o not in best)
        click(app, "asn-option", order.index(target))


def answer_current(app: ParticipantApp, good: bool = True) -> None:
    """Answer the quiz item on the page, best or worst, and go on."""
    tap(app, good)
    click(app, "asn-next")


def take_quiz(app: ParticipantApp, module_id: str, good: bool = True) -> None:
    card = find(app, f"asn-module-{module_id}")[0]
    [b for b in walk(card) if "asn-start" in getattr(b, "_dom_classes", ())][0].click()
    while not find(app, "asn-result"):
        answer_current(app, good)


def pdf_text(app: ParticipantApp, css: str = "asn-download") -> str:
    link = next(w for w in walk(app.root) if isinstance(w, widgets.HTML) and f"class='{css}'" in w.value)
    data = base64.b64decode(re.search(r"base64,([A-Za-z0-9+/=]+)", link.value).group(1))
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def sign_pledge(app: ParticipantApp, pledge_id: str, name="Rina Wulandari") -> None:
    if find(app, "asn-home"):
        click(app, "asn-home")
    click(app, f"asn-pledge-{pledge_id}")
    for box in find(app, "asn-ack"):
        box.value = True
    find(app, "asn-sign-name")[0].value = name
    find(app, "asn-sign-place")[0].value = "Jambi"
    click(app, "asn-sign")


def browser_asks(app: ParticipantApp, route: str) -> None:
    """What the template's script does on Back, Forward or a reload: the address into the hidden field."""
    field = find(app, "asn-route-in")[0]
    number = int(field.value.partition("|")[0] or 0) + 1
    field.value = f"{number}|{route}"


def location(app: ParticipantApp) -> tuple[str, str]:
    """The address the kernel last announced to the browser, and whether it asked for a new history entry."""
    value = find(app, "asn-route-out")[0].value
    return re.search(r"data-route='([^']*)'", value).group(1), re.search(r"data-mode='(\w+)'", value).group(1)


def run_async(coroutine):
    """Run ``coroutine`` on a fresh event loop in its own thread: the browser tests' Playwright keeps a loop running
    in the main thread for the whole session, where ``asyncio.run`` would refuse to start."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()
