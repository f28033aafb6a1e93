"""Who is taking part: identification by NIP (or NI PPPK, or a roster id) and a personal PIN.

The PIN keeps a colleague from opening someone else's record, or signing in their name, by typing their NIP. Wrong
PINs are slowed down: after a few, the record is locked for a time that doubles with every further failure. An
administrator can reset a forgotten PIN.

Typing a number tells a stranger nothing about it: every valid number leads to the same PIN page, and a PIN for a
number without a record (or without a PIN yet) is refused with the very words of a wrong PIN. Whether a number is on
the roster only matters when a record is created.
"""

from __future__ import annotations

import functools
import math
import os
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case, or_, select, update
from sqlalchemy.exc import IntegrityError

from ..core import pins
from ..core.identity import format_nip, normalise_id
from ..errors import InvalidInput, NotFound
from ..store import AuditEntry, Participant, Store, now


@functools.cache
def _decoy() -> str:
    """A hash to check a guess at an unregistered number against, made once when first needed (not when a
    participant's kernel imports this module)."""
    return pins.hash_pin("decoy")


def allow_unlisted() -> bool:
    """``ASN_TRAINING_ALLOW_UNLISTED=1`` lets people who are not on a loaded roster take part (flagged)."""
    return os.environ.get("ASN_TRAINING_ALLOW_UNLISTED", "").lower() in ("1", "true", "yes", "ya")


@dataclass(frozen=True)
class Lookup:
    """The outcome of typing a number: who it is (if known) and what happens next."""

    nip: str
    kind: str
    participant: Participant | None
    roster_loaded: bool


def lookup(store: Store, kind: str, raw_nip: str) -> Lookup:
    """Validate the number and find its record. What is found stays in the kernel: the page shows the same PIN step
    for every valid number."""
    nip = normalise_id(raw_nip, kind, typed=True)
    participant = store.get_participant(nip)
    return Lookup(nip, kind, participant, store.count_participants(listed=True) > 0)


def register(store: Store, found: Lookup, name: str, unit: str, pin: str, again: str, lang: str) -> Participant:
    """First visit: set the PIN (and, for someone not on the roster, name and unit; flagged as unlisted). A number
    outside a loaded roster is refused unless allowed (:func:`allow_unlisted`).

    Only a record without a PIN gets one: a registration page opened before the owner registered, or a second tab,
    never replaces her PIN; it is told that the PIN exists."""
    pin = pins.check_new_pin(pin, again)
    if found.participant is None and found.roster_loaded and not allow_unlisted():
        raise InvalidInput("identify.not_listed", nip=format_nip(found.nip))
    if found.participant is None:
        name, unit = " ".join(str(name).split())[:200], " ".join(str(unit).split())[:200]
        if not name:
            raise InvalidInput("identify.need_name")
        if not unit:
            raise InvalidInput("identify.need_unit")
        if any(mark in name + unit for mark in "<>"):  # printed on receipts and certificates: plain words only
            raise InvalidInput("identify.markup")
    pin_hash = pins.hash_pin(pin)  # slow on purpose: before the transaction, not inside it
    if found.participant is None:
        participant = Participant(nip=found.nip, id_kind=found.kind, name=name, unit=unit, lang=lang,
                                  pin_hash=pin_hash)
        try:
            with store.transaction() as s:
                s.add(participant)
            return participant
        except IntegrityError:
            pass  # registered, or loaded from a roster, since the page was opened: set the PIN only if it has none
    with store.transaction() as s:
        updated = s.scalars(
            update(Participant)
            .where(Participant.nip == found.nip, Participant.pin_hash.is_(None))
            .values(pin_hash=pin_hash, lang=lang, pin_failures=0, locked_until=None)
            .returning(Participant),
            execution_options={"synchronize_session": False}).one_or_none()
    if updated is None:
        raise InvalidInput("pin.already_set")
    return updated


