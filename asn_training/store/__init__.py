"""The store: SQLAlchemy over a SQLite file (default) or PostgreSQL (by URL), with Alembic migrations.

Every write is one short transaction: a crash in the middle leaves the database as it was before. On SQLite,
writes take the lock at the start (``BEGIN IMMEDIATE``) and wait for it (busy timeout), WAL lets readers go on
while one kernel writes, so many Voila kernels can share one file.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

from sqlalchemy import create_engine, event, func, inspect, select
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from .. import config
from ..errors import ConfigError, NotFound
from .models import (
    Answer,
    Attempt,
    AuditEntry,
    Base,
    Certificate,
    LiveSession,
    Participant,
    PledgeSignature,
    SelfAssessment,
    SessionMember,
    StaffAccount,
    now,
)

__all__ = ["Store", "Answer", "Attempt", "AuditEntry", "Base", "Certificate", "LiveSession", "Participant",
           "PledgeSignature", "SelfAssessment", "SessionMember", "StaffAccount", "now", "open_store"]

BUSY_TIMEOUT_MS = 15_000
HEAD_REVISION = "0005"  # update with every new migration


def normalise_url(url: str) -> str:
    """Accept plain ``postgresql://`` URLs and use the psycopg 3 driver for them."""
    parsed = config.parse_database_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


# A participant's kernel lives as long as its page and does one short transaction at a time: one pooled connection,
# never more (a hall of 100 kernels must not hold 100 x (5 + 10) connections), replaced after 5 minutes and checked
# before use (PostgreSQL may have closed it), and a clear error rather than an endless wait if it is ever busy.
KERNEL_POOL = {"pool_size": 1, "max_overflow": 0, "pool_recycle": 300, "pool_pre_ping": True, "pool_timeout": 30}


def kernel_application_name() -> str:
    """How a kernel's connection shows in PostgreSQL's ``pg_stat_activity``: by the kernel's process id."""
    return f"asn-training-kernel-{os.getpid()}"


def kernel_engine_options(url: str) -> dict:
    """The engine options of a participant's kernel, for either database."""
    options: dict = dict(KERNEL_POOL)
    if make_url(url).get_backend_name() == "postgresql":
        options["connect_args"] = {"application_name": kernel_application_name()}
    return options


def _sqlite_engine(url: str, **kwargs) -> Engine:
    path = make_url(url).database
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000}, **kwargs)

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None  # transactions are begun below, not by the driver
        cursor = dbapi_connection.cursor()
        for pragma in ("journal_mode=WAL", f"busy_timeout={BUSY_TIMEOUT_MS}", "foreign_keys=ON",
                       "synchronous=NORMAL"):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection) -> None:
        write = connection.get_execution_options().get("asn_write", True)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


