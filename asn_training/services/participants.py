"""Who is taking part: identification by NIP (or NI PPPK, or a roster id) and a personal PIN.

The PIN keeps a colleague from opening someone else's record, or signing in their name, by typing their NIP. Wrong
PINs are slowed down: after a few, the record is locked for a time that doubles with every further failure. An
administrator can reset a forgotten PIN.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select

from ..core import pins
from ..core.identity import normalise_id
from ..errors import InvalidInput, NotFound
from ..store import AuditEntry, Participant, Store, now


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

    @property
    def needs_pin(self) -> bool:
        return self.participant is not None and self.participant.pin_hash is not None


def lookup(store: Store, kind: str, raw_nip: str) -> Lookup:
    """Validate the number and find its record; refuse numbers outside a loaded roster unless allowed."""
    nip = normalise_id(raw_nip, kind)
    participant = store.get_participant(nip)
    roster_loaded = store.count_participants(listed=True) > 0
    if participant is None and roster_loaded and not allow_unlisted():
        raise InvalidInput("identify.not_listed", nip=raw_nip)
    return Lookup(nip, kind, participant, roster_loaded)


def register(store: Store, found: Lookup, name: str, unit: str, pin: str, again: str, lang: str) -> Participant:
    """First visit: set the PIN (and, for someone not on the roster, name and unit; flagged as unlisted)."""
    pin = pins.check_new_pin(pin, again)
    with store.transaction() as s:
        if found.participant is not None:
            participant = s.get(Participant, found.participant.id)
            if participant.pin_hash is not None:
                raise InvalidInput("pin.already_set")
            participant.pin_hash, participant.lang = pins.hash_pin(pin), lang
            return participant
        name, unit = " ".join(str(name).split())[:200], " ".join(str(unit).split())[:200]
        if not name:
            raise InvalidInput("identify.need_name")
        if not unit:
            raise InvalidInput("identify.need_unit")
        participant = Participant(nip=found.nip, id_kind=found.kind, name=name, unit=unit, lang=lang,
                                  pin_hash=pins.hash_pin(pin))
        s.add(participant)
    return participant


def sign_in(store: Store, found: Lookup, pin: str) -> Participant:
    """Check the PIN; count failures and lock the record for a growing time after too many."""
    participant = store.get_participant(found.nip)
    if participant is None or participant.pin_hash is None:
        raise NotFound("identify.unknown")
    moment = now()
    if participant.locked_until and participant.locked_until > moment:
        seconds = int((participant.locked_until - moment).total_seconds()) + 1
        raise InvalidInput("pin.locked", seconds=seconds)
    with store.transaction() as s:
        participant = s.get(Participant, participant.id)
        if pins.pin_matches(str(pin).strip(), participant.pin_hash):
            participant.pin_failures, participant.locked_until = 0, None
            return participant
        participant.pin_failures += 1
        seconds = pins.lock_seconds(participant.pin_failures)
        participant.locked_until = moment + timedelta(seconds=seconds) if seconds else None
    raise InvalidInput("pin.wrong")


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
