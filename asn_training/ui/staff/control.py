"""The trainer's control screen (``#kendali/<id>``): the code, the join address and its QR code, how many joined and
answered; in ``dipandu`` the scenario on screen with its options, the best answer and the trainer's notes, the room's
answers as bars, and the buttons that move the room (Mulai/Berikutnya, Tampilkan jawaban, Tutup sesi); in
``mandiri`` the room's progress and the hardest scenarios so far.

Every button passes the revision this page has seen: if another tab of the trainer moved the session first, the
service refuses (:class:`~asn_training.services.live.StaleSession`), this page draws the session as it now is and
says so. The page asks the database about every 1.5 s whether the session moved (one indexed column) and refreshes
its counts and bars; its widgets are built once and only their values change."""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets

from ...core.live import find_scenario
from ...i18n import format_date, format_number, pick, t
from ...services import live
from ..kit.widgets import button, esc, row
from . import show as draw
from .page import show
from .room import RoomPage
from .sessions import MODE_KEYS, content_title, status_key


class ControlPage(RoomPage):
    address, css = "kendali", "asn-control"
    bars_before_reveal = True

    def __init__(self, app, arg=None) -> None:
        super().__init__(app, arg)
        self.head = widgets.HTML()
        self.notes = widgets.HTML()
        guard = app.guard
        self.advance = button("", guard(lambda: self._act(live.advance)), primary=True, css="asn-advance")
        self.reveal = self.button("staffui.reveal", lambda: self._act(live.reveal), css="asn-reveal")
        self.close_button = self.button("staffui.close", self._ask_close, css="asn-close")
        self.summary = self.button("staffui.open_summary", lambda: app.navigate(f"ringkasan/{self.session.id}"),
                                   css="asn-summary")
        self.projector_link = widgets.HTML()
        self.confirm_text = widgets.HTML()
        self.confirm = widgets.VBox([self.confirm_text, row(
            self.button("staffui.close_yes", self._close, css="asn-close-yes"),
            self.button("staffui.close_no", lambda: show(self.confirm, False), css="asn-close-no"))])
        self.confirm.add_class("asn-confirm")
        show(self.confirm, False)
        self.buttons = row(self.advance, self.reveal, self.close_button, self.summary)
        self.root.children = [self.head, self.join, self.counts, self.countdown, self.buttons, self.confirm,
                              self.notice_slot(), self.position, self.scenario_box, self.bars, self.notes,
                              self.progress, self.projector_link]
        self.follow()

    # Acting --------------------------------------------------------------------------------------------

    def _act(self, action: Callable[..., live.SessionState]) -> None:
        member = self.app.staff
        try:  # who may run it is asked again inside the move's own transaction
            self.session = action(self.app.store, self.session.id, self.session.revision, actor=self.app.actor,
                                  staff_id=member.id if member is not None else -1)
        except live.StaleSession as stale:
            self.session = stale.state
            self._read()
            self.update()
            raise  # the guard says, beside the buttons, that another tab moved the session
        show(self.confirm, False)
        self._read()
        self.update()

    def _ask_close(self) -> None:
        show(self.confirm, True)

    def _close(self) -> None:
        self._act(live.close)

    # Drawing -------------------------------------------------------------------------------------------

    def update(self) -> None:
        lang, session = self.lang, self.session
        phase, dipandu = session.phase, session.mode == "dipandu"
        total = len(session.scenario_ids)
        meta = " · ".join(filter(None, [
            format_date(session.held_on, lang) if session.held_on else "", session.place or "", session.unit or "",
            content_title(self.app, session, lang), t(MODE_KEYS.get(session.mode, "staffui.mode_dipandu"), lang),
            t(status_key(session), lang)]))
        self.head.value = f"<h2>{esc(session.title)}</h2><p class='asn-muted'>{esc(meta)}</p>"
        open_ = phase != "closed"
        self.join.value = draw.join_html(self.app.base, session.code, lang) if open_ else ""
        show(self.join, open_)
        (self.join.remove_class if phase == "lobby" or not dipandu else self.join.add_class)("asn-join-compact")
        expected = t("staffui.expected", lang, count=session.expected) if session.expected else ""
        parts = [t("staffui.joined", lang, count=self.joined) + (f" {expected}" if expected else "")]
        if dipandu and phase in ("question", "revealed"):
            parts.append(t("staffui.answered", lang, count=self.answered))
        self.counts.value = f"<p>{esc(' · '.join(parts))}</p>"
        left = draw.seconds_left(session.seconds, session.started_at) if phase == "question" else None
        self.countdown.value = draw.countdown_text(left, lang)
        # Buttons: the next step the room can take
        last = session.position is not None and session.position >= total - 1
        self.advance.description = t("staffui.start" if phase == "lobby" else "staffui.next", lang)
        show(self.advance, dipandu and open_ and not last)
        show(self.reveal, dipandu and phase == "question")
        show(self.close_button, open_)
        show(self.summary, not open_)
        if not open_:
            show(self.confirm, False)
        self.confirm_text.value = f"<p><b>{esc(t('staffui.close_confirm', lang))}</b></p>"
        self.projector_link.value = (
            f"<p><a class='asn-projector-link' href='#proyektor/{session.id}' target='_blank' rel='noopener'>"
            f"{esc(t('staffui.open_projector', lang))}</a> <span class='asn-muted'>"
            f"{esc(t('staffui.projector_hint', lang))}</span></p>") if open_ else ""
        # The scenario on screen (dipandu)
        scenario = self.scenario(session) if dipandu else None
        if scenario is not None:
            self.position.value = f"<h3>{esc(draw.position_text(session.position, total, lang))}</h3>"
            self.scenario_box.value = draw.scenario_html(scenario, lang) + draw.options_html(scenario, lang, key=True)
            self.bars.value = draw.bars_html(scenario, self.counts_by_option, self.answered, lang,
                                             reveal=phase == "revealed")
            self.notes.value = draw.notes_html(scenario, lang) + draw.explanation_html(scenario, lang)
        elif dipandu and phase == "lobby":
            self.position.value = f"<p>{esc(t('staffui.lobby_hint', lang, count=total))}</p>"
            self.scenario_box.value = self.bars.value = self.notes.value = ""
        else:
            self.position.value = self.scenario_box.value = self.bars.value = self.notes.value = ""
        self.progress.value = progress_html(self.app, session, self.mandiri, lang) if not dipandu else ""


def progress_html(app, session: live.SessionState, progress, lang: str) -> str:
    """A mandiri session's room: how many started and finished, and the hardest scenarios so far (no names)."""
    if progress is None:
        return ""
    counts = t("staffui.progress", lang, started=progress.started, finished=progress.finished)
    lines = [f"<p class='asn-counts'>{esc(counts)}</p>"]
    items = []
    for rate in progress.hardest:
        scenario = find_scenario(app.catalog, session.module_id, rate.scenario_id)
        if scenario is None or rate.rate is None:
            continue
        share = t("staffui.correct_rate", lang, percent=format_number(rate.rate, lang), count=rate.answered)
        items.append(f"<li>{esc(pick(scenario.question, lang))} <b>{esc(share)}</b></li>")
    if items:
        lines.append(f"<h3>{esc(t('staffui.hardest', lang))}</h3><ol class='asn-hardest'>{''.join(items)}</ol>")
    return "".join(lines)
