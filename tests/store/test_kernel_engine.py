"""A participant's kernel holds at most one database connection for its whole life: a hall of 100 kernels must not
exhaust PostgreSQL's connections. One policy (``Store(kernel=True)``), used by the participant app."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import TimeoutError as PoolTimeout

from asn_training.store import Store, kernel_application_name, open_store

from ..conftest import DATA, PG_URL, add_participant, drop_schema, postgres_schema_url

KERNELS = 30


def settled_connections(name: str, expected: int | None = None, timeout: float = 10.0) -> int:
    """The count under ``name`` once it stops changing (or reaches ``expected``): a closed connection's server process
    leaves pg_stat_activity a moment after the client has closed it."""
    deadline, last = time.monotonic() + timeout, None
    while True:
        count = connections_named(name)
        if count == expected or (expected is None and count == last) or time.monotonic() > deadline:
            return count
        last = count
        time.sleep(0.1)


def connections_named(name: str) -> int:
    """Connections the PostgreSQL server sees under an application name."""
    engine = create_engine(PG_URL)
    try:
        with engine.connect() as connection:
            return connection.execute(text("SELECT count(*) FROM pg_stat_activity WHERE application_name = :name"),
                                      {"name": name}).scalar_one()
    finally:
        engine.dispose()


@pytest.fixture
def pg_url():
    url, schema = postgres_schema_url()
    with Store(url) as store:
        store.upgrade()
    yield url
    drop_schema(schema)


def test_a_kernel_store_never_opens_a_second_connection(store):
    kernel = Store(store.url, kernel=True, pool_timeout=0.2)  # the policy, with a short wait for this test
    try:
        assert kernel.count_participants() == 0
        with kernel.engine.connect():
            with pytest.raises(PoolTimeout):
                kernel.engine.connect()  # a second checkout waits for the first, then gives up
        assert kernel.engine.pool.checkedin() == 1
    finally:
        kernel.close()


def test_the_kernel_policy(store):
    with Store(store.url, kernel=True) as kernel:
        pool = kernel.engine.pool
        assert (pool.size(), pool.timeout(), pool._recycle, pool._pre_ping) == (1, 30, 300, True)


@pytest.mark.postgres
def test_thirty_kernels_hold_one_connection_each_on_postgresql(pg_url):
    name = kernel_application_name()
    before = settled_connections(name)  # other tests in this worker process may still be closing theirs
    kernels = [open_store(pg_url, kernel=True) for _ in range(KERNELS)]
    try:
        for number, kernel in enumerate(kernels):
            kernel.count_participants()  # a read
            add_participant(kernel, nip=f"19860926201505{number:04d}")  # a write
            kernel.get_participant(f"19860926201505{number:04d}")  # and a read after it
        assert connections_named(name) == before + KERNELS  # one each: none has more, every one has its own
        assert all(kernel.engine.pool.checkedin() == 1 for kernel in kernels)
    finally:
        for kernel in kernels:
            kernel.close()
    assert settled_connections(name, expected=before) == before


@pytest.mark.postgres
def test_the_participant_app_opens_its_store_with_the_kernel_policy(pg_url, monkeypatch):
    from asn_training.ui import ParticipantApp

    monkeypatch.setenv("ASN_TRAINING_DB", pg_url)
    monkeypatch.setenv("ASN_TRAINING_QUIZZES", str(DATA / "banks" / "journey"))
    monkeypatch.setenv("ASN_TRAINING_STRICT", "1")
    app = ParticipantApp.from_environment()
    try:
        assert app.store.engine.pool.size() == 1
        assert connections_named(kernel_application_name()) == 1  # it checked the schema over its one connection
    finally:
        app.store.close()
