"""The database schema. Changes go through an Alembic migration in ``asn_training/store/migrations/versions``.

Every moment is stored in UTC and read back as an aware UTC ``datetime`` (:class:`UTCDateTime`); it becomes a local
date or time of the agency's zone (``config.timezone()``) only where people read it.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def now() -> datetime:
    """This moment, as an aware UTC datetime: the clock of every timestamp in the store."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """A moment: aware datetimes in, aware UTC datetimes out, on every database.

    PostgreSQL keeps it in a ``timestamptz``. SQLite has no time zone type: the moment is stored as its UTC wall
    time (as the naive timestamps before migration 0003 were) and the UTC zone is attached again on reading. A naive
    datetime is refused: nobody can tell which zone it meant.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value!r}: give a time zone (store.now() is aware UTC)")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UTCDateTime}  # every Mapped[datetime] column is a UTC moment


class Participant(Base):
    """An employee: from the roster (``listed``) or self-identified where unlisted participants are allowed."""

    __tablename__ = "participants"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    nip: Mapped[str] = mapped_column(String(32), unique=True)  # NIP, NI PPPK or the roster's id for non-ASN
    id_kind: Mapped[str] = mapped_column(String(10))  # pns | pppk | non_asn
    name: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(200), index=True)
    position: Mapped[str | None] = mapped_column(String(200))
    listed: Mapped[bool] = mapped_column(Boolean, default=False)
    pin_hash: Mapped[str | None] = mapped_column(String(200))
    pin_failures: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None]
    lang: Mapped[str] = mapped_column(String(2), default="id")
    created_at: Mapped[datetime] = mapped_column(default=now)
    updated_at: Mapped[datetime] = mapped_column(default=now, onupdate=now)


class StaffAccount(Base):
    __tablename__ = "staff_accounts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(10))  # pelatih | admin
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=now)
    last_login_at: Mapped[datetime | None]
    failed_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # since the last sign-in
    locked_until: Mapped[datetime | None]


class LiveSession(Base):
    """A trainer's session: participants join by its code; its state is here so every kernel can see it."""

    __tablename__ = "live_sessions"
    __table_args__ = (Index("ix_live_sessions_status", "status"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(12), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    module_id: Mapped[str] = mapped_column(String(60))
    kind: Mapped[str] = mapped_column(String(10), default="quiz")  # quiz | pre | post
    mode: Mapped[str] = mapped_column(String(10), default="mandiri")  # mandiri | dipandu
    status: Mapped[str] = mapped_column(String(10), default="open")  # open | closed
    current_position: Mapped[int | None] = mapped_column(Integer)
    revealed: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff_accounts.id"))
    held_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(default=now)
    closed_at: Mapped[datetime | None]
    # Bumped in the same transaction as every trainer action: what participants' kernels poll, and the condition of
    # every trainer update (UPDATE ... WHERE revision = :seen), so two trainer tabs cannot overwrite each other.
    revision: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    scenario_ids: Mapped[str] = mapped_column(Text, default="", server_default="")  # fixed order, comma-separated
    seconds_per_scenario: Mapped[int | None] = mapped_column(Integer)
    position_started_at: Mapped[datetime | None]  # when the scenario on screen was shown (the countdown)
    place: Mapped[str | None] = mapped_column(String(200))
    unit: Mapped[str | None] = mapped_column(String(200))
    expected: Mapped[int | None] = mapped_column(Integer)


class SessionMember(Base):
    __tablename__ = "session_members"
    session_id: Mapped[int] = mapped_column(ForeignKey("live_sessions.id"), primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id"), primary_key=True)
    joined_at: Mapped[datetime] = mapped_column(default=now)


class Attempt(Base):
    __tablename__ = "attempts"
    __table_args__ = (
        Index("ix_attempts_participant_module", "participant_id", "module_id"),
        Index("ix_attempts_module_status", "module_id", "status"),
        Index("ix_attempts_session_participant", "session_id", "participant_id"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id"))
    module_id: Mapped[str] = mapped_column(String(60))
    kind: Mapped[str] = mapped_column(String(10), default="quiz")  # quiz | pre | post
    bank_version: Mapped[str] = mapped_column(String(12))
    seed: Mapped[int] = mapped_column(BigInteger)
    session_id: Mapped[int | None] = mapped_column(ForeignKey("live_sessions.id"), index=True)
    status: Mapped[str] = mapped_column(String(10), default="open")  # open | finished
    lang: Mapped[str] = mapped_column(String(2), default="id")
    started_at: Mapped[datetime] = mapped_column(default=now)
    finished_at: Mapped[datetime | None]
    points: Mapped[float | None] = mapped_column(Float)
    count: Mapped[int] = mapped_column(Integer)
    percent: Mapped[float | None] = mapped_column(Float)
    passed: Mapped[bool | None] = mapped_column(Boolean)


class Answer(Base):
    """One drawn scenario of an attempt; created with the attempt, filled in when answered."""

    __tablename__ = "answers"
    __table_args__ = (UniqueConstraint("attempt_id", "position"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempts.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    scenario_id: Mapped[str] = mapped_column(String(60), index=True)
    option_order: Mapped[str] = mapped_column(String(200))  # option ids as shown, comma-separated
    chosen: Mapped[str | None] = mapped_column(String(200))  # chosen option ids, comma-separated
    points: Mapped[float | None] = mapped_column(Float)
    answered_at: Mapped[datetime | None]


class PledgeSignature(Base):
    """One signature of one wording of a pledge: signing the same wording again returns the first."""

    __tablename__ = "pledge_signatures"
    __table_args__ = (UniqueConstraint("participant_id", "pledge_id", "text_version",
                                       name="uq_pledge_signatures_once"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id"), index=True)
    pledge_id: Mapped[str] = mapped_column(String(40))  # ikrar | pakta
    text_version: Mapped[str] = mapped_column(String(40))
    text_hash: Mapped[str] = mapped_column(String(64))
    signed_name: Mapped[str] = mapped_column(String(200))
    place: Mapped[str] = mapped_column(String(100))
    signed_on: Mapped[date] = mapped_column(Date)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=now)


class SelfAssessment(Base):
    """Private: only the participant sees their own answers; reports use aggregates over large groups."""

    __tablename__ = "self_assessments"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id"), index=True)
    instrument_version: Mapped[str] = mapped_column(String(40))
    answers: Mapped[str] = mapped_column(Text)  # JSON
    profile: Mapped[str] = mapped_column(Text)  # JSON
    created_at: Mapped[datetime] = mapped_column(default=now)


class Certificate(Base):
    """A participant's one certificate: issuing again (two tabs, a double tap) returns the first."""

    __tablename__ = "certificates"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id"), index=True, unique=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    payload: Mapped[str] = mapped_column(Text)  # JSON: what the certificate states
    issued_at: Mapped[datetime] = mapped_column(default=now)


class AuditEntry(Base):
    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(default=now, index=True)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(60), index=True)
    detail: Mapped[str] = mapped_column(Text, default="{}")  # JSON

    @classmethod
    def of(cls, actor: str, action: str, **detail: object) -> AuditEntry:
        """An entry to add in the same transaction as the change it records."""
        return cls(actor=actor, action=action, detail=json.dumps(detail, default=str))
