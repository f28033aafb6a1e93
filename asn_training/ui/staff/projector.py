"""The projector (``#proyektor/<id>``), opened in a window of its own on the hall's screen: large type, high contrast,
and no personal data at all (no name, no NIP, no unit list: counts only).

Lobby: the code, the join address and its QR code. ``dipandu``: the scenario on screen with its options, the
countdown and how many answered; after the trainer's reveal, the room's answers as bars with the best answer marked
and the explanation. The best answer and the explanation reach this page's widgets only after the reveal.
``mandiri``: how many started and finished and the hardest scenarios so far. It follows the session by polling, as
the control screen does."""

from __future__ import annotations

import ipywidgets as widgets

from ...i18n import t
from ..kit.widgets import esc
from . import show as draw
from .control import progress_html
from .page import show
from .room import RoomPage


class ProjectorPage(RoomPage):
    address, css = "proyektor", "asn-projector"
    wide = True
    chrome = False

    def __init__(self, app, arg=None) -> None:
        super().__init__(app, arg)
        self.heading = widgets.HTML()
        self.explanation = widgets.HTML()
        self.root.children = [self.heading, self.join, self.counts, self.countdown, self.position, self.scenario_box,
                              self.bars, self.explanation, self.progress]
        self.root.add_class("asn-projector")
        self.follow()

    def update(self) -> None:
        lang, session = self.lang, self.session
        phase, dipandu = session.phase, session.mode == "dipandu"
        total = len(session.scenario_ids)
        lobby = phase == "lobby" or (not dipandu and phase != "closed")
        small_code = "" if lobby or phase == "closed" else \
            f" <span class='asn-small-code'>· {esc(t('staffui.code_short', lang, code=session.code))}</span>"
        self.heading.value = f"<h1>{esc(session.title)}{small_code}</h1>"
        self.join.value = draw.join_html(self.app.base, session.code, lang) if lobby else ""
        show(self.join, lobby)
        if phase == "closed":
            self.counts.value = (f"<h2>{esc(t('staffui.closed_thanks', lang))}</h2>"
                                 f"<p>{esc(t('staffui.joined', lang, count=self.joined))}</p>")
        else:
            parts = [t("staffui.joined", lang, count=self.joined)]
            if dipandu and phase in ("question", "revealed"):
                parts.append(t("staffui.answered", lang, count=self.answered))
            self.counts.value = f"<p>{esc(' · '.join(parts))}</p>"
        left = draw.seconds_left(session.seconds, session.started_at) if phase == "question" else None
        self.countdown.value = draw.countdown_text(left, lang)
        scenario = self.scenario(session) if dipandu and phase in ("question", "revealed") else None
        revealed = phase == "revealed"
        if scenario is not None:
            self.position.value = f"<p class='asn-muted'>{esc(draw.position_text(session.position, total, lang))}</p>"
            self.scenario_box.value = draw.scenario_html(scenario, lang) + \
                draw.options_html(scenario, lang, key=revealed)
            self.bars.value = draw.bars_html(scenario, self.counts_by_option, self.answered, lang, reveal=True) \
                if revealed else ""
            self.explanation.value = draw.explanation_html(scenario, lang) if revealed else ""
        else:
            self.position.value = f"<p>{esc(t('staffui.lobby_wait', lang))}</p>" if dipandu and phase == "lobby" \
                else ""
            self.scenario_box.value = self.bars.value = self.explanation.value = ""
        self.progress.value = progress_html(self.app, session, self.mandiri, lang) if not dipandu else ""
