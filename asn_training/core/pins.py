"""Personal PINs: what a new PIN must be, how it is kept (a salted slow hash), and how long wrong guesses lock a
record. No I/O: the participants service stores what these functions return."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from ..errors import InvalidInput

PIN_LENGTHS = range(4, 9)
FREE_FAILURES = 3
BASE_LOCK_S = 30
MAX_LOCK_S = 15 * 60
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}


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


def lock_seconds(failures: int) -> int:
    """How long the record stays locked after ``failures`` wrong PINs in a row (0: not locked)."""
    if failures < FREE_FAILURES:
        return 0
    return min(MAX_LOCK_S, BASE_LOCK_S * 2 ** (failures - FREE_FAILURES))
