"""Reports: pandas DataFrames built by one SQL query each. Imported by the CLI and staff pages only, never by
the participant's kernel (pandas is heavy)."""

from __future__ import annotations

from datetime import date, datetime, time

import pandas as pd
from sqlalchemy import select

from ..i18n import t
from ..store import Attempt, Participant, Store

RESULT_COLUMNS = ("attempt", "nip", "name", "unit", "module", "kind", "status", "started_at", "finished_at",
                  "percent", "passed")


def results(store: Store, *, module: str | None = None, unit: str | None = None, since: date | None = None,
            until: date | None = None) -> pd.DataFrame:
    """One row per attempt, with the participant's NIP, name and unit, filtered as asked."""
    query = (
        select(Attempt.id.label("attempt"), Participant.nip, Participant.name, Participant.unit,
               Attempt.module_id.label("module"), Attempt.kind, Attempt.status, Attempt.started_at,
               Attempt.finished_at, Attempt.percent, Attempt.passed)
        .join(Participant, Participant.id == Attempt.participant_id)
        .order_by(Attempt.id)
    )
    if module:
        query = query.where(Attempt.module_id == module)
    if unit:
        query = query.where(Participant.unit == unit)
    if since:
        query = query.where(Attempt.started_at >= datetime.combine(since, time.min))
    if until:
        query = query.where(Attempt.started_at <= datetime.combine(until, time.max))
    with store.engine.connect() as connection:
        frame = pd.read_sql(query, connection)
    frame["nip"] = frame["nip"].astype("string")
    frame["passed"] = frame["passed"].astype("boolean")
    return frame


def labelled(frame: pd.DataFrame, lang: str | None = None) -> pd.DataFrame:
    """The same frame with column headers in the reader's language."""
    return frame.rename(columns={c: t(f"col.{c}", lang) for c in frame.columns})
