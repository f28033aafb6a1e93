"""Timestamps are moments: stored in UTC, read back as aware UTC datetimes, on SQLite and on PostgreSQL."""

from __future__ import annotations

import importlib
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import DateTime, bindparam, select, text
from sqlalchemy.exc import StatementError

from asn_training.store import Attempt, AuditEntry, Base, Participant, Store, now
from asn_training.store.models import UTCDateTime

from ..conftest import add_participant, drop_schema, postgres_schema_url

WIB = ZoneInfo("Asia/Jakarta")
MIGRATION = importlib.import_module("asn_training.store.migrations.versions.0003_aware_timestamps")
LATER = importlib.import_module("asn_training.store.migrations.versions.0005_live_sessions_and_staff_sign_in")


def test_now_is_an_aware_utc_moment():
    moment = now()
    assert moment.utcoffset() == timedelta(0)
    assert abs(moment - datetime.now(UTC)) < timedelta(seconds=5)


def test_every_timestamp_column_is_a_utc_moment_and_the_migration_converts_each():
    columns = {(table.name, column.name) for table in Base.metadata.tables.values() for column in table.columns
               if isinstance(column.type, UTCDateTime)}
    assert ("attempts", "started_at") in columns and ("audit_log", "at") in columns
    converted = {(table, column) for table, names in MIGRATION.TIMESTAMPS.items() for column in names}
    assert columns == converted | LATER.AWARE  # later migrations create their moments aware
    plain = [(table.name, column.name) for table in Base.metadata.tables.values() for column in table.columns
             if column.type.python_type is datetime and not isinstance(column.type, UTCDateTime)]
    assert not plain


def test_a_moment_comes_back_as_the_same_instant_in_utc(store):
    local = datetime(2026, 1, 2, 6, 30, tzinfo=WIB)  # 23:30 UTC on 1 January
    add_participant(store, locked_until=local)
    stored = store.get_participant("198609262015051001")
    assert stored.locked_until == local
    assert stored.locked_until.tzinfo is UTC
    assert stored.locked_until.replace(tzinfo=None) == datetime(2026, 1, 1, 23, 30)
    assert stored.created_at.tzinfo is UTC and abs(stored.created_at - now()) < timedelta(minutes=1)


def test_comparisons_in_sql_are_between_instants(store):
    add_participant(store, locked_until=datetime(2026, 1, 2, 6, 30, tzinfo=WIB))
    with store.reading() as s:
        def count(moment: datetime) -> int:
            return len(s.scalars(select(Participant).where(Participant.locked_until >= moment)).all())

        assert count(datetime(2026, 1, 1, 23, 30, tzinfo=UTC)) == 1
        assert count(datetime(2026, 1, 2, 0, 0, tzinfo=UTC)) == 0  # naive WIB would have said 1
        assert count(datetime(2026, 1, 2, 6, 30, tzinfo=WIB)) == 1


def test_a_naive_datetime_is_refused(store):
    with pytest.raises(StatementError, match="naive datetime"), store.transaction() as s:
        s.add(AuditEntry(actor="cli", action="x", detail="{}", at=datetime(2026, 1, 1)))


# Migration 0003 -------------------------------------------------------------------------------------------------

NAIVE = datetime(2026, 1, 1, 23, 30, 15, 250000)  # as revision 0002 stored it: UTC wall time, no zone
ROWS = {
    "participants": "INSERT INTO participants (id, nip, id_kind, name, unit, listed, pin_failures, lang, "
                    "locked_until, created_at, updated_at) "
                    "VALUES (1, '1', 'pns', 'A', 'U', false, 0, 'id', :t, :t, :t)",
    "staff_accounts": "INSERT INTO staff_accounts (id, username, display_name, password_hash, role, active, "
                      "created_at, last_login_at) VALUES (1, 'admin', 'Admin', 'x', 'admin', true, :t, :t)",
    "live_sessions": "INSERT INTO live_sessions (id, code, title, module_id, kind, mode, status, revealed, "
                     "created_at, closed_at) VALUES (1, 'S1', 'T', 'm', 'quiz', 'mandiri', 'open', false, :t, :t)",
    "session_members": "INSERT INTO session_members (session_id, participant_id, joined_at) VALUES (1, 1, :t)",
    "attempts": "INSERT INTO attempts (id, participant_id, module_id, kind, bank_version, seed, status, lang, "
                "started_at, finished_at, count) VALUES (1, 1, 'm', 'quiz', '1', 1, 'open', 'id', :t, :t, 1)",
    "answers": "INSERT INTO answers (id, attempt_id, position, scenario_id, option_order, answered_at) "
               "VALUES (1, 1, 0, 's', 'a,b', :t)",
    "pledge_signatures": "INSERT INTO pledge_signatures (id, participant_id, pledge_id, text_version, text_hash, "
                         "signed_name, place, signed_on, code, created_at) "
                         "VALUES (1, 1, 'ikrar', '1', 'h', 'A', 'P', '2026-01-02', 'C1', :t)",
    "self_assessments": "INSERT INTO self_assessments (id, participant_id, instrument_version, answers, profile, "
                        "created_at) VALUES (1, 1, '1', '{}', '{}', :t)",
    "certificates": "INSERT INTO certificates (id, participant_id, code, payload, issued_at) "
                    "VALUES (1, 1, 'C2', '{}', :t)",
    "audit_log": "INSERT INTO audit_log (id, at, actor, action, detail) VALUES (1, :t, 'cli', 'x', '{}')",
}


