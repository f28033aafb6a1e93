"""The store, on SQLite and on PostgreSQL: migrations, participants, attempts, atomic writes, audit."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from asn_training.errors import ConfigError
from asn_training.store import Participant, Store, open_store


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


def test_attempt_lifecycle(store, participant):
    attempt = store.add_attempt(participant.id, "contoh", "v1", 42, [("ct-001", ("b", "a", "c")),
                                                                    ("ct-002", ("c", "a", "b"))])
    store.record_answer(attempt.id, 0, ("b",), 1.0)
    store.record_answer(attempt.id, 0, ("a",), 0.0)  # a second answer to the same item does not count
    loaded, answers = store.get_attempt(attempt.id)
    assert loaded.status == "open" and loaded.count == 2
    assert [(a.scenario_id, a.option_order, a.chosen, a.points) for a in answers] == [
        ("ct-001", "b,a,c", "b", 1.0), ("ct-002", "c,a,b", None, None)]
    store.finish_attempt(attempt.id, 1.0, 50.0, False)
    (finished,) = store.list_attempts(participant.id, "contoh", status="finished")
    assert finished.percent == 50.0 and finished.passed is False and finished.finished_at is not None


def test_a_failed_write_leaves_nothing_behind(store, participant):
    before = store.count_participants()
    with pytest.raises(IntegrityError), store.transaction() as s:
        s.add(Participant(nip="199001012020121001", id_kind="pns", name="A", unit="U"))
        s.flush()
        s.add(Participant(nip="198609262015051001", id_kind="pns", name="Duplicate", unit="U"))
    assert store.count_participants() == before
    assert store.get_participant("199001012020121001") is None


def test_audit_log(store):
    store.audit("cli", "export.results", rows=3)
    (entry,) = store.list_audit("export.results")
    assert entry.actor == "cli" and '"rows": 3' in entry.detail


def test_sqlite_is_in_wal_mode_with_a_busy_timeout(sqlite_store):
    with sqlite_store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 15000


def test_many_writers_at_once_lose_nothing(store_url):
    """Eight 'kernels' (each its own engine) answer at the same time; every answer is stored."""
    setup = Store(store_url)
    setup.upgrade()
    participant = setup.add_participant("198609262015051001", "pns", "Rina", "Bappeda")
    attempts = [setup.add_attempt(participant.id, "contoh", "v1", i, [(f"s{j}", ("a", "b")) for j in range(10)])
                for i in range(8)]
    errors = []

    def kernel(attempt_id: int) -> None:
        store = Store(store_url)
        try:
            for position in range(10):
                store.record_answer(attempt_id, position, ("a",), 1.0)
            store.finish_attempt(attempt_id, 10.0, 100.0, True)
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            store.close()

    threads = [threading.Thread(target=kernel, args=(a.id,)) for a in attempts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with setup.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM answers WHERE chosen = 'a'")).scalar() == 80
    assert len(setup.list_attempts(status="finished")) == 8
    setup.close()