class Store:
    """The database: its engine, read and write transactions, and its schema. The services hold the queries."""

    def __init__(self, url: str | None = None, *, kernel: bool = False, **engine_kwargs) -> None:
        """``kernel=True`` for a participant's kernel: see :data:`KERNEL_POOL`."""
        self.url = normalise_url(url or config.database_url())
        try:
            if kernel:
                engine_kwargs = {**kernel_engine_options(self.url), **engine_kwargs}
            if self.url.startswith("sqlite"):
                self.engine = _sqlite_engine(self.url, **engine_kwargs)
            else:
                self.engine = create_engine(self.url, **{"pool_pre_ping": True, **engine_kwargs})
        except Exception as exc:  # a malformed URL or a missing driver
            raise ConfigError("store.bad_url", url=self.safe_url, detail=str(exc)) from exc
        self._write = sessionmaker(self.engine, expire_on_commit=False)
        self._read = sessionmaker(self.engine.execution_options(asn_write=False), expire_on_commit=False)

    @property
    def safe_url(self) -> str:
        return make_url(self.url).render_as_string(hide_password=True)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A write transaction: committed at the end, rolled back whole on any error."""
        with self._write.begin() as session:
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with self._read() as session:
            yield session

    # Schema -------------------------------------------------------------------------------------------

    def _alembic_config(self):
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(resources.files("asn_training.store") / "migrations"))
        cfg.set_main_option("sqlalchemy.url", self.url.replace("%", "%%"))
        return cfg

    def upgrade(self, revision: str = "head") -> None:
        """Bring the schema to ``revision``, keeping existing data."""
        from alembic import command

        cfg = self._alembic_config()
        try:
            with self.engine.begin() as connection:
                cfg.attributes["connection"] = connection
                command.upgrade(cfg, revision)
        except OperationalError as exc:
            raise ConfigError("store.unreachable", url=self.safe_url, detail=str(exc.orig)) from exc

    def head_revision(self) -> str:
        """The newest migration. A constant, so that a participant's kernel need not import Alembic to check the
        schema; tests/test_store.py checks it against the migration scripts."""
        return HEAD_REVISION

    def script_head(self) -> str:
        from alembic.script import ScriptDirectory

        return ScriptDirectory.from_config(self._alembic_config()).get_current_head() or "-"

    def current_revision(self) -> str | None:
        try:
            with self.engine.connect() as connection:
                if not inspect(connection).has_table("alembic_version"):
                    return None
                return connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
        except OperationalError as exc:
            raise ConfigError("store.unreachable", url=self.safe_url, detail=str(exc.orig)) from exc

    def ensure_current(self) -> None:
        """Raise a clear error if the schema is missing or old (run ``asn-training db upgrade``)."""
        current = self.current_revision()
        if current != self.head_revision():
            raise ConfigError("store.not_upgraded", url=self.safe_url, current=current or "-")


    # Queries ------------------------------------------------------------------------------------------
    # Reads shared by services, reports and tests. Writes live in the services, one transaction per action.

    def get_participant(self, nip: str) -> Participant | None:
        with self.reading() as s:
            return s.scalars(select(Participant).where(Participant.nip == nip)).one_or_none()

    def list_participants(self, unit: str | None = None) -> list[Participant]:
        query = select(Participant).order_by(Participant.id)
        if unit is not None:
            query = query.where(Participant.unit == unit)
        with self.reading() as s:
            return list(s.scalars(query))

    def count_participants(self, listed: bool | None = None) -> int:
        query = select(func.count()).select_from(Participant)
        if listed is not None:
            query = query.where(Participant.listed == listed)
        with self.reading() as s:
            return s.scalar(query) or 0

    def get_attempt(self, attempt_id: int) -> tuple[Attempt, list[Answer]]:
        with self.reading() as s:
            attempt = s.get(Attempt, attempt_id)
            if attempt is None:
                raise NotFound("store.no_attempt", id=attempt_id)
            answers = list(s.scalars(select(Answer).where(Answer.attempt_id == attempt_id)
                                     .order_by(Answer.position)))
        return attempt, answers

    def list_attempts(self, participant_id: int | None = None, module_id: str | None = None,
                      status: str | None = None) -> list[Attempt]:
        query = select(Attempt).order_by(Attempt.id)
        if participant_id is not None:
            query = query.where(Attempt.participant_id == participant_id)
        if module_id is not None:
            query = query.where(Attempt.module_id == module_id)
        if status is not None:
            query = query.where(Attempt.status == status)
        with self.reading() as s:
            return list(s.scalars(query))

    def list_signatures(self, participant_id: int, pledge_id: str | None = None) -> list[PledgeSignature]:
        query = select(PledgeSignature).where(PledgeSignature.participant_id == participant_id)
        if pledge_id is not None:
            query = query.where(PledgeSignature.pledge_id == pledge_id)
        with self.reading() as s:
            return list(s.scalars(query.order_by(PledgeSignature.id)))

    def latest_self_assessment(self, participant_id: int) -> SelfAssessment | None:
        query = select(SelfAssessment).where(SelfAssessment.participant_id == participant_id) \
            .order_by(SelfAssessment.id.desc()).limit(1)
        with self.reading() as s:
            return s.scalars(query).one_or_none()

    def get_certificate(self, *, code: str | None = None, participant_id: int | None = None) -> Certificate | None:
        query = select(Certificate).order_by(Certificate.id).limit(1)
        if code is not None:
            query = query.where(Certificate.code == code)
        if participant_id is not None:
            query = query.where(Certificate.participant_id == participant_id)
        with self.reading() as s:
            return s.scalars(query).one_or_none()

    def list_audit(self, action: str | None = None) -> list[AuditEntry]:
        query = select(AuditEntry).order_by(AuditEntry.id)
        if action:
            query = query.where(AuditEntry.action == action)
        with self.reading() as s:
            return list(s.scalars(query))


def open_store(url: str | None = None, *, check: bool = True, kernel: bool = False) -> Store:
    """Open the configured store; with ``check``, insist that its schema is current; ``kernel`` as in :class:`Store`."""
    store = Store(url, kernel=kernel)
    if check:
        try:
            store.ensure_current()
        except ConfigError:
            store.close()
            raise
    return store
