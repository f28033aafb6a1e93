"""Staff accounts: trainers (``pelatih``) and administrators (``admin``) who sign in to the staff app with a username
and a password.

An administrator creates, disables and re-enables accounts and resets passwords from the command line on the server
(``asn-training user ...``); the staff app only signs people in. Passwords are kept as argon2id hashes (the parameters
stored in the hash; a hash made with weaker parameters is replaced at the next sign-in) and are never logged.

Sign-in tells a stranger nothing: an unknown username, a wrong password and a disabled account are refused with the
same words, after as long a check, and guesses at an unknown username lock as guesses at an account do. Wrong
passwords are slowed down: after :data:`FREE_FAILURES` failures in a row the account is locked, for a time that
doubles with every further failure (1, 2, 4, ... minutes, at most 30). Every guess is counted before its password is
checked, in one conditional UPDATE that refuses it while the account is locked, so guesses sent at once get no more
checks than guesses sent one after another (as participants' PINs are, :mod:`.participants`). Every sign-in and every
refusal is an audit entry.

The staff app asks who is signed in through one function (``current_staff(app)``), today the :class:`StaffMember`
returned by :func:`sign_in`; with JupyterHub its user, mapped to an account by username, can take its place.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import case, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..errors import InvalidInput, NotFound
from ..store import AuditEntry, StaffAccount, Store, now

ROLES = ("pelatih", "admin")
MIN_PASSWORD = 10
FREE_FAILURES = 5
BASE_LOCK_MIN = 1
MAX_LOCK_MIN = 30
CHECK_S = 10  # while a guess that may lock the account is checked, others are refused for this long at most
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._@-]{1,79}$")

# argon2-cffi's default: RFC 9106's low-memory profile (64 MiB, 3 passes, 4 lanes). Staff sign in rarely; a password
# may be weak, so the hash, with the lock, must slow down whoever guesses or has stolen the database.
_HASHER = PasswordHasher()


@cache
def _decoy() -> str:
    """A hash to check a guess at an unknown username against, made once when first needed (not at import)."""
    return _HASHER.hash("decoy password, never anyone's")


@dataclass(frozen=True)
class StaffMember:
    """Who is signed in: what the staff app needs to greet them and decide what they may do."""

    id: int
    username: str
    display_name: str
    role: str


@dataclass(frozen=True)
class StaffRow(StaffMember):
    """An account as ``asn-training user list`` shows it: no hash. ``locked_until`` only while the lock holds."""

    active: bool
    last_login_at: datetime | None
    locked_until: datetime | None


def lock_minutes(failures: int) -> int:
    """How long the account stays locked after ``failures`` wrong passwords in a row (0: not locked)."""
    if failures < FREE_FAILURES:
        return 0
    return min(MAX_LOCK_MIN, BASE_LOCK_MIN * 2 ** (failures - FREE_FAILURES))


def normalise_username(raw: str) -> str:
    return str(raw).strip().lower()


def check_username(raw: str) -> str:
    """A new account's username, lower-cased, or :class:`InvalidInput` if it cannot be one."""
    username = normalise_username(raw)
    if not USERNAME.match(username):
        raise InvalidInput("staff.bad_username", username=username)
    return username


def check_password(password: str) -> str:
    """A new password as given (spaces count), or :class:`InvalidInput` if it is too short to resist guessing."""
    password = str(password)
    if len(password.strip()) < MIN_PASSWORD:
        raise InvalidInput("staff.weak_password", count=MIN_PASSWORD)
    return password


def _matches(password: str, stored: str) -> bool:
    try:
        return _HASHER.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def _member(account: StaffAccount) -> StaffMember:
    return StaffMember(account.id, account.username, account.display_name, account.role)


def add_user(store: Store, username: str, display_name: str, role: str, password: str, *, actor: str) -> StaffMember:
    """Create an account; refused if the username is taken."""
    username = check_username(username)
    display_name = " ".join(str(display_name).split())
    if not display_name:
        raise InvalidInput("staff.need_name")
    if len(display_name) > 200:
        raise InvalidInput("staff.long_name", count=200)
    if any(mark in display_name for mark in "<>"):  # shown on the staff pages: plain words only
        raise InvalidInput("staff.markup")
    if role not in ROLES:
        raise InvalidInput("staff.bad_role", role=role, roles=", ".join(ROLES))
    password_hash = _HASHER.hash(check_password(password))  # slow on purpose: before the transaction
    account = StaffAccount(username=username, display_name=display_name, role=role, password_hash=password_hash,
                           active=True, failed_count=0)
    try:
        with store.transaction() as s:
            s.add(account)
            s.flush()
            s.add(AuditEntry.of(actor, "staff.add", username=username, role=role))
    except IntegrityError:
        raise InvalidInput("staff.exists", username=username) from None
    return _member(account)


