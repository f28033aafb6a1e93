"""A led session (``dipandu``), as a participant follows it: the page moves with the trainer.

The lobby while the trainer has not started; then the scenario on the projector, its options in the bank's order
with the projector's letters, one answer until the reveal (then the choice is locked: "jawaban terkirim"); after the
reveal, the feedback, the explanation and the legal basis; a notice once the session is closed. The page looks at the
session's beacon four times a second (a ``stat``: a trainer's move on this machine replaces it) and asks the database
for the session's revision (one primary-key read) when the beacon changed or every few seconds (a move made on
another server); it reads the rest only when the revision changed, and updates the values of the widgets it built
once, never rebuilding them.

Nothing of the answer key is in any widget before the reveal: the options' texts only, no correctness, no feedback.
A reload or a late join lands on the scenario on screen, with the answer already sent.
"""

from __future__ import annotations

from dataclasses import replace

import ipywidgets as widgets

from ...core.live import CLOSED, LOBBY, QUESTION, REVEALED, SessionState, find_scenario, letter
from ...errors import InvalidInput
from ...i18n import t
from ...services import live
from ...services.attempts import ItemView
from ..kit.router import Redirect
from ..kit.widgets import esc, paragraphs
from .page import OptionButtons, ParticipantPage
from .quiz import feedback_html

# The beacon is looked at every quarter second: a scenario reaches every phone within half a second of the trainer's
# click. The database is asked on each page's own beat, between 2.5 and 3.5 s, for moves the beacon does not carry
# (a trainer on another server sharing the database): a hall's kernels do not all ask at the same moment.
POLL_SECONDS = (2.5, 3.5)