def open_at_0002(url: str) -> Store:
    """A database at revision 0002 with one row in every table, every timestamp 23:30:15.25 UTC on 1 January.

    On PostgreSQL the session's time zone is WIB, so a conversion that read the old values in the session's zone
    (instead of as UTC) would be seven hours off."""
    if url.startswith("postgresql"):
        url += "%20-cTimeZone%3DAsia/Jakarta"
    store = Store(url)
    store.upgrade("0002")
    with store.engine.begin() as connection:
        for table in MIGRATION.TIMESTAMPS:
            connection.execute(text(ROWS[table]).bindparams(bindparam("t", type_=DateTime())), {"t": NAIVE})
    return store


@pytest.fixture
def store_at_0002(store_url):
    store = open_at_0002(store_url)
    yield store
    store.close()


@pytest.fixture
def postgres_at_0002():
    url, schema = postgres_schema_url()
    store = open_at_0002(url)
    yield store
    store.close()
    drop_schema(schema)


def read_timestamps(store: Store) -> dict[tuple[str, str], datetime]:
    values = {}
    with store.reading() as s:
        for table, columns in MIGRATION.TIMESTAMPS.items():
            mapped = Base.metadata.tables[table]
            row = s.execute(select(*(mapped.c[c] for c in columns))).one()
            values |= {(table, column): value for column, value in zip(columns, row, strict=True)}
    return values


def test_migration_0003_keeps_every_instant_and_makes_it_aware(store_at_0002):
    store_at_0002.upgrade("0003")
    assert store_at_0002.current_revision() == "0003"
    expected = NAIVE.replace(tzinfo=UTC)
    values = read_timestamps(store_at_0002)
    assert len(values) == 15  # every timestamp column of every table
    assert all(value == expected and value.tzinfo is UTC for value in values.values()), values
    with store_at_0002.reading() as s:  # and the ORM compares with them as instants
        assert s.scalar(select(Attempt.id).where(Attempt.started_at < datetime(2026, 1, 2, 6, 31, tzinfo=WIB))) == 1


@pytest.mark.postgres
def test_migration_0003_makes_timestamptz_on_postgresql_and_back(postgres_at_0002):
    store = postgres_at_0002

    def column_types(later: set = frozenset()) -> set[str]:
        with store.engine.connect() as connection:
            rows = connection.execute(text(
                "SELECT table_name, column_name, data_type FROM information_schema.columns "
                "WHERE table_schema = current_schema() AND data_type LIKE 'timestamp%'")).all()
        assert {(table, column) for table, column, _ in rows} == {
            (table, column) for table, names in MIGRATION.TIMESTAMPS.items() for column in names} | later
        return {data_type for _, _, data_type in rows}

    assert column_types() == {"timestamp without time zone"}
    store.upgrade()  # to the head: 0003 converts, later migrations add aware columns
    assert column_types(LATER.AWARE) == {"timestamp with time zone"}
    with store.engine.connect() as connection:  # the same instant, whatever the session's zone
        assert connection.exec_driver_sql("SELECT started_at FROM attempts").scalar() == \
            NAIVE.replace(tzinfo=UTC)
    from alembic import command

    config = store._alembic_config()
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0002")
    assert column_types() == {"timestamp without time zone"}
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT started_at FROM attempts").scalar() == NAIVE
