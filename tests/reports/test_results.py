"""Results by local days: ``since`` and ``until`` are days of the agency's zone, times are shown in it."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pandas as pd
import pytest

from asn_training import reports
from asn_training.store import Attempt

from ..conftest import add_participant

MORNING = datetime(2026, 1, 1, 23, 30, tzinfo=UTC)  # 06:30 WIB on 2 January, 08:30 WIT on 2 January
EVENING = datetime(2026, 1, 1, 16, 30, tzinfo=UTC)  # 23:30 WIB on 1 January, 01:30 WIT on 2 January


@pytest.fixture
def timed_store(store):
    """Two finished attempts: one early on 2 January in WIB, one late on 1 January in WIB."""
    participant = add_participant(store)
    with store.transaction() as s:
        for started in (MORNING, EVENING):
            s.add(Attempt(participant_id=participant.id, module_id="contoh", bank_version="1", seed=1, count=5,
                          status="finished", started_at=started, finished_at=started.replace(minute=45),
                          percent=87.5, passed=True))
    return store


def started(store, **filters) -> list[datetime]:
    frame = reports.results(store, **filters)
    return [moment.to_pydatetime() for moment in frame["started_at"]]


@pytest.mark.parametrize(("zone", "filters", "expected"), [
    ("Asia/Jakarta", {"since": date(2026, 1, 2)}, [MORNING]),
    ("Asia/Jakarta", {"until": date(2026, 1, 1)}, [EVENING]),
    ("Asia/Jakarta", {"since": date(2026, 1, 2), "until": date(2026, 1, 2)}, [MORNING]),
    ("Asia/Jakarta", {"since": date(2026, 1, 1), "until": date(2026, 1, 1)}, [EVENING]),
    ("Asia/Jakarta", {"since": date(2026, 1, 3)}, []),
    ("Asia/Jayapura", {"since": date(2026, 1, 2)}, [MORNING, EVENING]),  # WIT: both on 2 January
    ("Asia/Jayapura", {"until": date(2026, 1, 1)}, []),
    ("Asia/Makassar", {"since": date(2026, 1, 2)}, [MORNING, EVENING]),  # WITA: 00:30 on 2 January
    ("UTC", {"until": date(2026, 1, 1)}, [MORNING, EVENING]),
])
def test_since_and_until_are_whole_local_days_of_the_agency(timed_store, monkeypatch, zone, filters, expected):
    monkeypatch.setenv("ASN_TRAINING_TZ", zone)
    assert started(timed_store, **filters) == expected


def test_a_zone_can_be_given_instead_of_configured(timed_store):
    assert started(timed_store, since=date(2026, 1, 2), zone=ZoneInfo("Asia/Jayapura")) == [MORNING, EVENING]
    assert started(timed_store, since=date(2026, 1, 2), zone=ZoneInfo("Asia/Jakarta")) == [MORNING]


def test_times_are_shown_in_the_agency_zone(timed_store, monkeypatch):
    monkeypatch.setenv("ASN_TRAINING_TZ", "Asia/Jakarta")
    frame = reports.results(timed_store)
    assert frame["started_at"].iloc[0] == pd.Timestamp("2026-01-02 06:30", tz="Asia/Jakarta")
    assert frame["finished_at"].iloc[0] == pd.Timestamp("2026-01-02 06:45", tz="Asia/Jakarta")


@pytest.mark.parametrize(("zone", "lang", "headers"), [
    ("Asia/Jakarta", "id", ("Mulai (WIB)", "Selesai (WIB)")),
    ("Asia/Jakarta", "en", ("Started (WIB)", "Finished (WIB)")),
    ("Asia/Makassar", "id", ("Mulai (WITA)", "Selesai (WITA)")),
    ("Asia/Jayapura", "en", ("Started (WIT)", "Finished (WIT)")),
    ("Asia/Singapore", "en", ("Started (UTC+08)", "Finished (UTC+08)")),
])
def test_labelled_frame_has_local_wall_times_and_names_the_zone(timed_store, monkeypatch, zone, lang, headers):
    monkeypatch.setenv("ASN_TRAINING_TZ", zone)
    frame = reports.labelled(reports.results(timed_store), lang)
    assert tuple(frame.columns[7:9]) == headers
    local = MORNING.astimezone(ZoneInfo(zone)).replace(tzinfo=None)
    assert frame[headers[0]].iloc[0] == pd.Timestamp(local)  # a wall time, no zone: Excel has none


def test_an_open_attempt_has_no_finish_time(store):
    participant = add_participant(store)
    with store.transaction() as s:
        s.add(Attempt(participant_id=participant.id, module_id="contoh", bank_version="1", seed=1, count=5,
                      started_at=MORNING))
    frame = reports.labelled(reports.results(store), "en")
    assert frame["Finished (WIB)"].isna().all()
    assert frame["Started (WIB)"].iloc[0] == pd.Timestamp("2026-01-02 06:30")
