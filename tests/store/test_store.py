"""The store, on SQLite and on PostgreSQL: migrations, queries, atomic writes, audit."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect
from sqlalchemy.exc import IntegrityError

from asn_training.errors import ConfigError
from asn_training.store import AuditEntry, Participant, Store, open_store


def test_upgrade_creates_the_whole_schema(store):
    tables = set(inspect(store.engine).get_table_names())
    assert {"participants", "attempts", "answers", "pledge_signatures", "live_sessions", "session_members",
            "staff_accounts", "audit_log", "certificates", "self_assessments", "alembic_version"} <= tables
    assert store.current_revision() == store.head_revision() == store.script_head()


def test_upgrade_twice_keeps_data(store, participant):
    store.upgrade()
    assert store.get_participant("198609262015051001").name == "Rina Wulandari"


def test_open_store_refuses_an_unmigrated_database(tmp_path):
    with pytest.raises(ConfigError) as caught:
        open_store(f"sqlite:///{tmp_path / 'new.sqlite'}")
    assert "asn-training db upgrade" in caught.value.message("en")


def test_unreachable_database_gives_a_clear_error():
    store = Store("postgresql://nobody@127.0.0.1:1/none")
    with pytest.raises(ConfigError) as caught:
        store.upgrade()
    assert caught.value.message("en").startswith("Cannot reach the database: postgresql+psycopg://nobody@127.0.0.1:1")


def test_a_failed_write_leaves_nothing_behind(store, participant):
    before = store.count_participants()
    with pytest.raises(IntegrityError), store.transaction() as s:
        s.add(Participant(nip="199001012020121001", id_kind="pns", name="A", unit="U"))
        s.flush()
        s.add(Participant(nip="198609262015051001", id_kind="pns", name="Duplicate", unit="U"))
    assert store.count_participants() == before
    assert store.get_participant("199001012020121001") is None


def test_audit_log(store):
    with store.transaction() as s:
        s.add(AuditEntry.of("cli", "export.results", rows=3))
    (entry,) = store.list_audit("export.results")
    assert entry.actor == "cli" and '"rows": 3' in entry.detail


def test_sqlite_is_in_wal_mode_with_a_busy_timeout(sqlite_store):
    with sqlite_store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 15000
