"""Quiz and exam pages of the participant's app.

A module quiz shows one scenario at a time and its feedback right after the answer. The pre- and post-test are
exams: answers can be changed, nothing is revealed until the whole test is submitted, and unanswered items are
warned about before submission.
"""

from __future__ import annotations

import ipywidgets as widgets

from ...core.scoring import best_options
from ...errors import InvalidInput
from ...i18n import pick, t
from ...services.attempts import Feedback, start_or_resume
from ..kit.widgets import button, esc, paragraphs, row


class QuizPages:
    """Mixin for :class:`~asn_training.ui.participant.ParticipantApp`."""

    # Starting -----------------------------------------------------------------------------------------

    def start_quiz(self, module_id: str, new: bool = False) -> None:
        self.run = start_or_resume(self.store, self.catalog, self.participant, module_id, lang=self.lang,
                                   session_id=self.session and self.session.id, new=new)
        self._page(self.show_item)

    def start_test(self, kind: str) -> None:
        self.run = start_or_resume(self.store, self.catalog, self.participant, self.catalog.test.id, kind=kind,
                                   lang=self.lang, session_id=self.session and self.session.id)
        self._position = self.run.next_position or 0  # a resumed test opens at its first unanswered item
        self._page(self.show_item)

    def show_item(self) -> None:
        if self.run.finished:
            self.show_result()
        elif self.run.exam:
            self._show_exam_item(self._position)
        elif self.run.next_position is None:
            self._finish()
        else:
            self._show_quiz_item(self.run.next_position)

    def _item_head(self, position: int) -> widgets.HTML:
        item, lang = self.run.item(position), self.lang
        progress = t("quiz.progress", lang, n=position + 1, total=item.total)
        if self.run.exam:
            progress += " · " + t("test.answered", lang, count=item.total - self.run.unanswered)
        return widgets.HTML(f"<p class='asn-muted'>{esc(pick(self.run.module.title, lang))} · {esc(progress)} · "
                            f"{esc(item.topic)}</p>{paragraphs(item.situation)}<p><b>{esc(item.question)}</b></p>")

    # Quiz ---------------------------------------------------------------------------------------------

    def _show_quiz_item(self, position: int) -> None:
        run, lang = self.run, self.lang
        item, head = run.item(position), self._item_head(position)
        feedback = run.feedback(position)
        if feedback is not None:
            self.body.children = [head, self._feedback_view(feedback), row(self._next_button(position),
                                                                           self.home_button())]
            return
        if item.multi:
            boxes = [widgets.Checkbox(description=text, indent=False, layout=widgets.Layout(width="100%"))
                     for _oid, text in item.options]
            for box in boxes:
                box.add_class("asn-choice")
            submit = button(t("quiz.submit", lang), self.guard(lambda: self._answer(
                position, [oid for (oid, _), box in zip(item.options, boxes, strict=True) if box.value])),
                primary=True, css="asn-submit")
            self.body.children = [head, widgets.HTML(f"<p class='asn-muted'>{esc(t('quiz.multi_hint', lang))}</p>"),
                                  *boxes, submit, self.home_button()]
        else:
            options = [button(f"{chr(65 + i)}. {text}", self.guard(lambda o=oid: self._answer(position, [o])),
                              css="asn-option", width="100%") for i, (oid, text) in enumerate(item.options)]
            self.body.children = [head, *options, self.home_button()]

    def _answer(self, position: int, chosen: list[str]) -> None:
        if not chosen:
            raise InvalidInput("quiz.choose_first")
        self.run.answer(position, chosen)
        self._show_quiz_item(position)

    def _feedback_view(self, feedback: Feedback) -> widgets.HTML:
        lang = self.lang
        verdict = t("quiz.correct", lang) if feedback.correct else (
            t("quiz.partial", lang, percent=f"{100 * feedback.points:.0f}") if feedback.points > 0
            else t("quiz.wrong", lang))
        css = "asn-good" if feedback.correct else "asn-bad"
        items = []
        for option in feedback.options:
            marks = (" ✔ " + t("quiz.best", lang) if option.best else "") + \
                    (" ← " + t("quiz.your_choice", lang) if option.chosen else "")
            items.append(f"<li><b>{esc(option.text)}</b><span class='asn-muted'>{esc(marks)}</span><br>"
                         f"{esc(option.feedback)}</li>")
        refs = "".join(f"<li>{esc(r)}</li>" for r in feedback.references)
        view = widgets.HTML(
            f"<div class='asn-card'><p class='{css}' role='status'>{esc(verdict)}</p><ul>{''.join(items)}"
            f"</ul><p><b>{esc(t('quiz.explanation', lang))}</b></p>{paragraphs(feedback.explanation)}"
            f"<p><b>{esc(t('quiz.legal_basis', lang))}</b></p><ul>{refs}</ul></div>")
        view.add_class("asn-feedback")
        return view

    def _next_button(self, position: int) -> widgets.Button:
        last = position + 1 >= self.run.total
        label = t("quiz.see_result" if last else "quiz.next", self.lang)
        return button(label, self.guard(lambda: self._page(self.show_item)), primary=True, css="asn-next")

    # Exam ---------------------------------------------------------------------------------------------

    def _show_exam_item(self, position: int) -> None:
        run, lang = self.run, self.lang
        self._position = position
        item, chosen = run.item(position), set(run.chosen(position))
        options = []
        for i, (oid, text) in enumerate(item.options):
            selected = oid in chosen
            choice = button(f"{chr(65 + i)}. {text}", self.guard(lambda o=oid: self._choose(position, o)),
                            css="asn-option", width="100%")
            if selected:
                choice.add_class("asn-selected")
                choice.button_style = "info"
            options.append(choice)
        navigation = []
        if position > 0:
            navigation.append(button(t("test.previous", lang), self.guard(lambda: self._show_exam_item(position - 1)),
                                     css="asn-previous"))
        if position + 1 < run.total:
            navigation.append(button(t("test.next", lang), self.guard(lambda: self._show_exam_item(position + 1)),
                                     primary=True, css="asn-next"))
        navigation.append(button(t("test.submit", lang), self.guard(self._submit_exam),
                                 primary=position + 1 == run.total, css="asn-submit-test"))
        hint = widgets.HTML(f"<p class='asn-muted'>{esc(t('test.exam_hint', lang))}</p>")
        self.body.children = [self._item_head(position), hint, *options, row(*navigation), self.home_button()]

    def _choose(self, position: int, option_id: str) -> None:
        self.run.answer(position, [option_id])
        self._show_exam_item(position)

    def _submit_exam(self, confirmed: bool = False) -> None:
        missing = self.run.unanswered
        if missing and not confirmed:
            lang = self.lang
            warning = t("test.unanswered", lang, count=missing)
            self._show_exam_item(self._position)  # a fresh page: pressing Submit twice shows one question
            self.notice.value = f"<p class='asn-notice' role='alert'>{esc(warning)}</p>"
            confirm = button(t("test.submit_anyway", lang), self.guard(lambda: self._submit_exam(True)),
                             css="asn-submit-anyway")
            back = button(t("test.keep_answering", lang), self.guard(lambda: self._show_exam_item(
                next(a.position for a in self.run.answers if a.chosen is None))), primary=True, css="asn-keep")
            self.body.children = [*self.body.children, row(back, confirm)]
            return
        self._finish()

    # Result -------------------------------------------------------------------------------------------

    def _finish(self) -> None:
        self.run.finish()
        self._page(self.show_result)

    def show_result(self) -> None:
        run, lang = self.run, self.lang
        result, module = run.result(), run.module
        verdict = t("result.passed" if result.passed else "result.failed", lang)
        topics = "".join(
            f"<tr><td>{esc(pick(topic.title, lang))}</td><td>{score.percent:g}%</td></tr>"
            for topic in module.topics if (score := result.by_topic.get(topic.id)))
        review = []
        for answer in run.answers:
            item, feedback = run.item(answer.position), run.feedback(answer.position)
            chosen = ", ".join(o.text for o in feedback.options if o.chosen) if feedback else "-"
            best = ", ".join(o.text for o in feedback.options if o.best) if feedback else ", ".join(
                text for oid, text in item.options if oid in self._best(answer.position))
            mark = "✔" if feedback and feedback.correct else "✘"
            explanation = f"<br>{esc(feedback.explanation)}" if feedback else ""
            review.append(f"<li><p>{mark} {esc(item.situation)}</p><p class='asn-muted'>"
                          f"{esc(t('result.your_answer', lang))}: {esc(chosen)}<br>"
                          f"{esc(t('result.best_answer', lang))}: {esc(best)}{explanation}</p></li>")
        gain = ""
        if run.attempt.kind == "post":
            test = self.progress().test
            if test.gain is not None:
                text = t("test.gain_result", lang, pre=f"{test.pre:g}", post=f"{test.post:g}", gain=f"{test.gain:+g}")
                gain = f"<p>{esc(text)}</p>"
        title = pick(module.title, lang) + (f" · {t('test.' + run.attempt.kind, lang)}" if run.exam else "")
        summary = widgets.HTML(
            f"<h2>{esc(title)}</h2><div class='asn-card asn-score'>"
            f"<p class='{'asn-good' if result.passed else 'asn-bad'}'>{esc(verdict)}</p>"
            f"<p>{esc(t('result.score', lang, percent=f'{result.percent:g}', pass_mark=f'{module.pass_mark:g}'))}</p>"
            f"{gain}</div><h2>{esc(t('result.by_topic', lang))}</h2><table>{topics}</table>"
            f"<h2>{esc(t('result.review', lang))}</h2><ol>{''.join(review)}</ol>")
        summary.add_class("asn-result")
        actions = [self.home_button()]
        if not run.exam:
            actions.append(button(t("result.retake", lang), self.guard(lambda: self._retake(module.id)),
                                  css="asn-retake"))
        self.body.children = [summary, row(*actions)]

    def _best(self, position: int) -> tuple[str, ...]:
        return best_options(self.run.module.scenario(self.run.answers[position].scenario_id))

    def _retake(self, module_id: str) -> None:
        self.start_quiz(module_id, new=True)
