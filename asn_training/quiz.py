"""A quiz attempt as the participant's app drives it: draw, show, answer, feedback, finish, review.

Everything here is plain data; the widgets in ``asn_training.ui`` only display it. An :class:`ItemView` holds
what the browser may see before an answer (no correctness, no feedback); a :class:`Feedback` is made only once
the answer is stored.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from . import scoring
from .bank import Catalog, Module, Scenario
from .errors import InvalidInput
from .i18n import pick
from .store import Answer, Attempt, Store


@dataclass(frozen=True)
class ItemView:
    position: int
    total: int
    scenario_id: str
    topic: str
    situation: str
    question: str
    options: tuple[tuple[str, str], ...]  # (option id, text) in the order shown
    multi: bool


@dataclass(frozen=True)
class OptionFeedback:
    option_id: str
    text: str
    feedback: str
    chosen: bool
    best: bool


@dataclass(frozen=True)
class Feedback:
    points: float
    options: tuple[OptionFeedback, ...]
    explanation: str
    references: tuple[str, ...]

    @property
    def correct(self) -> bool:
        return self.points >= 1.0


class QuizRun:
    """One attempt of one participant at one module."""

    def __init__(self, store: Store, catalog: Catalog, attempt: Attempt, answers: list[Answer], lang: str):
        self.store, self.catalog, self.lang = store, catalog, lang
        self.attempt = attempt
        self.answers = answers
        self.module: Module = catalog.module(attempt.module_id)

    @classmethod
    def start(cls, store: Store, catalog: Catalog, participant_id: int, module_id: str, *, kind: str = "quiz",
              lang: str = "id", seed: int | None = None, role: str | None = None,
              session_id: int | None = None) -> QuizRun:
        module = catalog.module(module_id)
        seed = secrets.randbits(31) if seed is None else seed
        form = kind if module.kind == "test" else None
        items = [(i.scenario_id, i.option_order) for i in scoring.draw(module, seed, role=role, form=form)]
        attempt = store.add_attempt(participant_id, module.id, module.version, seed, items, kind=kind, lang=lang,
                                    session_id=session_id)
        return cls.load(store, catalog, attempt.id, lang)

    @classmethod
    def load(cls, store: Store, catalog: Catalog, attempt_id: int, lang: str = "id") -> QuizRun:
        attempt, answers = store.get_attempt(attempt_id)
        return cls(store, catalog, attempt, answers, lang)

    @classmethod
    def resume(cls, store: Store, catalog: Catalog, participant_id: int, module_id: str, *, kind: str = "quiz",
               lang: str = "id") -> QuizRun | None:
        """The participant's unfinished attempt at this module, if the bank has not changed since."""
        module = catalog.module(module_id)
        open_attempts = [a for a in store.list_attempts(participant_id, module_id, status="open")
                         if a.kind == kind and a.bank_version == module.version]
        return cls.load(store, catalog, open_attempts[-1].id, lang) if open_attempts else None

    # Reading ------------------------------------------------------------------------------------------

    @property
    def total(self) -> int:
        return len(self.answers)

    @property
    def next_position(self) -> int | None:
        """The first unanswered item, or ``None`` when all are answered."""
        return next((a.position for a in self.answers if a.chosen is None), None)

    @property
    def finished(self) -> bool:
        return self.attempt.status == "finished"

    def _scenario(self, position: int) -> Scenario:
        if not 0 <= position < self.total:
            raise InvalidInput("quiz.bad_position", position=position)
        return self.module.scenario(self.answers[position].scenario_id)

    def item(self, position: int) -> ItemView:
        scenario = self._scenario(position)
        order = self.answers[position].option_order.split(",")
        topic = next(t for t in self.module.topics if t.id == scenario.topic)
        return ItemView(
            position=position, total=self.total, scenario_id=scenario.id, topic=pick(topic.title, self.lang),
            situation=pick(scenario.situation, self.lang), question=pick(scenario.question, self.lang),
            options=tuple((oid, pick(scenario.option(oid).text, self.lang)) for oid in order),
            multi=scenario.scoring == "multi",
        )

    def feedback(self, position: int) -> Feedback | None:
        """Feedback for an answered item; ``None`` while it is unanswered."""
        answer = self.answers[position]
        if answer.chosen is None or (self.exam and not self.finished):
            return None
        scenario = self._scenario(position)
        chosen = set(answer.chosen.split(","))
        best = set(scoring.best_options(scenario))
        refs = self.catalog.references
        return Feedback(
            points=answer.points,
            options=tuple(OptionFeedback(oid, pick(scenario.option(oid).text, self.lang),
                                         pick(scenario.option(oid).feedback, self.lang), oid in chosen, oid in best)
                          for oid in answer.option_order.split(",")),
            explanation=pick(scenario.explanation, self.lang),
            references=tuple(refs[r].label(self.lang) for r in scenario.references if r in refs),
        )

    # Writing ------------------------------------------------------------------------------------------

    @property
    def exam(self) -> bool:
        """Pre- and post-tests are exams: answers may change and nothing is revealed until submission."""
        return self.attempt.kind in ("pre", "post")

    def answer(self, position: int, chosen: list[str] | tuple[str, ...]) -> Feedback | None:
        """Grade and store the answer, then return its feedback; in an exam, ``None`` until finished."""
        scenario = self._scenario(position)
        chosen = scoring.check_choice(scenario, chosen)
        if self.answers[position].chosen is None or self.exam:
            self.store.record_answer(self.attempt.id, position, chosen, scoring.grade(scenario, chosen),
                                     replace=self.exam)
            self.attempt, self.answers = self.store.get_attempt(self.attempt.id)
        return self.feedback(position)

    def chosen(self, position: int) -> tuple[str, ...]:
        answer = self.answers[position]
        return tuple(answer.chosen.split(",")) if answer.chosen else ()

    @property
    def unanswered(self) -> int:
        return sum(1 for a in self.answers if a.chosen is None)

    def result(self) -> scoring.Result:
        return scoring.result(self.module, [(self._scenario(a.position), a.points) for a in self.answers])

    def finish(self) -> scoring.Result:
        result = self.result()
        self.attempt = self.store.finish_attempt(self.attempt.id, result.points, result.percent, result.passed)
        return result
