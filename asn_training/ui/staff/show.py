"""What the control screen and the projector both draw from a session's state: the join address and its QR code,
the scenario on screen with its options, the countdown, and the bars of the room's answers.

Every function returns escaped HTML for an HTML widget and holds no personal data: a session's state, a scenario
from the bank and counts are all they are given. The best answer is drawn only when asked (``key``/``reveal``), so
the projector's widgets hold it only after the trainer's reveal."""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import UTC, datetime
from urllib.parse import quote

import segno

from ...core.live import letter
from ...core.models import Scenario
from ...core.scoring import best_options
from ...i18n import format_number, pick, t
from ..kit.widgets import esc, paragraphs


def join_url(base: str, code: str) -> str:
    """The address a participant's phone opens to join: ``<public url>?sesi=<CODE>``."""
    return f"{base}?sesi={quote(code)}"


def qr_svg(text: str, title: str) -> str:
    """A QR code of ``text`` as inline SVG, drawn here (segno) and sized by the page's style."""
    return segno.make(text, error="m").svg_inline(scale=1, border=4, omitsize=True, title=title, svgclass="asn-qr",
                                                  lineclass=None, dark="#000", light="#fff")


def join_html(base: str, code: str, lang: str) -> str:
    """The code in large letters, the address to type, and the QR code that opens it with the code filled in."""
    url = join_url(base, code)
    text = t("staffui.join_text", lang, address=base, code=code)
    return (f"<div class='asn-join'><div><p class='asn-code' aria-label='{esc(t('staffui.code', lang))}'>"
            f"{esc(code)}</p><p class='asn-join-text'>{esc(text)}</p></div>"
            f"<div class='asn-qr-box' data-url='{esc(url)}'>{qr_svg(url, t('staffui.qr_title', lang, code=code))}"
            "</div></div>")


def position_text(position: int, total: int, lang: str) -> str:
    return t("staffui.position", lang, n=position + 1, total=total)


def scenario_html(scenario: Scenario, lang: str) -> str:
    return f"{paragraphs(pick(scenario.situation, lang))}<p><b>{esc(pick(scenario.question, lang))}</b></p>"


def options_html(scenario: Scenario, lang: str, *, key: bool) -> str:
    """The options in the bank's order with their letters (the room's phones show the same letters); with ``key``
    the best answers are marked in words."""
    best = set(best_options(scenario)) if key else set()
    items = []
    for index, option in enumerate(scenario.options):
        mark = f" <span class='asn-key'>✓ {esc(t('staffui.best', lang))}</span>" if option.id in best else ""
        items.append(f"<li><span class='asn-letter'>{letter(index)}.</span> {esc(pick(option.text, lang))}{mark}</li>")
    return f"<ol class='asn-options-list'>{''.join(items)}</ol>"


def bars_html(scenario: Scenario, counts: Mapping[str, int], answered: int, lang: str, *, reveal: bool) -> str:
    """One bar per option, its count and share written beside it (not colour alone); after the reveal the best
    answers are marked with a sign and a word, and patterned."""
    best = set(best_options(scenario)) if reveal else set()
    total = answered or sum(counts.values())
    rows = []
    for index, option in enumerate(scenario.options):
        count = int(counts.get(option.id, 0))
        share = 100.0 * count / total if total else 0.0
        value = t("staffui.bar_value", lang, count=count, percent=format_number(share, lang))
        is_best = option.id in best
        mark = f" <span class='asn-best-mark'>✓ {esc(t('staffui.best', lang))}</span>" if is_best else ""
        rows.append(f"<div class='asn-bar-row{' asn-best' if is_best else ''}' data-option='{letter(index)}'>"
                    f"<span class='asn-letter'>{letter(index)}</span>"
                    f"<div class='asn-bar-track' role='img' aria-label='{esc(letter(index))}: {esc(value)}'>"
                    f"<div class='asn-bar-fill' style='width: {share:.1f}%'></div></div>"
                    f"<span class='asn-bar-value'>{esc(value)}{mark}</span></div>")
    heading = t("staffui.answers_heading", lang, count=total)
    return (f"<div class='asn-bars'><p class='asn-muted'>{esc(heading)}</p>"
            f"<div class='asn-bar-grid'>{''.join(rows)}</div></div>")


def explanation_html(scenario: Scenario, lang: str) -> str:
    return f"<h3>{esc(t('staffui.explanation', lang))}</h3>{paragraphs(pick(scenario.explanation, lang))}"


def notes_html(scenario: Scenario, lang: str) -> str:
    """The trainer's discussion notes: questions for the room and the point to land."""
    notes = scenario.trainer_notes
    if notes is None:
        return ""
    questions = "".join(f"<li>{esc(pick(q, lang))}</li>" for q in notes.questions)
    return (f"<div class='asn-notes'><h3>{esc(t('staffui.notes', lang))}</h3><ol>{questions}</ol>"
            f"<p><b>{esc(t('staffui.notes_point', lang))}</b> {esc(pick(notes.point, lang))}</p></div>")


def seconds_left(seconds: int | None, started_at: datetime | None, now: datetime | None = None) -> int | None:
    """Whole seconds left for the scenario on screen (0 when the time is up), or ``None`` when it is not timed."""
    if not seconds or started_at is None:
        return None
    if started_at.tzinfo is None:
        started_at = started_at.replace(tzinfo=UTC)
    elapsed = ((now or datetime.now(UTC)) - started_at).total_seconds()
    return max(0, math.ceil(seconds - elapsed))


def countdown_text(left: int | None, lang: str) -> str:
    if left is None:
        return ""
    key = "staffui.time_up" if left == 0 else "staffui.time_left"
    return f"<p class='asn-countdown' role='timer'>⏱ {esc(t(key, lang, count=left))}</p>"
