"""Trainers' live sessions: create one, move the room through it, take the room's answers, sum it up.

The whole state of a session is its row (:class:`SessionState` is one read of it), so the trainer's kernel and every
participant's kernel meet in the database. Every trainer action is one transaction that locks the row, checks the
revision the trainer's page last saw, changes the row and bumps its revision, with its audit entry: two trainer tabs
cannot overwrite each other (the second is told with :class:`StaleSession`, which carries the fresh state).
Participants' kernels watch the session's beacon file four times a second (a trainer's move on this machine replaces
it) and poll :func:`revision` (one primary-key read) every few seconds for moves made elsewhere; they read the rest
only when it changed.

How a session went (summary, the room's progress, exports) is :mod:`asn_training.services.session_results`.

A led session's answers are stored as one attempt per participant (kind ``sesi``, status ``live`` until the session
closes) with one answer row per scenario of the session, options in the bank's order (the rows of scenarios the room
was never shown are dropped at the close): the bars are one ``GROUP BY`` over the answer rows.

Nothing here imports pandas, so a participant's kernel stays light.
"""

from __future__ import annotations

import hashlib
import os
import random
import secrets
import time
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import cast

from sqlalchemy import CursorResult, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .. import config
from ..core import live as rules
from ..core import scoring
from ..core.codes import normalise_session_code
from ..core.live import (
    ATTEMPT_FINISHED,
    ATTEMPT_KIND,
    ATTEMPT_LIVE,
    PHASES,
    REVEALED,
    ParticipantResult,
    ScenarioRate,
    SessionState,
)
from ..core.models import Catalog, Scenario
from ..errors import InvalidInput, NotFound
from ..i18n import pick
from ..store import Answer, Attempt, AuditEntry, LiveSession, Participant, SessionMember, StaffAccount, Store, now
from . import staff
from .attempts import Feedback, ItemView, OptionFeedback

__all__ = ["PHASES", "ParticipantResult", "ScenarioRate", "SessionState", "StaleSession", "advance", "answer",
           "by_code", "close", "counts", "create_session", "distribution", "feedback", "get", "is_open", "item",
           "list_sessions", "my_answer", "reveal", "revision"]

CODE_TRIES = 20


class StaleSession(InvalidInput):
    """Another trainer tab moved the session first; ``state`` is the session as it is now."""

    def __init__(self, state: SessionState) -> None:
        self.state = state
        super().__init__("live.stale", code=state.code)


def state_of(row: LiveSession) -> SessionState:
    return SessionState(
        id=row.id, code=row.code, title=row.title, mode=row.mode, status=row.status, module_id=row.module_id,
        kind=row.kind, scenario_ids=rules.split_ids(row.scenario_ids), position=row.current_position,
        revealed=bool(row.revealed), revision=row.revision, seconds=row.seconds_per_scenario,
        started_at=row.position_started_at, held_on=row.held_on, place=row.place, unit=row.unit,
        expected=row.expected, created_by=row.created_by)


def session_row(s: Session, session_id: int, *, lock: str | None = None) -> LiveSession:
    query = select(LiveSession).where(LiveSession.id == session_id)
    if lock is not None:  # PostgreSQL: a row lock (SQLite's writes are serialised whole)
        query = query.with_for_update(read=lock == "share")
    row = s.scalars(query).one_or_none()
    if row is None:
        raise NotFound("live.no_session", id=session_id)
    return row


def get(store: Store, session_id: int) -> SessionState:
    with store.reading() as s:
        return state_of(session_row(s, session_id))


def by_code(store: Store, code: str) -> SessionState:
    """The session with this code (as typed), open or closed."""
    normalised = normalise_session_code(code)
    with store.reading() as s:
        row = s.scalars(select(LiveSession).where(LiveSession.code == normalised)).one_or_none() \
            if normalised else None
        if row is None:
            raise InvalidInput("session.unknown", code=normalised or "-")
        return state_of(row)


def revision(store: Store, session_id: int) -> tuple[int, str]:
    """(revision, status): what a participant's page polls, one primary-key read."""
    with store.reading() as s:
        found = s.execute(select(LiveSession.revision, LiveSession.status)
                          .where(LiveSession.id == session_id)).one_or_none()
    if found is None:
        raise NotFound("live.no_session", id=session_id)
    return found[0], found[1]