class LivePage(ParticipantPage):
    def __init__(self, app, arg=None) -> None:
        super().__init__(app, arg)
        joined = self.state.session
        if joined is None or getattr(joined, "mode", None) != "dipandu":
            raise Redirect(app.HOME)
        self.route = "sesi"
        self.live: SessionState = live.get(app.store, joined.id)
        self.chosen: tuple[str, ...] | None = None  # the participant's answer to the scenario on screen
        self._read_for: tuple[str | None, str] | None = None  # (scenario, phase) whose answer was read
        self.head = widgets.HTML()
        self.head.add_class("asn-live-head")
        self.body = widgets.HTML()
        self.body.add_class("asn-live-body")
        self.options = OptionButtons(self, self._tap)
        self.boxes: list[widgets.Checkbox] = []
        self._build_for(app.catalog, self.live)
        self._boxes_for: str | None = None  # the scenario the boxes were ticked for
        self.submit = self.own(self.button("quiz.submit", self._submit_boxes, primary=True, css="asn-submit"))
        self.status = self.own(widgets.HTML())
        self.status.add_class("asn-live-status")
        self.feedback = self.own(widgets.HTML())
        self.feedback.add_class("asn-feedback")
        self.home = self.own(self.home_button())
        self.watch = live.Watch(app.store, self.live.id, POLL_SECONDS)
        self.poller = self.every(live.BEACON_SECONDS, self.poll)

    def _build_for(self, catalog, state: SessionState) -> None:
        """The option buttons and tick boxes the session's scenarios need, built while the room waits: a trainer's
        move then only updates their texts (bench/hall.py counts what each move sends to every phone)."""
        found = (find_scenario(catalog, state.module_id, i) for i in state.scenario_ids)
        scenarios = [s for s in found if s is not None]
        single = [len(s.options) for s in scenarios if s.scoring != "multi"]
        multi = [len(s.options) for s in scenarios if s.scoring == "multi"]
        self.options.build(max(single, default=0))
        self.checkboxes(max(multi, default=0))

    # Following the trainer ---------------------------------------------------------------------------------

    def poll(self) -> None:
        """One beat: the beacon; the revision if the beacon changed or the page's own beat is due; the session and
        the page only if the revision changed."""
        if not self.watch.due():
            return
        revision, _status = live.revision(self.app.store, self.live.id)
        if revision == self.live.revision:
            return
        self.live = live.get(self.app.store, self.live.id)
        if self.local_notice is not None:
            self.local_notice.value = ""  # a notice about the previous step is stale now
        self.update()

    def _answer_on_screen(self) -> tuple[str, ...] | None:
        """The participant's stored answer to the scenario on screen: read once per scenario and once more at its
        reveal (another tab may have answered it)."""
        state = self.live
        key = (state.scenario_id, state.phase)
        if self._read_for != key:
            if self._read_for is None or self._read_for[0] != state.scenario_id:
                self.chosen = None
            if state.scenario_id is not None and (self.chosen is None or state.phase == REVEALED):
                self.chosen = live.my_answer(self.app.store, state.id, self.state.participant.id,
                                             state.scenario_id)
            self._read_for = key
        return self.chosen

    # Drawing -----------------------------------------------------------------------------------------------

    def update(self) -> None:
        state, lang = self.live, self.lang
        phase = state.phase
        heading = f"{state.title} · {t('live.code', lang, code=state.code)}"
        if phase == CLOSED:
            self._clear()
            self.head.value = f"<p class='asn-muted'>{esc(heading)}</p>"
            self.body.value = f"<p class='asn-notice' role='status'>{esc(t('live.closed_notice', lang))}</p>"
            self.root.children = [self.head, self.body, self.notice_slot(), self.home]
            self.poller.stop()  # nothing changes in a closed session
            return
        if phase == LOBBY:
            self._clear()
            self.head.value = f"<p class='asn-muted'>{esc(heading)}</p>"
            self.body.value = (f"<h2>{esc(state.title)}</h2>"
                               f"<p role='status'>{esc(t('live.lobby', lang))}</p>")
            self.root.children = [self.head, self.body, self.notice_slot()]
            return
        item = live.item(self.app.catalog, state, lang)
        if item is None:  # the session's scenario is no longer in the banks this kernel loaded
            self._clear()
            self.head.value = f"<p class='asn-muted'>{esc(heading)}</p>"
            self.body.value = f"<p class='asn-notice'>{esc(t('live.scenario_gone', lang))}</p>"
            self.root.children = [self.head, self.body]
            return
        chosen = self._answer_on_screen()
        progress = t("quiz.progress", lang, n=item.position + 1, total=item.total)
        self.head.value = f"<p class='asn-muted'>{esc(heading)} · {esc(progress)} · {esc(item.topic)}</p>"
        self.body.value = f"{paragraphs(item.situation)}<p><b>{esc(item.question)}</b></p>"
        if phase == REVEALED:
            self._revealed(item, chosen)
        elif phase == QUESTION:
            self._question(item, chosen)

    def _clear(self) -> None:
        """Nothing of a scenario stays in the browser's widget state."""
        self.options.show([])
        self._boxes(0)
        self.feedback.value = self.status.value = ""

    def _question(self, item: ItemView, chosen: tuple[str, ...] | None) -> None:
        lang = self.lang
        self.feedback.value = ""  # no reveal, no feedback in the browser
        texts = [text for _oid, text in item.options]
        ids = [oid for oid, _text in item.options]
        if chosen is not None:  # sent: the choice is locked until the reveal
            self._boxes(0)
            buttons = self.options.show(texts, {ids.index(c) for c in chosen if c in ids})
            for choice in buttons:
                choice.disabled = True
            self.status.value = f"<p class='asn-good' role='status'>{esc(t('live.sent', lang))}</p>"
            self.root.children = [self.head, self.body, *buttons, self.status, self.notice_slot()]
            return
        hint = t("quiz.multi_hint" if item.multi else "live.choose", lang)
        self.status.value = f"<p class='asn-muted'>{esc(hint)}</p>"
        if item.multi:
            self.options.show([])
            boxes = self._boxes(len(texts))
            for index, (box, text) in enumerate(zip(boxes, texts, strict=True)):
                box.description = f"{letter(index)}. {text}"
            self.root.children = [self.head, self.body, self.status, *boxes, self.notice_slot(), self.submit]
        else:
            self._boxes(0)
            buttons = self.options.show(texts)
            for choice in buttons:
                choice.disabled = False
            self.root.children = [self.head, self.body, self.status, *buttons, self.notice_slot()]

    def _revealed(self, item: ItemView, chosen: tuple[str, ...] | None) -> None:
        lang = self.lang
        self.options.show([])
        self._boxes(0)
        found = live.feedback(self.app.catalog, self.live, chosen, lang)
        if found is None:
            return
        lettered = replace(found, options=tuple(replace(o, text=f"{letter(i)}. {o.text}")
                                                for i, o in enumerate(found.options)))
        missed = "" if chosen else f"<p class='asn-muted'>{esc(t('live.not_answered', lang))}</p>"
        self.feedback.value = missed + feedback_html(lettered, lang)
        self.status.value = f"<p class='asn-muted' role='status'>{esc(t('live.wait_next', lang))}</p>"
        self.root.children = [self.head, self.body, self.notice_slot(), self.feedback, self.status]

    def _boxes(self, count: int) -> list[widgets.Checkbox]:
        self.checkboxes(count)
        if count and self._boxes_for != self.live.scenario_id:
            for box in self.boxes[:count]:
                box.value = False  # a new scenario starts unticked
        self._boxes_for = self.live.scenario_id if count else None
        return self.boxes[:count]

    # Answering ---------------------------------------------------------------------------------------------

    def _tap(self, index: int) -> None:
        if self.chosen is not None or self.live.phase != QUESTION:
            return  # a second tap on a sent answer: the first stands
        item = live.item(self.app.catalog, self.live, self.lang)
        if item is None or not 0 <= index < len(item.options):
            raise InvalidInput("quiz.choose_first")
        self._send([item.options[index][0]])

    def _submit_boxes(self) -> None:
        item = live.item(self.app.catalog, self.live, self.lang)
        if self.chosen is not None or item is None or self.live.phase != QUESTION:
            return
        self._send([oid for (oid, _text), box in zip(item.options, self.boxes, strict=False) if box.value])

    def _send(self, chosen: list[str]) -> None:
        if not chosen:
            raise InvalidInput("quiz.choose_first")
        state = self.live
        try:
            live.answer(self.app.store, state.id, self.state.participant.id, state.scenario_id or "", chosen,
                        catalog=self.app.catalog)
        except InvalidInput:
            # The trainer moved on or revealed, or another tab answered: show what the database holds, and the
            # guard says what happened.
            self.live = live.get(self.app.store, state.id)
            self._read_for = None
            self.update()
            raise
        self.chosen = tuple(chosen)
        self.update()