def list_users(store: Store) -> list[StaffRow]:
    """Every account, by username."""
    moment = now()
    with store.reading() as s:
        accounts = s.scalars(select(StaffAccount).order_by(StaffAccount.username)).all()
        return [StaffRow(a.id, a.username, a.display_name, a.role, a.active, a.last_login_at,
                         a.locked_until if a.locked_until and a.locked_until > moment else None) for a in accounts]


def _change(store: Store, username: str, action: str, values: dict[str, object], *, actor: str,
            **detail: object) -> None:
    """Update one account by username, with its audit entry; :class:`NotFound` if there is none."""
    username = normalise_username(username)
    with store.transaction() as s:
        changed = s.execute(update(StaffAccount).where(StaffAccount.username == username).values(**values)
                            .returning(StaffAccount.id), execution_options={"synchronize_session": False}).first()
        if changed is None:
            raise NotFound("staff.unknown", username=username)
        s.add(AuditEntry.of(actor, action, username=username, **detail))


def set_active(store: Store, username: str, active: bool, *, actor: str) -> None:
    """Disable an account (it can no longer sign in; its sessions and audit entries stay) or enable it again, with
    its failed sign-ins forgotten."""
    values: dict[str, object] = {"active": active}
    if active:
        values |= {"failed_count": 0, "locked_until": None}
    _change(store, username, "staff.set_active", values, actor=actor, active=active)


def reset_password(store: Store, username: str, password: str, *, actor: str) -> None:
    """Give an account a new password and unlock it."""
    password_hash = _HASHER.hash(check_password(password))
    _change(store, username, "staff.reset_password",
            {"password_hash": password_hash, "failed_count": 0, "locked_until": None}, actor=actor)


def sign_in(store: Store, username: str, password: str) -> StaffMember:
    """Check a username and password; count failures and lock the account for a growing time after too many.

    The guess is counted first, in one statement that refuses it if the account is locked; the guess that may reach
    the limit locks the account for :data:`CHECK_S` while it is checked. The slow hash runs outside any transaction;
    the outcome is written only if the password is still the one checked (an administrator may have reset it)."""
    username = normalise_username(username)[:81]  # longer than any account's: unknown, and short enough to log
    actor = f"staff:{username}"
    moment = now()
    with store.transaction() as s:
        counted = s.execute(
            update(StaffAccount)
            .where(StaffAccount.username == username,
                   or_(StaffAccount.locked_until.is_(None), StaffAccount.locked_until <= moment))
            .values(failed_count=StaffAccount.failed_count + 1,
                    locked_until=case((StaffAccount.failed_count + 1 >= FREE_FAILURES,
                                       moment + timedelta(seconds=CHECK_S)), else_=None))
            .returning(StaffAccount.id, StaffAccount.failed_count, StaffAccount.password_hash, StaffAccount.active),
            execution_options={"synchronize_session": False}).one_or_none()
    if counted is None:
        raise _refusal(store, username, actor, moment)
    account_id, failures, checked, active = counted
    if _matches(str(password), checked) and active:
        return _signed_in(store, account_id, username, str(password), checked)
    minutes = lock_minutes(failures)
    with store.transaction() as s:
        if minutes:
            s.execute(update(StaffAccount)
                      .where(StaffAccount.id == account_id, StaffAccount.password_hash == checked)
                      .values(locked_until=now() + timedelta(minutes=minutes)),
                      execution_options={"synchronize_session": False})
        s.add(AuditEntry.of(actor, "staff.sign_in_failed", username=username,
                            reason="wrong_password" if active else "disabled", failures=failures,
                            locked_minutes=minutes))
    if minutes:
        raise InvalidInput("staff.locked", minutes=minutes)
    raise InvalidInput("staff.bad_credentials")


def _refusal(store: Store, username: str, actor: str, moment: datetime) -> InvalidInput:
    """Why a guess was not even checked: a locked account, or none by that name."""
    with store.reading() as s:
        found = s.execute(select(StaffAccount.id, StaffAccount.locked_until)
                          .where(StaffAccount.username == username)).one_or_none()
    if found is None:
        return _unknown(store, username, actor)
    until = found.locked_until or moment  # unlocked again since: the guess may be sent again
    with store.transaction() as s:
        return _locked(s, username, actor, until - moment)


