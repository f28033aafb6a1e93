"""The participant's app: identify, choose a module, take its quiz one scenario at a time with feedback, see the
score and a review. State lives in the store after every step; the page only displays it."""

from __future__ import annotations

import os
from urllib.parse import parse_qs

import ipywidgets as widgets

from ..bank import Catalog, load_catalog
from ..errors import AsnTrainingError, InvalidInput
from ..i18n import LANGUAGES, normalise, pick, t
from ..identity import KINDS, format_nip, normalise_id
from ..quiz import Feedback, QuizRun
from ..scoring import best_percent
from ..store import Participant, Store, open_store
from .common import STYLE, Guarded, button, esc, log, paragraphs


class ParticipantApp(Guarded):
    """Build with :meth:`from_environment` in a Voila notebook; show with :meth:`widget`."""

    def __init__(self, store: Store | None, catalog: Catalog | None, *, lang: str = "id",
                 startup_error: AsnTrainingError | None = None) -> None:
        self.store, self.catalog, self.lang = store, catalog, normalise(lang)
        self.participant: Participant | None = None
        self.run: QuizRun | None = None
        self.notice = widgets.HTML()
        self.body = widgets.VBox()
        self.language = widgets.ToggleButtons(options=[(code.upper(), code) for code in LANGUAGES],
                                              value=self.lang, layout=widgets.Layout(width="auto"))
        self.language.style.button_width = "48px"
        self.language.observe(self.guard(self._switch_language), names="value")
        self.title = widgets.HTML()
        header = widgets.HBox([self.title, self.language],
                              layout=widgets.Layout(justify_content="space-between", align_items="center",
                                                    flex_flow="row wrap"))
        self.root = widgets.VBox([widgets.HTML(STYLE), header, self.notice, self.body])
        self.root.add_class("asn-app")
        self._render = self.show_identify
        if startup_error is not None:
            self._render = lambda: self._show_startup_error(startup_error)
        self.refresh()

    @classmethod
    def from_environment(cls) -> ParticipantApp:
        """Open the configured store and banks; read ``?lang=`` from the page's query string."""
        query = parse_qs(os.environ.get("QUERY_STRING", ""))
        lang = normalise((query.get("lang") or [None])[0])
        try:
            return cls(open_store(), load_catalog(), lang=lang)
        except AsnTrainingError as exc:
            if os.environ.get("ASN_TRAINING_STRICT"):  # tests: fail loudly instead of showing the notice
                raise
            log.error("startup failed: %s", exc.message("en"))
            return cls(None, None, lang=lang, startup_error=exc)

    def widget(self) -> widgets.Widget:
        return self.root

    # Frame --------------------------------------------------------------------------------------------

    def refresh(self) -> None:
        self.title.value = f"<h1>{esc(t('app.title', self.lang))}</h1>"
        self._render()

    def _switch_language(self, change) -> None:
        self.lang = normalise(change["new"])
        if self.run is not None:
            self.run.lang = self.lang
        self.refresh()

    def _page(self, render) -> None:
        self._render = render
        self.notice.value = ""
        render()

    def _show_startup_error(self, error: AsnTrainingError) -> None:
        self.body.children = [widgets.HTML(f"<p class='asn-notice' role='alert'>{esc(t('app.unavailable', self.lang))}"
                                           f"</p><p class='asn-muted'>{esc(error.message(self.lang))}</p>")]

    # Identify -----------------------------------------------------------------------------------------

    def show_identify(self) -> None:
        lang = self.lang
        kind = widgets.Dropdown(options=[(t(f"kind.{k}", lang), k) for k in KINDS], value="pns",
                                description=t("identify.kind", lang), style={"description_width": "initial"})
        nip = widgets.Text(placeholder="19860926 201505 1 001", description=t("identify.nip", lang),
                           style={"description_width": "initial"}, layout=widgets.Layout(width="100%"))
        name = widgets.Text(description=t("identify.name", lang), style={"description_width": "initial"},
                            layout=widgets.Layout(width="100%"))
        unit = widgets.Text(description=t("identify.unit", lang), style={"description_width": "initial"},
                            layout=widgets.Layout(width="100%"))
        for field, css in ((kind, "asn-kind"), (nip, "asn-nip"), (name, "asn-name"), (unit, "asn-unit")):
            field.add_class(css)
        submit = button(t("identify.submit", lang), self.guard(lambda: self._identify(kind.value, nip.value,
                                                                                      name.value, unit.value)),
                        primary=True, css="asn-identify")
        self.body.children = [widgets.HTML(paragraphs(t("identify.intro", lang))), kind, nip, name, unit, submit]

    def _identify(self, kind: str, nip: str, name: str, unit: str) -> None:
        if kind not in KINDS:
            raise InvalidInput("nip.kind", kind=kind, kinds=", ".join(KINDS))
        number = normalise_id(nip, kind)
        participant = self.store.get_participant(number)
        if participant is None:
            name, unit = " ".join(str(name).split())[:200], " ".join(str(unit).split())[:200]
            if not name:
                raise InvalidInput("identify.need_name")
            if not unit:
                raise InvalidInput("identify.need_unit")
            participant = self.store.add_participant(number, kind, name, unit, lang=self.lang)
        self.participant = participant
        self._page(self.show_modules)

    # Modules ------------------------------------------------------------------------------------------

    def show_modules(self) -> None:
        lang, participant = self.lang, self.participant
        attempts = self.store.list_attempts(participant.id, status="finished")
        rows = [widgets.HTML(f"<p>{esc(t('modules.hello', lang, name=participant.name))} "
                             f"<span class='asn-muted'>({esc(format_nip(participant.nip))}, "
                             f"{esc(participant.unit)})</span></p><h2>{esc(t('modules.heading', lang))}</h2>")]
        for module in self.catalog.modules:
            best = best_percent(a.percent for a in attempts if a.module_id == module.id)
            status = t("modules.not_started", lang) if best is None else t(
                "modules.passed" if best >= module.pass_mark else "modules.best", lang, percent=f"{best:g}")
            card = widgets.VBox([
                widgets.HTML(f"<h2>{esc(pick(module.title, lang))}</h2><p>{esc(pick(module.summary, lang))}</p>"
                             f"<p class='asn-muted'>{esc(status)}</p>"),
                button(t("modules.start", lang), self.guard(lambda m=module.id: self._start(m)), primary=True,
                       css="asn-start"),
            ])
            card.add_class("asn-card")
            rows.append(card)
        self.body.children = rows

    def _start(self, module_id: str) -> None:
        self.run = QuizRun.resume(self.store, self.catalog, self.participant.id, module_id, lang=self.lang) or \
            QuizRun.start(self.store, self.catalog, self.participant.id, module_id, lang=self.lang,
                          role=self.participant.id_kind)
        self._page(self.show_item)

    # Quiz ---------------------------------------------------------------------------------------------

    def show_item(self) -> None:
        position = self.run.next_position
        if position is None:
            self._finish()
            return
        self._show_position(position)

    def _show_position(self, position: int) -> None:
        run, lang = self.run, self.lang
        item = run.item(position)
        head = widgets.HTML(
            f"<p class='asn-muted'>{esc(t('quiz.progress', lang, n=position + 1, total=item.total))} · "
            f"{esc(item.topic)}</p>{paragraphs(item.situation)}<p><b>{esc(item.question)}</b></p>")
        feedback = run.feedback(position)
        if feedback is not None:
            self.body.children = [head, self._feedback_view(feedback), self._next_button(position)]
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
                                  *boxes, submit]
        else:
            options = [button(f"{chr(65 + i)}. {text}", self.guard(lambda o=oid: self._answer(position, [o])),
                              css="asn-option", width="100%") for i, (oid, text) in enumerate(item.options)]
            self.body.children = [head, *options]

    def _answer(self, position: int, chosen: list[str]) -> None:
        if not chosen:
            raise InvalidInput("quiz.choose_first")
        self.run.answer(position, chosen)
        self._show_position(position)

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
        return widgets.HTML(
            f"<div class='asn-card asn-feedback'><p class='{css}' role='status'>{esc(verdict)}</p><ul>{''.join(items)}"
            f"</ul><p><b>{esc(t('quiz.explanation', lang))}</b></p>{paragraphs(feedback.explanation)}"
            f"<p><b>{esc(t('quiz.legal_basis', lang))}</b></p><ul>{refs}</ul></div>")

    def _next_button(self, position: int) -> widgets.Button:
        last = position + 1 >= self.run.total
        label = t("quiz.see_result" if last else "quiz.next", self.lang)
        return button(label, self.guard(lambda: self._page(self.show_item)), primary=True, css="asn-next")

    # Result -------------------------------------------------------------------------------------------

    def _finish(self) -> None:
        self.run.finish()
        self._page(self.show_result)

    def show_result(self) -> None:
        run, lang = self.run, self.lang
        result = run.result()
        module = run.module
        verdict = t("result.passed" if result.passed else "result.failed", lang)
        topics = "".join(
            f"<tr><td>{esc(pick(topic.title, lang))}</td><td>{score.percent:g}%</td></tr>"
            for topic in module.topics if (score := result.by_topic.get(topic.id)))
        review = []
        for answer in run.answers:
            item, feedback = run.item(answer.position), run.feedback(answer.position)
            chosen = ", ".join(o.text for o in feedback.options if o.chosen) if feedback else "-"
            best = ", ".join(o.text for o in feedback.options if o.best) if feedback else "-"
            mark = "✔" if feedback and feedback.correct else "✘"
            review.append(f"<li><p>{mark} {esc(item.situation)}</p><p class='asn-muted'>"
                          f"{esc(t('result.your_answer', lang))}: {esc(chosen)}<br>"
                          f"{esc(t('result.best_answer', lang))}: {esc(best)}</p></li>")
        summary = widgets.HTML(
            f"<h2>{esc(pick(module.title, lang))}</h2><div class='asn-card asn-score'>"
            f"<p class='{'asn-good' if result.passed else 'asn-bad'}'>{esc(verdict)}</p>"
            f"<p>{esc(t('result.score', lang, percent=f'{result.percent:g}', pass_mark=f'{module.pass_mark:g}'))}</p>"
            f"</div><h2>{esc(t('result.by_topic', lang))}</h2><table>{topics}</table>"
            f"<h2>{esc(t('result.review', lang))}</h2><ol>{''.join(review)}</ol>")
        summary.add_class("asn-result")
        retake = button(t("result.retake", lang), self.guard(lambda: self._retake(module.id)), css="asn-retake")
        back = button(t("result.back", lang), self.guard(lambda: self._page(self.show_modules)), primary=True,
                      css="asn-back")
        self.body.children = [summary, widgets.HBox([back, retake], layout=widgets.Layout(flex_flow="row wrap"))]

    def _retake(self, module_id: str) -> None:
        self.run = QuizRun.start(self.store, self.catalog, self.participant.id, module_id, lang=self.lang,
                                 role=self.participant.id_kind)
        self._page(self.show_item)
