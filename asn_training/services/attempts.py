"""Attempts as the participant's app drives them: start or resume, show, answer, feedback, finish, review.

Everything returned is plain data; the widgets only display it. An :class:`ItemView` holds what the browser may see
before an answer (no correctness, no feedback); a :class:`Feedback` is made only once the answer is stored.

Two tabs (or two phones) may drive the same attempt. Every write locks the attempt's row and changes only what is
still open, so the database stays right; and a page whose view went stale is told so (:class:`StaleAttempt`)
instead of showing the other tab's answer as its own.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import select, update

from .. import config
from ..core import progress, scoring
from ..core.models import Catalog, Module, Scenario
from ..core.progress import resumable
from ..errors import InvalidInput, NotFound
from ..i18n import pick
from ..store import Answer, Attempt, LiveSession, Participant, SessionMember, Store, now

QUIZ, PRE, POST = "quiz", "pre", "post"
KINDS = (QUIZ, PRE, POST)


class StaleAttempt(InvalidInput):
    """The attempt changed in another tab since this page was drawn; the page is redrawn from the database."""


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


def _load(session, attempt_id: int, *, lock: bool = False) -> tuple[Attempt, list[Answer]]:
    query = select(Attempt).where(Attempt.id == attempt_id)
    attempt = session.scalars(query.with_for_update() if lock else query).one_or_none()
    if attempt is None:
        raise NotFound("store.no_attempt", id=attempt_id)
    answers = list(session.scalars(select(Answer).where(Answer.attempt_id == attempt_id).order_by(Answer.position)))
    return attempt, answers


class QuizRun:
    """One attempt of one participant at one module, as this page last saw it."""

    def __init__(self, store: Store, catalog: Catalog, attempt: Attempt, answers: list[Answer], lang: str):
        self.store, self.catalog, self.lang = store, catalog, lang
        self.attempt = attempt
        self.answers = answers
        module = catalog.find(attempt.module_id)
        if module is None:
            raise NotFound("quiz.module_gone", module=attempt.module_id)
        self.module: Module = module

    @classmethod
    def start(cls, store: Store, catalog: Catalog, participant_id: int, module_id: str, *, kind: str = QUIZ,
              lang: str = "id", seed: int | None = None, role: str | None = None,
              session_id: int | None = None, reuse_open: bool = False) -> QuizRun:
        """A new attempt with freshly drawn scenarios: those the participant has not seen in an earlier attempt of
        this module first, while the bank has them. With ``reuse_open``, an open attempt that can be resumed is
        returned instead, decided under a lock on the participant's row: a double tap or two tabs never open two."""
        module = catalog.module(module_id)
        seed = secrets.randbits(31) if seed is None else seed
        form = kind if module.kind == "test" else None
        with store.transaction() as s:
            if reuse_open:
                s.execute(select(Participant.id).where(Participant.id == participant_id).with_for_update())
                open_ = [a for a in s.scalars(select(Attempt).where(
                    Attempt.participant_id == participant_id, Attempt.module_id == module.id, Attempt.kind == kind,
                    Attempt.status == "open").order_by(Attempt.id)) if resumable(a, catalog)]
                if open_:
                    return cls(store, catalog, *_load(s, open_[-1].id), lang)
            seen = s.scalars(select(Answer.scenario_id).join(Attempt, Attempt.id == Answer.attempt_id).where(
                Attempt.participant_id == participant_id, Attempt.module_id == module.id))
            items = scoring.draw(module, seed, role=role, form=form, seen=list(seen))
            attempt = Attempt(participant_id=participant_id, module_id=module.id, bank_version=module.version,
                              seed=seed, kind=kind, lang=lang, session_id=session_id, count=len(items))
            s.add(attempt)
            s.flush()
            answers = [Answer(attempt_id=attempt.id, position=i, scenario_id=item.scenario_id,
                              option_order=",".join(item.option_order)) for i, item in enumerate(items)]
            s.add_all(answers)
        return cls(store, catalog, attempt, answers, lang)

    @classmethod
    def load(cls, store: Store, catalog: Catalog, attempt_id: int, lang: str = "id") -> QuizRun:
        with store.reading() as s:
            attempt, answers = _load(s, attempt_id)
        return cls(store, catalog, attempt, answers, lang)

    @classmethod
    def resume(cls, store: Store, catalog: Catalog, participant_id: int, module_id: str, *, kind: str = QUIZ,
               lang: str = "id") -> QuizRun | None:
        """The participant's unfinished attempt at this module, if it can still be resumed; refused while a trainer
        leads the participant's room through the module (a tab opened before the session started included)."""
        if _led_now(store, participant_id, module_id, kind):
            raise InvalidInput("quiz.led_now")
        query = select(Attempt).where(Attempt.participant_id == participant_id, Attempt.module_id == module_id,
                                      Attempt.kind == kind, Attempt.status == "open").order_by(Attempt.id)
        with store.reading() as s:
            open_attempts = [a for a in s.scalars(query) if resumable(a, catalog)]
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

    @property
    def exam(self) -> bool:
        """Pre- and post-tests are exams: answers may change and nothing is revealed until submission."""
        return self.attempt.kind in (PRE, POST)

    def _scenario(self, position: int) -> Scenario:
        if not 0 <= position < self.total:
            raise InvalidInput("quiz.bad_position", position=position)
        try:
            return self.module.scenario(self.answers[position].scenario_id)
        except KeyError:  # the bank changed since this attempt was drawn
            raise NotFound("quiz.module_gone", module=self.module.id) from None

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
        """Feedback for an answered item; ``None`` while it is unanswered (and in an exam, until it is finished)."""
        answer = self.answers[position]
        if answer.chosen is None or answer.points is None or (self.exam and not self.finished):
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

    def chosen(self, position: int) -> tuple[str, ...]:
        answer = self.answers[position]
        return tuple(answer.chosen.split(",")) if answer.chosen else ()

    @property
    def unanswered(self) -> int:
        return sum(1 for a in self.answers if a.chosen is None)

    def result(self) -> scoring.Result:
        return scoring.result(self.module, [(self._scenario(a.position), a.points) for a in self.answers])

    # Writing ------------------------------------------------------------------------------------------

    def answer(self, position: int, chosen: list[str] | tuple[str, ...]) -> Feedback | None:
        """Grade and store the answer, then return its feedback; in an exam, ``None`` until finished.

        In a quiz the first answer counts. If another tab answered this item differently, or finished the attempt,
        this page is brought up to date and :class:`StaleAttempt` says what happened."""
        scenario = self._scenario(position)
        choice = scoring.check_choice(scenario, chosen)
        points = scoring.grade(scenario, choice)
        previous_finished, known = self.finished, self.answers[position].chosen
        with self.store.transaction() as s:
            attempt, answers = _load(s, self.attempt.id, lock=True)  # the row lock orders this tab and the others
            if attempt.status == "open":
                condition = [Answer.attempt_id == attempt.id, Answer.position == position]
                if not self.exam:
                    condition.append(Answer.chosen.is_(None))
                # An ORM-enabled update: the answers loaded above see the new values, no second read needed.
                s.execute(update(Answer).where(*condition).values(chosen=",".join(choice), points=points,
                                                                   answered_at=now()))
        self.attempt, self.answers = attempt, answers  # what the database holds now, this tab's answer or not
        if self.finished and not previous_finished:
            raise StaleAttempt("quiz.finished_elsewhere")
        stored = self.answers[position].chosen
        if known is None and stored is not None and stored != ",".join(choice):
            raise StaleAttempt("quiz.answered_elsewhere")
        return self.feedback(position)

    def finish(self) -> scoring.Result:
        """Finish the attempt; its score is computed here, in the same transaction, from the stored answers.

        If another tab finished it first, this page is brought up to date and :class:`StaleAttempt` says so."""
        with self.store.transaction() as s:
            attempt, self.answers = _load(s, self.attempt.id, lock=True)
            result = self.result()
            elsewhere = attempt.status != "open" and not self.finished
            if attempt.status == "open":
                s.execute(update(Attempt).where(Attempt.id == attempt.id, Attempt.status == "open").values(
                    status="finished", finished_at=now(), points=result.points, percent=result.percent,
                    passed=result.passed))
        self.attempt = attempt
        if elsewhere:
            raise StaleAttempt("quiz.finished_elsewhere")
        return result