def is_open(store: Store, session_id: int) -> bool:
    """Whether the session still takes members and attempts: a page that joined it while it was open asks before it
    joins a participant or tags an attempt with it (one primary-key read)."""
    return revision(store, session_id)[1] == rules.OPEN


def list_sessions(store: Store, *, status: str | None = None, staff_id: int | None = None) -> list[SessionState]:
    """Sessions, newest first; only open or closed ones, only one trainer's, as asked."""
    query = select(LiveSession).order_by(LiveSession.created_at.desc(), LiveSession.id.desc())
    if status is not None:
        query = query.where(LiveSession.status == status)
    if staff_id is not None:
        query = query.where(LiveSession.created_by == staff_id)
    with store.reading() as s:
        return [state_of(row) for row in s.scalars(query)]


# The trainer's actions -----------------------------------------------------------------------------------------


def expected_participants(store: Store, *, within: timedelta = timedelta(hours=12)) -> int:
    """Participants the open sessions created in the last ``within`` expect, together: what the server warms
    kernels for before a hall arrives (a session left open for weeks does not count)."""
    since = now() - within
    with store.reading() as s:
        total = s.scalar(select(func.coalesce(func.sum(LiveSession.expected), 0))
                         .where(LiveSession.status == rules.OPEN, LiveSession.created_at >= since))
    return int(total or 0)


def create_session(store: Store, catalog: Catalog, *, staff_id: int, title: str, held_on: date | None, place: str,
                   unit: str, content: str, scenario_ids: list[str] | None, mode: str, seconds: int | None,
                   expected: int | None) -> SessionState:
    """A new open session with a fresh code. ``content``: a learning module's id, ``pre`` or ``post`` (that form of
    the test), with ``scenario_ids`` chosen from it or, without them, drawn as a quiz draws them; their order is
    fixed here. The code is drawn again if another session holds it."""
    clean_title = rules.clean_text(title, "live.title_too_long", rules.TITLE_MAX)
    if clean_title is None:
        raise InvalidInput("live.title_required")
    clean_place = rules.clean_text(place, "live.place_too_long", rules.PLACE_MAX)
    clean_unit = rules.clean_text(unit, "live.unit_too_long", rules.PLACE_MAX)
    rules.check_settings(mode, seconds, expected)
    chosen = rules.content(catalog, content, scenario_ids, secrets.randbits(31))
    failure: IntegrityError | None = None
    for _ in range(CODE_TRIES):
        code = rules.new_code()
        try:
            with store.transaction() as s:
                username = s.scalar(select(StaffAccount.username).where(StaffAccount.id == staff_id))
                if username is None:
                    raise NotFound("live.unknown_staff", id=staff_id)
                if s.scalar(select(LiveSession.id).where(LiveSession.code == code)) is not None:
                    continue  # taken: draw another
                row = LiveSession(code=code, title=clean_title, module_id=chosen.module_id, kind=chosen.kind,
                                  mode=mode, status=rules.OPEN, current_position=None, revealed=False,
                                  created_by=staff_id, held_on=held_on, revision=0,
                                  scenario_ids=rules.join_ids(chosen.scenario_ids), seconds_per_scenario=seconds,
                                  place=clean_place, unit=clean_unit, expected=expected)
                s.add(row)
                s.flush()
                s.add(AuditEntry.of(f"staff:{username}", "session.create", session=row.id, code=code, mode=mode,
                                    module=chosen.module_id, kind=chosen.kind, scenarios=len(chosen.scenario_ids)))
            return state_of(row)
        except IntegrityError as exc:  # the same code taken at the same moment by another trainer
            failure = exc
    if failure is not None:
        raise failure
    raise InvalidInput("live.no_code")


def _changed(s: Session, statement) -> int:
    """Run a conditional UPDATE; how many rows it changed."""
    result = s.execute(statement.execution_options(synchronize_session=False))
    return cast(CursorResult, result).rowcount


