"""Personal PINs: what a new PIN must be, how it is kept (argon2id, its parameters stored in the hash), and how long
wrong guesses lock a record. No I/O: the participants service stores what these functions return.

Hashes made before argon2 (``scrypt$salt$digest``) are still read; :func:`needs_rehash` tells the service to replace
them, and hashes with weaker argon2 parameters, at the next successful sign-in.
"""

from __future__ import annotations

import hashlib
import hmac

from argon2 import PasswordHasher
from argon2.exceptions import VerifyMismatchError

from ..errors import InvalidInput

PIN_LENGTHS = range(4, 9)
FREE_FAILURES = 3
BASE_LOCK_S = 30
MAX_LOCK_S = 15 * 60
CHECK_S = 10  # while a guess that may lock the record is checked, others wait this long at most

# OWASP's second argon2id profile (19 MiB, 2 passes, 1 lane): about 15 ms a hash on a small server, and little
# memory for the many kernels that may sign in at once. A PIN has few digits: the lock, not the hash, keeps guessers
# out; the hash only slows down someone who has stolen the database.
_HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}


def hash_pin(pin: str) -> str:
    return _HASHER.hash(pin)


def pin_matches(pin: str, stored: str) -> bool:
    """Whether ``pin`` is the PIN kept as ``stored`` (argon2, or the older scrypt form)."""
    if stored.startswith("scrypt$"):
        _scheme, salt, digest = stored.split("$")
        candidate = hashlib.scrypt(pin.encode(), salt=bytes.fromhex(salt), **_SCRYPT)
        return hmac.compare_digest(candidate.hex(), digest)
    try:
        return _HASHER.verify(stored, pin)
    except VerifyMismatchError:
        return False


def needs_rehash(stored: str) -> bool:
    """Whether a hash that just matched should be replaced by one with today's scheme and parameters."""
    return stored.startswith("scrypt$") or _HASHER.check_needs_rehash(stored)


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


def tries_left(failures: int) -> int:
    """Wrong PINs still allowed before the record locks."""
    return max(0, FREE_FAILURES - failures)
