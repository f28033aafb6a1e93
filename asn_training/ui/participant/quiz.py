"""A module quiz: one scenario at a time, and its feedback right after the answer.

The page shows the item at ``state.position``; switching the language draws the same item (or its feedback) again.
When another tab answered or finished the attempt, the page says so and shows what the database holds.
"""

from __future__ import annotations

import ipywidgets as widgets

from ...errors import InvalidInput
from ...i18n import format_number, t
from ...services.attempts import Feedback
from ..kit.router import Redirect
from ..kit.widgets import esc, paragraphs, row
from .material import learning_module
from .page import OptionButtons, RunPage, item_head


class QuizPage(RunPage):
    def __init__(self, app, arg=None) -> None:
        super().__init__(app, arg)
        module = learning_module(app, arg)
        run = self.open_run(module.id, "quiz")
        if run is None:  # none open: the module's page, to start one there
            raise Redirect(f"modul/{module.id}")
        self.run = self.state.run = run
        self.state.position = run.next_position if run.next_position is not None else run.total - 1
        self.route = f"kuis/{module.id}"
        self.head = widgets.HTML()
        self.hint = self.own(widgets.HTML())
        self.options = OptionButtons(self, lambda i: self._answer([self._option(i)]))
        self.boxes: list[widgets.Checkbox] = []
        self.submit = self.own(self.button("quiz.submit", self._submit_boxes, primary=True, css="asn-submit"))
        self.feedback = self.own(widgets.HTML())
        self.feedback.add_class("asn-feedback")
        self.next = self.own(self.button("quiz.next", self._next, primary=True, css="asn-next"))
        self.home = self.own(self.home_button())
        self.after = self.own(row(self.next, self.home))
        self._drawn: int | None = None  # the item whose choices the page holds

    def update(self) -> None:
        run, lang, position = self.run, self.lang, self.position
        item = run.item(position)
        self.head.value = item_head(run, position, lang)
        feedback = run.feedback(position)
        fresh = self._drawn != position
        self._drawn = position
        if feedback is not None:
            self.feedback.value = feedback_html(feedback, lang)
            self.next.description = t("quiz.see_result" if position + 1 >= run.total else "quiz.next", lang)
            self.options.show([])
            self.root.children = [self.head, self.notice_slot(), self.feedback, self.after]
            return
        self.feedback.value = ""  # no answer, no feedback in the browser's widget state
        texts = [text for _oid, text in item.options]
        if item.multi:
            self.options.show([])
            self.hint.value = f"<p class='asn-muted'>{esc(t('quiz.multi_hint', lang))}</p>"
            boxes = self.checkboxes(len(texts))
            for box, text in zip(boxes, texts, strict=True):
                box.description = text
                if fresh:
                    box.value = False
            self.root.children = [self.head, self.hint, *boxes, self.notice_slot(), self.submit, self.home]
        else:
            self.root.children = [self.head, *self.options.show(texts), self.notice_slot(), self.home]


    def _option(self, index: int) -> str:
        options = self.run.item(self.position).options
        if not 0 <= index < len(options):
            raise InvalidInput("quiz.choose_first")
        return options[index][0]

    def _submit_boxes(self) -> None:
        options = self.run.item(self.position).options
        self._answer([oid for (oid, _text), box in zip(options, self.boxes, strict=False) if box.value])

    def _answer(self, chosen: list[str]) -> None:
        if not chosen:
            raise InvalidInput("quiz.choose_first")
        self.save_answer(chosen)

    def _next(self) -> None:
        following = self.run.next_position
        if following is None:
            self.finish_run()
            return
        self.state.position = following
        self.render()


def feedback_html(feedback: Feedback, lang: str) -> str:
    if feedback.correct:
        verdict = t("quiz.correct", lang)
    elif feedback.points > 0:
        verdict = t("quiz.partial", lang, percent=format_number(100 * feedback.points, lang))
    else:
        verdict = t("quiz.wrong", lang)
    items = []
    for option in feedback.options:
        marks = (" ✔ " + t("quiz.best", lang) if option.best else "") + \
                (" ← " + t("quiz.your_choice", lang) if option.chosen else "")
        items.append(f"<li><b>{esc(option.text)}</b><span class='asn-muted'>{esc(marks)}</span><br>"
                     f"{esc(option.feedback)}</li>")
    refs = "".join(f"<li>{esc(r)}</li>" for r in feedback.references)
    css = "asn-good" if feedback.correct else "asn-bad"
    return (f"<div class='asn-card'><p class='{css}' role='status'>{esc(verdict)}</p><ul>{''.join(items)}</ul>"
            f"<p><b>{esc(t('quiz.explanation', lang))}</b></p>{paragraphs(feedback.explanation)}"
            f"<p><b>{esc(t('quiz.legal_basis', lang))}</b></p><ul>{refs}</ul></div>")