def _move(store: Store, session_id: int, seen: int | None, actor: str, action: str, change,
          staff_id: int | None = None) -> SessionState:
    """One trainer action: lock the row, check that the staff member (if named) may still run the session, check
    the revision seen, apply ``change(state) -> values``, bump the revision, audit it; all in one transaction."""
    with store.transaction() as s:
        state = state_of(session_row(s, session_id, lock="update"))
        if staff_id is not None:
            staff.may_run(s.get(StaffAccount, staff_id, with_for_update={"read": True}), state.created_by)
        if seen is not None and seen != state.revision:
            raise StaleSession(state)
        values = change(s, state)
        values["revision"] = state.revision + 1
        done = _changed(s, update(LiveSession).where(
            LiveSession.id == session_id, LiveSession.revision == state.revision).values(**values))
        if done != 1:  # cannot happen under the row lock; never write over another tab's move
            raise StaleSession(state)
        fresh = replace(state, position=values.get("current_position", state.position),
                        revealed=values.get("revealed", state.revealed), revision=values["revision"],
                        status=values.get("status", state.status),
                        started_at=values.get("position_started_at", state.started_at))
        s.add(AuditEntry.of(actor, action, session=session_id, code=state.code, revision=fresh.revision,
                            position=fresh.position))
    _ring(store, session_id)
    return fresh


def _beacon(store: Store, session_id: int) -> Path:
    database = hashlib.sha256(store.engine.url.render_as_string(hide_password=True).encode()).hexdigest()[:16]
    return config.cache_dir() / "live" / database / str(session_id)


def _ring(store: Store, session_id: int) -> None:
    """After a trainer's move has committed: replace the session's beacon file, so the participants' kernels on this
    machine see the move within a quarter second (:func:`beacon`) without asking the database four times a second.
    A beacon that cannot be written costs nothing but speed: the pages still poll :func:`revision`."""
    path = _beacon(store, session_id)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fresh = path.with_name(f".{path.name}.{os.getpid()}")
        fresh.write_bytes(b"")
        os.replace(fresh, path)  # a new file each time: its inode changes even within the clock's resolution
    except OSError:
        pass


BEACON_SECONDS = 0.25  # how often a following page looks at the beacon (a stat)


class Watch:
    """When a page following a session should read it again: the session's beacon changed (a move made on this
    machine, seen within a quarter second) or the page's own beat of ``seconds`` (a range: each page on its own) has
    come (moves made elsewhere, answers coming in)."""

    def __init__(self, store: Store, session_id: int, seconds: tuple[float, float]) -> None:
        self.store, self.session_id, self.seconds = store, session_id, seconds
        self.stamp = beacon(store, session_id)
        self.at = time.monotonic() + random.uniform(*seconds)

    def due(self) -> bool:
        stamp = beacon(self.store, self.session_id)
        if stamp == self.stamp and time.monotonic() < self.at:
            return False
        self.stamp, self.at = stamp, time.monotonic() + random.uniform(*self.seconds)
        return True


def beacon(store: Store, session_id: int) -> tuple[int, int] | None:
    """The session's beacon as a participant's kernel sees it: a stamp that changes with every trainer's move made on
    this machine (a ``stat``, no database); ``None`` before the first."""
    try:
        found = os.stat(_beacon(store, session_id))
    except OSError:
        return None
    return found.st_ino, found.st_mtime_ns


def advance(store: Store, session_id: int, seen: int, *, actor: str, staff_id: int | None = None) -> SessionState:
    """The next scenario on screen (from the lobby: the first), not yet revealed; its countdown starts now."""
    return _move(store, session_id, seen, actor, "session.advance",
                 lambda _s, state: {"current_position": rules.next_position(state), "revealed": False,
                                    "position_started_at": now()}, staff_id)


def reveal(store: Store, session_id: int, seen: int, *, actor: str, staff_id: int | None = None) -> SessionState:
    """Reveal the answer to the scenario on screen: answers to it are closed, feedback is shown."""
    def change(_s, state: SessionState) -> dict:
        rules.check_reveal(state)
        return {"revealed": True}

    return _move(store, session_id, seen, actor, "session.reveal", change, staff_id)


def close(store: Store, session_id: int, seen: int | None, *, actor: str, staff_id: int | None = None
          ) -> SessionState:
    """Close the session (``seen=None``: whatever its revision, as the command line does). A led session's attempts
    are finished in the same transaction, scored out of the scenarios shown."""
    def change(s: Session, state: SessionState) -> dict:
        if not state.is_open:
            raise InvalidInput("live.already_closed", code=state.code)
        _finish_attempts(s, state)
        return {"status": "closed", "closed_at": now()}

    return _move(store, session_id, seen, actor, "session.close", change, staff_id)


