"""How a trainer's session went: the room's progress in a self-paced session, the summary when it closes, and its
exports. Counts and percentages for the staff screens; the exports (staff only) hold NIPs and names.

Read from the rows :mod:`asn_training.services.live` writes; pandas is loaded only when an export is asked for, so
nothing here weighs on a participant's kernel.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from ..core import live as rules
from ..core.live import ATTEMPT_FINISHED, Gain, ParticipantResult, ScenarioRate, Scores, SessionState
from ..core.models import Catalog
from ..store import Answer, Attempt, AuditEntry, LiveSession, SessionMember, Store
from .live import answers_of, get, joined_count, session_row, state_of

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["MandiriProgress", "SessionSummary", "export", "export_bytes", "export_frames", "progress", "summary"]


@dataclass(frozen=True)
class MandiriProgress:
    """A self-paced session so far: who joined, started, finished; the scenarios the room finds hardest."""

    joined: int
    started: int
    finished: int
    hardest: tuple[ScenarioRate, ...]


@dataclass(frozen=True)
class SessionSummary:
    """A session summed up, without personal data: attendance, scores, every scenario, the pre/post gain."""

    state: SessionState
    joined: int
    took_part: int  # answered at least one scenario
    scores: Scores
    scenarios: tuple[ScenarioRate, ...]
    gain: Gain | None  # over those who took both the pre- and the post-test in the session


# Reading -------------------------------------------------------------------------------------------------------


def _rates(s: Session, state: SessionState) -> list[ScenarioRate]:
    right = case((Answer.points >= 1.0, True), else_=False)
    groups = s.execute(select(Answer.scenario_id, Answer.chosen, right, func.count())
                       .join(Attempt, Attempt.id == Answer.attempt_id).where(*answers_of(state))
                       .group_by(Answer.scenario_id, Answer.chosen, right)).all()
    order = state.scenario_ids[:state.shown] if state.led else ()
    return rules.scenario_rates([(sid, chosen, bool(ok), n) for sid, chosen, ok, n in groups], order)


def progress(store: Store, catalog: Catalog, session_id: int) -> MandiriProgress:
    """A self-paced session so far: joined, started (an attempt tagged with it), finished (a finished one), and the
    hardest scenarios (lowest correct rate first)."""
    with store.reading() as s:
        state = state_of(session_row(s, session_id))
        joined = joined_count(s, session_id)
        started, finished = s.execute(select(
            func.count(func.distinct(Attempt.participant_id)),
            func.count(func.distinct(case((Attempt.status == ATTEMPT_FINISHED, Attempt.participant_id))))
        ).where(Attempt.session_id == session_id)).one()
        rates = _rates(s, state)
    known = {sc.id for m in catalog.modules for sc in m.scenarios}
    return MandiriProgress(joined, started or 0, finished or 0,
                           rules.hardest([r for r in rates if r.scenario_id in known]))


def _results(s: Session, state: SessionState) -> list[ParticipantResult]:
    members = list(s.scalars(select(SessionMember.participant_id).where(SessionMember.session_id == state.id)
                             .order_by(SessionMember.joined_at, SessionMember.participant_id)))
    rows = s.execute(select(Attempt.participant_id, Attempt.module_id, Attempt.kind, Attempt.status,
                            Attempt.percent, func.count(Answer.chosen), func.coalesce(func.sum(Answer.points), 0.0))
                     .outerjoin(Answer, Answer.attempt_id == Attempt.id)
                     .where(Attempt.session_id == state.id)
                     .group_by(Attempt.id, Attempt.participant_id, Attempt.module_id, Attempt.kind, Attempt.status,
                               Attempt.percent)
                     .order_by(Attempt.id)).all()
    attempts = [rules.AttemptRow(pid, module_id, kind, status, percent, answered or 0, float(points or 0))
                for pid, module_id, kind, status, percent, answered, points in rows]
    return rules.participant_results(state, members, attempts)


def _overview(s: Session, state: SessionState) -> tuple[SessionSummary, list[ParticipantResult]]:
    people = _results(s, state)
    scored = [r.score for r in people if r.score is not None]
    overview = SessionSummary(state=state, joined=joined_count(s, state.id),
                              took_part=sum(1 for r in people if r.answered), scores=rules.scores(scored),
                              scenarios=tuple(_rates(s, state)), gain=rules.gain(people))
    return overview, people


def summary(store: Store, catalog: Catalog, session_id: int) -> SessionSummary:
    """Attendance, the score distribution, every scenario's correct rate and most common wrong answer, and the
    pre/post gain where both were taken in the session. Counts and percentages only: no names."""
    with store.reading() as s:
        return _overview(s, state_of(session_row(s, session_id)))[0]


# Exports (staff only: the attendance holds NIPs and names) ----------------------------------------------------


def _frames(store: Store, catalog: Catalog, session_id: int, lang: str | None) -> dict[str, pd.DataFrame]:
    from ..reports import sessions as report

    with store.reading() as s:
        overview, people = _overview(s, state_of(session_row(s, session_id)))
    return report.frames(store, catalog, overview, people, lang)


def export_frames(store: Store, catalog: Catalog, session_id: int, lang: str | None = None
                  ) -> dict[str, pd.DataFrame]:
    """The session's sheets as a spreadsheet shows them, headed in ``lang``: summary, attendance (NIP as text, name,
    unit, answers, score), scenarios, score distribution, every answer. Loads pandas: staff kernels and the command
    line only."""
    from ..reports import sessions as report

    return report.sheets(_frames(store, catalog, session_id, lang), lang)


def export(store: Store, catalog: Catalog, session_id: int, path: Path, fmt: str, *, actor: str,
           lang: str | None = None) -> Path:
    """Write the session's export, safe to open in Excel (formulas defused), audit-logged: XLSX holds every sheet;
    CSV the attendance, one row per participant with their answer to every scenario."""
    from ..formats import tables
    from ..reports import sessions as report

    frames = _frames(store, catalog, session_id, lang)
    if fmt == "csv":
        frames = {"attendance": frames["attendance"]}
    tables.write(report.sheets(frames, lang), Path(path), fmt)
    with store.transaction() as s:
        code = s.scalar(select(LiveSession.code).where(LiveSession.id == session_id))
        s.add(AuditEntry.of(actor, "session.export", session=session_id, code=code, format=fmt))
    return Path(path)


def export_bytes(store: Store, catalog: Catalog, session_id: int, fmt: str, *, actor: str,
                 lang: str | None = None) -> tuple[str, bytes]:
    """The export as a file name and its bytes, for a download link on a staff page."""
    state = get(store, session_id)
    name = f"sesi-{state.code}.{fmt}"
    with tempfile.TemporaryDirectory() as folder:
        path = export(store, catalog, session_id, Path(folder) / name, fmt, actor=actor, lang=lang)
        return name, path.read_bytes()

