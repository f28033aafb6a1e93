"""The pre- and post-test, in exam mode: answers can change, nothing is revealed until the whole test is submitted,
and unanswered items are warned about before submission."""

from __future__ import annotations

import ipywidgets as widgets

from ...errors import InvalidInput
from ...i18n import t
from ...services.attempts import POST, PRE, QuizRun, StaleAttempt
from ..kit.router import Redirect
from ..kit.widgets import esc, row
from .page import OptionButtons, ParticipantPage, item_head, set_primary


class ExamPage(ParticipantPage):
    def __init__(self, app, arg=None) -> None:
        super().__init__(app, arg)
        test = app.catalog.test
        if test is None or arg not in (PRE, POST):
            raise InvalidInput("quiz.unknown_module", module=arg or "")
        run = QuizRun.resume(app.store, app.catalog, self.state.participant.id, test.id, kind=arg, lang=self.lang)
        if run is None:
            raise Redirect(app.HOME)  # no open test of this kind: it starts from the home page
        self.run = self.state.run = run
        self.state.position = run.next_position or 0  # a resumed test opens at its first unanswered item
        self.route = f"tes/{arg}"
        self.confirming = False
        self.head, self.hint = widgets.HTML(), widgets.HTML()
        self.options = OptionButtons(self, self._choose)
        self.previous = self.own(self.button("test.previous", lambda: self._go(self.position - 1),
                                             css="asn-previous"))
        self.following = self.own(self.button("test.next", lambda: self._go(self.position + 1), primary=True,
                                              css="asn-next"))
        self.submit = self.own(self.button("test.submit", self._submit, css="asn-submit-test"))
        self.keep = self.button("test.keep_answering", self._keep_answering, primary=True, css="asn-keep")
        self.anyway = self.button("test.submit_anyway", self._finish, css="asn-submit-anyway")
        self.confirm = self.own(row(self.keep, self.anyway))
        self.navigation = row()
        self.home = self.home_button()

    @property
    def position(self) -> int:
        return self.state.position

    def update(self) -> None:
        run, lang, position = self.run, self.lang, self.position
        self.head.value = item_head(run, position, lang)
        self.hint.value = f"<p class='asn-muted'>{esc(t('test.exam_hint', lang))}</p>"
        texts = [text for _oid, text in run.item(position).options]
        chosen = set(run.chosen(position))
        selected = {i for i, (oid, _text) in enumerate(run.item(position).options) if oid in chosen}
        buttons = self.options.show(texts, selected)
        last = position + 1 >= run.total
        set_primary(self.submit, last)
        self.navigation.children = [b for b, shown in ((self.previous, position > 0), (self.following, not last),
                                                       (self.submit, True)) if shown]
        self.root.children = [self.head, self.hint, *buttons, self.navigation,
                              *([self.confirm] if self.confirming else []), self.home]

    def _go(self, position: int) -> None:
        if not 0 <= position < self.run.total:
            raise InvalidInput("quiz.bad_position", position=position + 1)
        self.state.position, self.confirming = position, False
        self.render()

    def _choose(self, index: int) -> None:
        options = self.run.item(self.position).options
        if not 0 <= index < len(options):
            raise InvalidInput("quiz.choose_first")
        try:
            self.run.answer(self.position, [options[index][0]])
        except StaleAttempt:
            if self.run.finished:  # submitted in another tab: its result
                self.app.navigate(f"hasil/{self.run.attempt.id}")
            else:
                self.render()
            raise
        self.render()

    def _submit(self) -> None:
        missing = self.run.unanswered
        if not missing:
            self._finish()
            return
        self.confirming = True  # pressing Submit twice still shows one question
        self.render()
        self.warn("test.unanswered", count=missing)

    def _keep_answering(self) -> None:
        self._go(next((a.position for a in self.run.answers if a.chosen is None), self.position))

    def _finish(self) -> None:
        try:
            self.run.finish()
        finally:  # finished here or, as the notice then says, in another tab: its result either way
            self.app.navigate(f"hasil/{self.run.attempt.id}")
