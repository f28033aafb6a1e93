"""The pre- and post-test, in exam mode: answers can change, nothing is revealed until the whole test is submitted,
and unanswered items are warned about before submission, right beside the Submit button. A question overview (as in
Moodle's quiz navigation) shows every item's number, answered or not, and the one on screen; a tap opens that item."""

from __future__ import annotations

import ipywidgets as widgets

from ...errors import InvalidInput
from ...i18n import t
from ...services.attempts import POST, PRE
from ..kit.router import Redirect
from ..kit.widgets import button, esc, row
from .page import OptionButtons, RunPage, item_head, set_primary


class ExamPage(RunPage):
    def __init__(self, app, arg=None) -> None:
        super().__init__(app, arg)
        test = app.catalog.test
        if test is None or arg not in (PRE, POST):
            raise InvalidInput("quiz.unknown_module", module=arg or "")
        run = self.open_run(test.id, arg)
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
        self.anyway = self.button("test.submit_anyway", self.finish_run, css="asn-submit-anyway")
        self.confirm = self.own(row(self.keep, self.anyway))
        self.navigation = row()
        self.overview_head = widgets.HTML()
        self.numbers = [self.button_for(position) for position in range(run.total)]
        self.overview = widgets.HBox(self.numbers)
        self.overview.add_class("asn-overview")
        self.home = self.home_button()

    def button_for(self, position: int) -> widgets.Button:
        choice = button(str(position + 1), self.app.guard(lambda: self._go(position)), css="asn-nav-item")
        choice.add_class(f"asn-nav-{position + 1}")
        return choice

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
        self._overview()
        self.root.children = [self.head, self.hint, *buttons, self.navigation, self.notice_slot(),
                              *([self.confirm] if self.confirming else []), self.overview_head, self.overview,
                              self.home]

    def _overview(self) -> None:
        run, lang = self.run, self.lang
        self.overview_head.value = (f"<p><b>{esc(t('test.overview', lang))}</b> <span class='asn-muted'>"
                                    f"{esc(t('test.overview_legend', lang))}</span></p>")
        for answer, choice in zip(run.answers, self.numbers, strict=True):
            answered, current = answer.chosen is not None, answer.position == self.position
            choice.description = f"{answer.position + 1}{' ✓' if answered else ''}"
            state = t("test.item_answered" if answered else "test.item_unanswered", lang)
            choice.tooltip = t("test.item_state", lang, n=answer.position + 1, state=state) + \
                (f" ({t('test.item_current', lang)})" if current else "")
            for css, on in (("asn-nav-answered", answered), ("asn-nav-current", current)):
                (choice.add_class if on else choice.remove_class)(css)

    def _go(self, position: int) -> None:
        if not 0 <= position < self.run.total:
            raise InvalidInput("quiz.bad_position", position=position + 1)
        self.state.position, self.confirming = position, False
        self.render()

    def _choose(self, index: int) -> None:
        options = self.run.item(self.position).options
        if not 0 <= index < len(options):
            raise InvalidInput("quiz.choose_first")
        self.save_answer([options[index][0]])

    def _submit(self) -> None:
        missing = self.run.unanswered
        if not missing:
            self.finish_run()
            return
        self.confirming = True  # pressing Submit twice still shows one question
        self.render()
        self.warn("test.unanswered", count=missing)

    def _keep_answering(self) -> None:
        self._go(next((a.position for a in self.run.answers if a.chosen is None), self.position))

