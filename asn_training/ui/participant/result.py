"""The result of a finished attempt: first the score against the pass mark, the verdict and the next action (a retake
after a failed quiz, the next module after a passed one, home); then the score per topic and a review of every
answer, one collapsed item each. Only the participant's own attempts: any other number in the address goes home."""

from __future__ import annotations

import ipywidgets as widgets

from ...core.progress import PASSED
from ...core.scoring import best_options
from ...errors import AsnTrainingError, InvalidInput
from ...i18n import format_percent, pick, t
from ...services.attempts import QuizRun
from ..kit.router import Redirect
from ..kit.widgets import esc, row
from .page import ParticipantPage


class ResultPage(ParticipantPage):
    def __init__(self, app, arg=None) -> None:
        super().__init__(app, arg)
        run = app.state.run
        if not (arg or "").isdigit():
            raise InvalidInput("route.not_yours")
        if run is None or run.attempt.id != int(arg):
            try:
                run = QuizRun.load(app.store, app.catalog, int(arg), self.lang)
            except AsnTrainingError:  # no such attempt, or its module is gone
                raise InvalidInput("route.not_yours") from None
        if run.attempt.participant_id != self.state.participant.id:
            raise InvalidInput("route.not_yours")
        if not run.finished:  # still open: back to answering it
            raise Redirect(f"tes/{run.attempt.kind}" if run.exam else f"kuis/{run.module.id}")
        self.run = self.state.run = run
        self.route = f"hasil/{run.attempt.id}"
        self.summary, self.details = widgets.HTML(), widgets.HTML()
        self.summary.add_class("asn-result")
        self.details.add_class("asn-review")
        passed = run.result().passed
        actions = []
        if not run.exam:
            actions.append(self.button("result.retake", lambda: app.start_quiz(run.module.id),
                                       primary=not passed, css="asn-retake"))
        # Read once for the page: the next module after a pass, the gain after a post-test.
        state = app.progress() if (passed and not run.exam) or run.attempt.kind == "post" else None
        self.test = state.test if state is not None and run.attempt.kind == "post" else None
        following = next((m.module_id for m in state.modules if m.status != PASSED and m.module_id != run.module.id),
                         None) if state is not None and not run.exam else None
        if following is not None:
            actions.append(self.button("result.next_module", lambda: app.navigate(f"modul/{following}"),
                                       primary=True, css="asn-next-module"))
        actions.append(self.home_button())
        self.root.children = [self.summary, row(*actions), self.notice_slot(), self.details]

    def update(self) -> None:
        run, lang = self.run, self.lang
        result, module = run.result(), run.module
        topics = "".join(
            f"<tr><td>{esc(pick(topic.title, lang))}</td><td>{esc(format_percent(score.percent, lang))}</td></tr>"
            for topic in module.topics if (score := result.by_topic.get(topic.id)))
        review = []
        for answer in run.answers:
            item, feedback = run.item(answer.position), run.feedback(answer.position)
            chosen = ", ".join(o.text for o in feedback.options if o.chosen) if feedback else "-"
            best = set(best_options(module.scenario(answer.scenario_id)))
            best_text = ", ".join(text for oid, text in item.options if oid in best)
            correct = bool(feedback and feedback.correct)
            mark = f"{'✔' if correct else '✘'} {t('result.item_right' if correct else 'result.item_wrong', lang)}"
            explanation = f"<br>{esc(feedback.explanation)}" if feedback else ""
            heading = t("result.item", lang, n=answer.position + 1, topic=item.topic)
            css = "asn-good" if correct else "asn-bad"
            review.append(f"<details class='asn-review-item'><summary><span class='{css}'>{esc(mark)}</span> "
                          f"<span>{esc(heading)}</span></summary><p>{esc(item.situation)}</p>"
                          f"<p class='asn-muted'>{esc(t('result.your_answer', lang))}: {esc(chosen)}<br>"
                          f"{esc(t('result.best_answer', lang))}: {esc(best_text)}{explanation}</p></details>")
        gain = ""
        test = self.test
        if test is not None and test.gain is not None:
            text = t("test.gain_result", lang, pre=self.number(test.pre), post=self.number(test.post),
                     gain=self.number(test.gain, signed=True))
            gain = f"<p>{esc(text)}</p>"
        title = pick(module.title, lang) + (f" · {t('test.' + run.attempt.kind, lang)}" if run.exam else "")
        verdict = t("result.passed" if result.passed else "result.failed", lang)
        score = t("result.score", lang, percent=self.number(result.percent), pass_mark=self.number(module.pass_mark))
        self.summary.value = (
            f"<h2>{esc(title)}</h2><div class='asn-card asn-score'>"
            f"<p class='{'asn-good' if result.passed else 'asn-bad'}'>{esc(verdict)}</p><p>{esc(score)}</p>"
            f"{gain}</div>")
        self.details.value = (f"<h2>{esc(t('result.by_topic', lang))}</h2><table>{topics}</table>"
                              f"<h2>{esc(t('result.review', lang))}</h2>"
                              f"<p class='asn-muted'>{esc(t('result.review_hint', lang))}</p>{''.join(review)}")