def sign_in(store: Store, found: Lookup, pin: str, *, earlier: int = 0) -> Participant:
    """Check the PIN; count failures and lock the record for a growing time after too many.

    A number without a record, or without a PIN yet, is refused exactly as a wrong PIN is, after as long a check;
    ``earlier`` (the wrong PINs this page already sent for the number) counts its tries down as a record's would.

    Every guess is counted before its PIN is checked, in one conditional statement that refuses it if the record is
    locked; the guess that may reach the limit locks the record while it is checked. So guesses sent at once get
    no more checks than guesses sent one after another. The slow hash runs outside any transaction; the outcome is
    written only if the PIN is still the one checked (an administrator may have reset it meanwhile)."""
    moment = now()
    with store.transaction() as s:
        counted = s.execute(
            update(Participant)
            .where(Participant.nip == found.nip, Participant.pin_hash.is_not(None),
                   or_(Participant.locked_until.is_(None), Participant.locked_until <= moment))
            .values(pin_failures=Participant.pin_failures + 1,
                    locked_until=case((Participant.pin_failures + 1 >= pins.FREE_FAILURES,
                                       moment + timedelta(seconds=pins.CHECK_S)), else_=None))
            .returning(Participant.id, Participant.pin_failures, Participant.pin_hash),
            execution_options={"synchronize_session": False}).one_or_none()
    if counted is None:
        raise _refusal(store, found.nip, moment, earlier)
    participant_id, failures, checked = counted
    assert checked is not None  # the update only counts guesses at a record with a PIN
    if pins.pin_matches(str(pin).strip(), checked):
        return _signed_in(store, participant_id, pin, checked)
    seconds = pins.lock_seconds(failures)
    if not seconds:
        raise InvalidInput("pin.wrong_tries_left", count=pins.tries_left(failures))
    with store.transaction() as s:
        locked = s.execute(update(Participant).where(Participant.id == participant_id,
                                                     Participant.pin_hash == checked)
                           .values(locked_until=now() + timedelta(seconds=seconds)).returning(Participant.id),
                           execution_options={"synchronize_session": False}).first()
        if locked:
            s.add(AuditEntry.of(f"participant:{participant_id}", "participant.locked", failures=failures,
                                seconds=seconds))
    raise InvalidInput("pin.locked", seconds=seconds)


def _refusal(store: Store, nip: str, moment: datetime, earlier: int) -> InvalidInput:
    """Why a guess was not even checked: a locked record, or no PIN to check (no record, a PIN never set or reset),
    told as a wrong PIN."""
    participant = store.get_participant(nip)
    if participant is None or participant.pin_hash is None:
        pins.pin_matches("0000", _decoy())  # as long as a real check: the time taken tells nothing either
        seconds = pins.lock_seconds(min(earlier + 1, pins.FREE_FAILURES))
        if seconds:
            return InvalidInput("pin.locked", seconds=seconds)
        return InvalidInput("pin.wrong_tries_left", count=pins.tries_left(earlier + 1))
    until = participant.locked_until or moment  # unlocked again since: the guess may be sent again
    seconds = max(1, math.ceil((until - moment).total_seconds()))
    return InvalidInput("pin.locked", seconds=seconds)


def _signed_in(store: Store, participant_id: int, pin: str, checked: str) -> Participant:
    """Clear the failures of a right PIN (and keep it with today's hash if it was kept with an older one)."""
    values: dict[str, object] = {"pin_failures": 0, "locked_until": None}
    if pins.needs_rehash(checked):
        values["pin_hash"] = pins.hash_pin(str(pin).strip())
    with store.transaction() as s:
        participant = s.scalars(update(Participant)
                                .where(Participant.id == participant_id, Participant.pin_hash == checked)
                                .values(**values).returning(Participant),
                                execution_options={"synchronize_session": False}).one_or_none()
    if participant is None:  # the PIN was reset while it was checked
        raise NotFound("identify.unknown")
    return participant


def set_language(store: Store, participant_id: int, lang: str) -> None:
    with store.transaction() as s:
        participant = s.get(Participant, participant_id)
        if participant is not None:
            participant.lang = lang


def reset_pin(store: Store, kind: str, raw_nip: str, actor: str = "cli") -> Participant:
    """An administrator clears a forgotten PIN; the participant sets a new one on their next visit."""
    nip = normalise_id(raw_nip, kind)
    with store.transaction() as s:
        participant = s.scalars(select(Participant).where(Participant.nip == nip)).one_or_none()
        if participant is None:
            raise NotFound("identify.unknown_nip", nip=raw_nip)
        participant.pin_hash, participant.pin_failures, participant.locked_until = None, 0, None
        s.add(AuditEntry.of(actor, "participant.reset_pin", nip=nip))
    return participant