def _locked(s: Session, username: str, actor: str, left: timedelta) -> InvalidInput:
    """A guess refused unchecked while a lock holds, with its audit entry (in ``s``)."""
    minutes = max(1, math.ceil(left.total_seconds() / 60))
    s.add(AuditEntry.of(actor, "staff.sign_in_failed", username=username, reason="locked", minutes=minutes))
    return InvalidInput("staff.locked", minutes=minutes)


def _unknown(store: Store, username: str, actor: str) -> InvalidInput:
    """A guess at a username without an account, answered as a guess at an account would be: counted before it is
    checked (one guess at that username at a time, so guesses sent at once meet the same lock), locked as an account
    would be after as many failures (counted from the audit entries of the last day), after as long a check, so that
    neither the words nor the lock tell a stranger which usernames exist."""
    with store.transaction() as s:
        _one_at_a_time(s, actor)
        moment = now()  # after the wait: every guess counted so far was made before it
        earlier = s.scalars(select(AuditEntry.at)
                            .where(AuditEntry.action == "staff.sign_in_failed", AuditEntry.actor == actor,
                                   AuditEntry.at > moment - timedelta(days=1),
                                   AuditEntry.detail.contains('"reason": "unknown"'))
                            .order_by(AuditEntry.at)).all()
        held = lock_minutes(len(earlier))
        if held and earlier[-1] + timedelta(minutes=held) > moment:
            return _locked(s, username, actor, earlier[-1] + timedelta(minutes=held) - moment)
        failures = len(earlier) + 1
        minutes = lock_minutes(failures)
        s.add(AuditEntry.of(actor, "staff.sign_in_failed", username=username, reason="unknown", failures=failures,
                            locked_minutes=minutes))
    _matches("decoy", _decoy())  # as long as a real check: the time taken tells nothing either
    return InvalidInput("staff.locked", minutes=minutes) if minutes else InvalidInput("staff.bad_credentials")


def _one_at_a_time(s: Session, actor: str) -> None:
    """Hold this transaction's guess at ``actor``'s username until the guesses before it are counted: on PostgreSQL
    by an advisory lock on the name until the commit; on SQLite by beginning the write transaction now (``BEGIN
    IMMEDIATE`` waits for the one before)."""
    if s.get_bind().dialect.name == "postgresql":
        s.execute(select(func.pg_advisory_xact_lock(func.hashtext(actor))))
    else:
        s.connection()


def _signed_in(store: Store, account_id: int, username: str, password: str, checked: str) -> StaffMember:
    """Forget the failures of a right password, note the sign-in (and keep the password with today's parameters
    if it was kept with weaker ones)."""
    values: dict[str, object] = {"failed_count": 0, "locked_until": None, "last_login_at": now()}
    if _HASHER.check_needs_rehash(checked):
        values["password_hash"] = _HASHER.hash(password)
    actor = f"staff:{username}"
    with store.transaction() as s:
        account = s.scalars(update(StaffAccount)
                            .where(StaffAccount.id == account_id, StaffAccount.password_hash == checked,
                                   StaffAccount.active)
                            .values(**values).returning(StaffAccount),
                            execution_options={"synchronize_session": False}).one_or_none()
        if account is not None:
            s.add(AuditEntry.of(actor, "staff.sign_in", username=username))
            return _member(account)
    # reset or disabled while the password was checked: nobody gets in
    with store.transaction() as s:
        s.add(AuditEntry.of(actor, "staff.sign_in_failed", username=username, reason="changed"))
    raise InvalidInput("staff.bad_credentials")


def authorise(store: Store, staff_id: int, owner_id: int | None) -> StaffMember:
    """Who may run a session, asked again before every action on it: an account that is still active, and the
    session's creator or an administrator. A trainer disabled while a tab was open loses the session at their next
    click; another trainer's session is not theirs to move or export."""
    with store.reading() as s:
        return may_run(s.get(StaffAccount, staff_id), owner_id)


def may_run(account: StaffAccount | None, owner_id: int | None) -> StaffMember:
    """The rule of :func:`authorise` over an account row already read (a trainer's move reads it under a lock in
    its own transaction, so a disable cannot slip in between the check and the move)."""
    if account is None or not account.active:
        raise InvalidInput("staff.no_longer_active")
    if account.role != "admin" and owner_id != account.id:
        raise InvalidInput("staff.not_your_session")
    return _member(account)
