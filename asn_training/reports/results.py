"""Reports: pandas DataFrames built by one SQL query each. Imported by the CLI and staff pages only, never by
the participant's kernel (pandas is heavy).

Dates that people type (``since``, ``until``) are days of the agency's time zone (``config.timezone()``); the
times a report shows are in that zone too. The store holds UTC moments.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo

import pandas as pd
from sqlalchemy import select

from .. import config
from ..i18n import t
from ..store import Attempt, Participant, Store

RESULT_COLUMNS = ("attempt", "nip", "name", "unit", "module", "kind", "status", "started_at", "finished_at",
                  "percent", "passed")
MOMENTS = ("started_at", "finished_at")


def day_start(day: date, zone: tzinfo) -> datetime:
    """The moment ``day`` begins in ``zone`` (local midnight), as an aware datetime."""
    return datetime.combine(day, time.min, tzinfo=zone)


def results(store: Store, *, module: str | None = None, unit: str | None = None, since: date | None = None,
            until: date | None = None, zone: tzinfo | None = None) -> pd.DataFrame:
    """One row per attempt, with the participant's NIP, name and unit, filtered as asked.

    ``since`` and ``until`` are days of ``zone`` (the agency's, by default), both included: attempts started from
    local midnight at the start of ``since`` to local midnight at the end of ``until``. The start and finish times
    come back in ``zone``.
    """
    zone = zone or config.timezone()
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
        query = query.where(Attempt.started_at >= day_start(since, zone))
    if until:
        query = query.where(Attempt.started_at < day_start(until + timedelta(days=1), zone))
    with store.engine.connect() as connection:
        frame = pd.read_sql(query, connection)
    for column in MOMENTS:
        frame[column] = pd.to_datetime(frame[column], utc=True).dt.tz_convert(zone)
    frame["nip"] = frame["nip"].astype("string")
    frame["passed"] = frame["passed"].astype("boolean")
    return frame


def zone_name(zone: tzinfo) -> str:
    """How people write the zone: WIB, WITA, WIT; ``UTC+08`` where the zone has no abbreviation."""
    name = datetime.now(zone).tzname() or str(zone)
    return f"UTC{name}" if name.startswith(("+", "-")) else name


def labelled(frame: pd.DataFrame, lang: str | None = None) -> pd.DataFrame:
    """The frame as a spreadsheet shows it: headers in the reader's language, times as local wall times with
    their zone named in the header ("Mulai (WIB)"), since Excel and CSV cells hold no time zone."""
    frame = frame.copy()
    headers = {}
    for column in frame.columns:
        header = t(f"col.{column}", lang)
        if isinstance(frame[column].dtype, pd.DatetimeTZDtype):
            header = f"{header} ({zone_name(frame[column].dt.tz)})"
            frame[column] = frame[column].dt.tz_localize(None)
        headers[column] = header
    return frame.rename(columns=headers)