def _finish_attempts(s: Session, state: SessionState) -> None:
    """Score each attempt out of the scenarios shown and keep only their rows: the participant's result page then
    reviews what the room saw, never the answer to a scenario the session did not reach."""
    live_attempts = select(Attempt.id).where(Attempt.session_id == state.id, Attempt.kind == ATTEMPT_KIND,
                                             Attempt.status == ATTEMPT_LIVE)
    s.execute(delete(Answer).where(Answer.attempt_id.in_(live_attempts), Answer.position >= state.shown)
              .execution_options(synchronize_session=False))
    sums = s.execute(select(Answer.attempt_id, func.coalesce(func.sum(Answer.points), 0.0))
                     .join(Attempt, Attempt.id == Answer.attempt_id)
                     .where(Attempt.session_id == state.id, Attempt.kind == ATTEMPT_KIND,
                            Attempt.status == ATTEMPT_LIVE)
                     .group_by(Answer.attempt_id)).all()
    if sums:
        moment = now()
        s.execute(update(Attempt), [
            {"id": attempt_id, "status": ATTEMPT_FINISHED, "finished_at": moment, "points": float(points or 0),
             "count": state.shown, "percent": rules.percent(float(points or 0), state.shown)}
            for attempt_id, points in sums])


# The participant's side ----------------------------------------------------------------------------------------


def _catalog(catalog: Catalog | None) -> Catalog:
    if catalog is not None:
        return catalog
    from ..content.bundle import load_bundle

    return load_bundle().catalog


def _scenario(catalog: Catalog, state: SessionState, scenario_id: str) -> Scenario:
    scenario = rules.find_scenario(catalog, state.module_id, scenario_id)
    if scenario is None:  # the banks changed since the session was created
        raise NotFound("quiz.module_gone", module=state.module_id)
    return scenario


def answer(store: Store, session_id: int, participant_id: int, scenario_id: str, option_ids: list[str], *,
           catalog: Catalog | None = None) -> None:
    """A participant's answer to the scenario on screen of a led session, before its reveal; one per participant
    and scenario: another one (a double tap, a second tab) is refused with ``live.already_answered``.

    Ordered against the trainer by a shared lock on the session's row (a reveal waits for the answers being
    written, an answer after it sees it), against the participant's other tabs by a lock on their row."""
    catalog = _catalog(catalog)
    with store.transaction() as s:
        state = state_of(session_row(s, session_id, lock="share"))
        rules.check_answer(state, scenario_id)
        scenario = _scenario(catalog, state, scenario_id)
        choice = scoring.check_choice(scenario, option_ids)
        points = scoring.grade(scenario, choice)
        lang = s.scalar(select(Participant.lang).where(Participant.id == participant_id).with_for_update())
        if lang is None or s.get(SessionMember, (session_id, participant_id)) is None:
            raise InvalidInput("live.not_joined", code=state.code)
        attempt_id = s.scalar(select(Attempt.id).where(
            Attempt.session_id == session_id, Attempt.participant_id == participant_id,
            Attempt.kind == ATTEMPT_KIND).order_by(Attempt.id).limit(1))
        if attempt_id is None:
            attempt_id = _new_attempt(s, catalog, state, participant_id, lang)
        done = _changed(s, update(Answer).where(
            Answer.attempt_id == attempt_id, Answer.position == state.position, Answer.chosen.is_(None),
        ).values(chosen=rules.join_ids(choice), points=points, answered_at=now()))
        if done != 1:
            raise InvalidInput("live.already_answered")


def _new_attempt(s: Session, catalog: Catalog, state: SessionState, participant_id: int, lang: str) -> int:
    """The participant's attempt at a led session: one answer row per scenario, options in the bank's order."""
    module = catalog.module(state.module_id)
    attempt = Attempt(participant_id=participant_id, module_id=module.id, kind=ATTEMPT_KIND,
                      bank_version=module.version, seed=0, session_id=state.id, status=ATTEMPT_LIVE, lang=lang,
                      count=state.total)
    s.add(attempt)
    s.flush()
    rows = []
    for position, scenario_id in enumerate(state.scenario_ids):
        try:
            order = rules.join_ids([o.id for o in module.scenario(scenario_id).options])
        except KeyError:
            order = ""
        rows.append({"attempt_id": attempt.id, "position": position, "scenario_id": scenario_id,
                     "option_order": order})
    s.execute(insert(Answer), rows)
    return attempt.id


