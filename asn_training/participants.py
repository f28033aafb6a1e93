"""Who is taking part: identification by NIP (or NI PPPK, or a roster id) and a personal PIN.

The PIN keeps a colleague from opening someone else's record, or signing in their name, by typing their NIP. It is
stored as a salted scrypt hash. Wrong PINs are slowed down: after a few, the record is locked for a time that
doubles with every further failure. An administrator can reset a forgotten PIN.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from datetime import timedelta

from .errors import InvalidInput, NotFound
from .identity import normalise_id
from .store import Participant, Store, now

PIN_LENGTHS = range(4, 9)
FREE_FAILURES = 3
BASE_LOCK_S = 30
MAX_LOCK_S = 15 * 60
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}


def allow_unlisted() -> bool:
    """``ASN_TRAINING_ALLOW_UNLISTED=1`` lets people who are not on a loaded roster take part (flagged)."""
    return os.environ.get("ASN_TRAINING_ALLOW_UNLISTED", "").lower() in ("1", "true", "yes", "ya")


def hash_pin(pin: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, **_SCRYPT)
    return f"scrypt${salt.hex()}${digest.hex()}"


def pin_matches(pin: str, stored: str) -> bool:
    _scheme, salt, digest = stored.split("$")
    candidate = hashlib.scrypt(pin.encode(), salt=bytes.fromhex(salt), **_SCRYPT)
    return hmac.compare_digest(candidate.hex(), digest)


def check_new_pin(pin: str, again: str) -> str:
    pin = str(pin).strip()
    if not pin.isdigit() or len(pin) not in PIN_LENGTHS:
        raise InvalidInput("pin.format")
    if len(set(pin)) == 1 or pin in "0123456789" or pin in "9876543210":
        raise InvalidInput("pin.too_simple")
    if pin != str(again).strip():
        raise InvalidInput("pin.mismatch")
    return pin


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
    pin = check_new_pin(pin, again)
    if found.participant is not None:
        if found.participant.pin_hash is not None:
            raise InvalidInput("pin.already_set")
        return store.update_participant(found.participant.id, pin_hash=hash_pin(pin), lang=lang)
    name, unit = " ".join(str(name).split())[:200], " ".join(str(unit).split())[:200]
    if not name:
        raise InvalidInput("identify.need_name")
    if not unit:
        raise InvalidInput("identify.need_unit")
    return store.add_participant(found.nip, found.kind, name, unit, lang=lang, pin_hash=hash_pin(pin))


def sign_in(store: Store, found: Lookup, pin: str) -> Participant:
    """Check the PIN; count failures and lock the record for a growing time after too many."""
    participant = store.get_participant(found.nip)
    if participant is None or participant.pin_hash is None:
        raise NotFound("identify.unknown")
    moment = now()
    if participant.locked_until and participant.locked_until > moment:
        seconds = int((participant.locked_until - moment).total_seconds()) + 1
        raise InvalidInput("pin.locked", seconds=seconds)
    if pin_matches(str(pin).strip(), participant.pin_hash):
        return store.update_participant(participant.id, pin_failures=0, locked_until=None)
    failures = participant.pin_failures + 1
    locked_until = None
    if failures >= FREE_FAILURES:
        seconds = min(MAX_LOCK_S, BASE_LOCK_S * 2 ** (failures - FREE_FAILURES))
        locked_until = moment + timedelta(seconds=seconds)
    store.update_participant(participant.id, pin_failures=failures, locked_until=locked_until)
    raise InvalidInput("pin.wrong")


def reset_pin(store: Store, kind: str, raw_nip: str, actor: str = "cli") -> Participant:
    """An administrator clears a forgotten PIN; the participant sets a new one on their next visit."""
    nip = normalise_id(raw_nip, kind)
    participant = store.get_participant(nip)
    if participant is None:
        raise NotFound("identify.unknown_nip", nip=raw_nip)
    store.audit(actor, "participant.reset_pin", nip=nip)
    return store.update_participant(participant.id, pin_hash=None, pin_failures=0, locked_until=None)