def _led_now(store: Store, participant_id: int, module_id: str, kind: str) -> bool:
    """A trainer is leading the participant's room through this module (or this form of the test) right now: its
    own quiz would show the answers before the trainer reveals them to the room."""
    with store.reading() as s:
        found = s.scalar(select(LiveSession.id)
                         .join(SessionMember, SessionMember.session_id == LiveSession.id)
                         .where(SessionMember.participant_id == participant_id, LiveSession.status == "open",
                                LiveSession.mode == "dipandu", LiveSession.module_id == module_id,
                                LiveSession.kind == kind)
                         .limit(1))
    return found is not None


def start_or_resume(store: Store, catalog: Catalog, participant, module_id: str, *, kind: str = QUIZ,
                    lang: str = "id", session_id: int | None = None) -> QuizRun:
    """The participant's open attempt at this module (or test kind), or a new one (a retake after a finished one).

    A new attempt follows the programme's order (:func:`asn_training.core.progress.order`): a step still locked is
    refused with the reason. An attempt already open is resumed whatever the order says."""
    module = catalog.find(module_id)
    if module is None or kind not in KINDS or (kind == QUIZ) != (module.kind == "module"):
        raise InvalidInput("quiz.unknown_module", module=module_id)
    run = QuizRun.resume(store, catalog, participant.id, module_id, kind=kind, lang=lang)
    if run is not None:
        return run
    locked = progress.lock(catalog, store.list_attempts(participant.id), module_id, kind,
                           ordered=config.programme_in_order())
    if locked is not None:
        raise InvalidInput(locked.key, **locked.params)
    return QuizRun.start(store, catalog, participant.id, module_id, kind=kind, lang=lang, role=participant.id_kind,
                         session_id=session_id, reuse_open=True)

