"""Shared fixtures: the sample bank, and a migrated store on SQLite and on the PostgreSQL at 127.0.0.1:5432."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from asn_training.content.banks import load_catalog
from asn_training.content.instrument import load_instrument
from asn_training.content.pledges import load_pledges
from asn_training.content.references import load_registry
from asn_training.store import Participant, Store

DATA = Path(__file__).parent / "data"
VALID_BANKS = DATA / "banks" / "valid"
PG_URL = os.environ.get("ASN_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: takes more than a few seconds")


@pytest.fixture(scope="session")
def registry():
    return load_registry()


@pytest.fixture(scope="session")
def catalog(registry):
    return load_catalog(VALID_BANKS, registry)


@pytest.fixture(scope="session")
def journey_catalog(registry):
    """Two small modules and a small pre/post test: a whole programme."""
    return load_catalog(DATA / "banks" / "journey", registry)


@pytest.fixture(scope="session")
def pledges():
    return load_pledges(DATA / "ikrar")


@pytest.fixture(scope="session")
def instrument():
    return load_instrument(DATA / "penilaian_mandiri.yaml")


@pytest.fixture(scope="session")
def module(catalog):
    return catalog.module("contoh")


def postgres_schema_url() -> tuple[str, str]:
    """A fresh schema on the test server, as a URL whose connections use it; fails in CI if unreachable."""
    engine = create_engine(PG_URL)
    try:
        with engine.begin() as connection:
            schema = f"asn_test_{uuid.uuid4().hex[:12]}"
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as exc:  # noqa: BLE001
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL at {PG_URL} is required in CI: {exc}")
        pytest.skip(f"PostgreSQL at {PG_URL} is not reachable: {exc}")
    finally:
        engine.dispose()
    return f"{PG_URL}?options=-csearch_path%3D{schema}", schema


def drop_schema(schema: str) -> None:
    engine = create_engine(PG_URL)
    with engine.begin() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.sqlite'}"
        return
    url, schema = postgres_schema_url()
    yield url
    drop_schema(schema)


@pytest.fixture
def store(store_url):
    store = Store(store_url)
    store.upgrade()
    yield store
    store.close()


@pytest.fixture
def sqlite_store(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'test.sqlite'}")
    store.upgrade()
    yield store
    store.close()


def add_participant(store: Store, nip: str = "198609262015051001", name: str = "Rina Wulandari",
                    unit: str = "Bappeda", kind: str = "pns", **values) -> Participant:
    """A participant row as a roster import or a registration would leave it."""
    with store.transaction() as s:
        participant = Participant(nip=nip, id_kind=kind, name=name, unit=unit, **values)
        s.add(participant)
    return participant


@pytest.fixture
def participant(store):
    return add_participant(store)


def in_tabs(store_url: str, action, tabs: int = 4) -> list:
    """``action(store)`` from ``tabs`` 'tabs' at the same moment, each with its own engine (as separate kernels
    are): what each returned; any exception fails the test."""
    import threading

    start, results, errors = threading.Barrier(tabs), [], []

    def tab() -> None:
        store = Store(store_url)
        try:
            start.wait()
            results.append(action(store))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            store.close()

    threads = [threading.Thread(target=tab) for _ in range(tabs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return results


def run_async(coroutine):
    """``asyncio.run`` in a thread of its own: a worker that ran the browser tests before keeps Playwright's event
    loop as the main thread's running loop, and ``asyncio.run`` refuses to start beside it."""
    import asyncio
    import concurrent.futures

    with concurrent.futures.ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, coroutine).result()