def my_answer(store: Store, session_id: int, participant_id: int, scenario_id: str) -> tuple[str, ...] | None:
    """The options the participant chose for this scenario of a led session; ``None`` if not answered."""
    with store.reading() as s:
        chosen = s.scalar(select(Answer.chosen).join(Attempt, Attempt.id == Answer.attempt_id).where(
            Attempt.session_id == session_id, Attempt.participant_id == participant_id,
            Attempt.kind == ATTEMPT_KIND, Answer.scenario_id == scenario_id).limit(1))
    return rules.split_ids(chosen) if chosen else None


def item(catalog: Catalog, state: SessionState, lang: str) -> ItemView | None:
    """The scenario on screen as the participant sees it before the reveal (no correctness, no feedback); options
    in the bank's order, the letters of the projector. ``None`` in the lobby, once closed, and if the banks no longer
    hold the scenario (this kernel loaded them after it was removed)."""
    if state.phase not in (rules.QUESTION, REVEALED) or state.scenario_id is None:
        return None
    try:
        scenario = _scenario(catalog, state, state.scenario_id)
    except NotFound:
        return None
    module = catalog.module(state.module_id)
    topic = next((pick(t.title, lang) for t in module.topics if t.id == scenario.topic), "")
    return ItemView(position=state.position or 0, total=state.total, scenario_id=scenario.id, topic=topic,
                    situation=pick(scenario.situation, lang), question=pick(scenario.question, lang),
                    options=tuple((o.id, pick(o.text, lang)) for o in scenario.options),
                    multi=scenario.scoring == "multi")


def feedback(catalog: Catalog, state: SessionState, chosen: tuple[str, ...] | None, lang: str) -> Feedback | None:
    """The feedback to the scenario on screen, once revealed (``None`` before): every option's feedback, the best
    ones marked, the explanation and the legal basis. Never the trainer's notes."""
    if state.phase != REVEALED or state.scenario_id is None:
        return None
    scenario = _scenario(catalog, state, state.scenario_id)
    picked = set(chosen or ())
    best = set(scoring.best_options(scenario))
    points = scoring.grade(scenario, list(chosen)) if chosen else 0.0
    refs = catalog.references
    return Feedback(
        points=points,
        options=tuple(OptionFeedback(o.id, pick(o.text, lang), pick(o.feedback, lang), o.id in picked, o.id in best)
                      for o in scenario.options),
        explanation=pick(scenario.explanation, lang),
        references=tuple(refs[r].label(lang) for r in scenario.references if r in refs))


# What the trainer's screens show -------------------------------------------------------------------------------


def joined_count(s: Session, session_id: int) -> int:
    return s.scalar(select(func.count()).select_from(SessionMember).where(SessionMember.session_id == session_id)) or 0


def counts(store: Store, session_id: int) -> tuple[int, int]:
    """(joined, answered): in a led session, answers to the scenario on screen; in a self-paced one, participants
    who answered anything."""
    with store.reading() as s:
        state = state_of(session_row(s, session_id))
        joined = joined_count(s, session_id)
        if state.led:
            if state.scenario_id is None:
                return joined, 0
            answered = s.scalar(select(func.count()).select_from(Answer)
                                .join(Attempt, Attempt.id == Answer.attempt_id)
                                .where(Attempt.session_id == session_id, Attempt.kind == ATTEMPT_KIND,
                                       Answer.scenario_id == state.scenario_id, Answer.chosen.is_not(None)))
        else:
            answered = s.scalar(select(func.count(func.distinct(Attempt.participant_id)))
                                .join(Answer, Answer.attempt_id == Attempt.id)
                                .where(Attempt.session_id == session_id, Answer.chosen.is_not(None)))
    return joined, answered or 0


def answers_of(state: SessionState) -> list:
    condition = [Attempt.session_id == state.id, Answer.chosen.is_not(None)]
    if state.led:
        condition.append(Attempt.kind == ATTEMPT_KIND)
    return condition


def distribution(store: Store, session_id: int, scenario_id: str) -> dict[str, int]:
    """Option id -> how many chose it, for one scenario of the session (one ``GROUP BY``). Options nobody chose are
    left out; a multi-select answer counts for each option in it."""
    with store.reading() as s:
        state = state_of(session_row(s, session_id))
        groups = s.execute(select(Answer.chosen, func.count()).join(Attempt, Attempt.id == Answer.attempt_id)
                           .where(*answers_of(state), Answer.scenario_id == scenario_id)
                           .group_by(Answer.chosen)).all()
    found: dict[str, int] = {}
    for chosen, count in groups:
        for option_id in rules.split_ids(chosen):
            found[option_id] = found.get(option_id, 0) + count
    return found
