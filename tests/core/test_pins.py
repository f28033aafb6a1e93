"""PINs: what a new one must be, how it is kept (argon2id; old scrypt hashes still read), how long guesses lock."""

from __future__ import annotations

import hashlib
import secrets

import pytest
from argon2 import PasswordHasher

from asn_training.core import pins
from asn_training.errors import InvalidInput


def scrypt_hash(pin: str) -> str:
    """A PIN as the kit kept it before argon2."""
    salt = secrets.token_bytes(16)
    return f"scrypt${salt.hex()}${hashlib.scrypt(pin.encode(), salt=salt, n=2**14, r=8, p=1).hex()}"


def test_a_pin_is_kept_as_an_argon2id_hash_with_its_parameters():
    stored = pins.hash_pin("2468")
    assert stored.startswith("$argon2id$v=19$m=19456,t=2,p=1$") and "2468" not in stored
    assert stored != pins.hash_pin("2468")  # salted
    assert pins.pin_matches("2468", stored) and not pins.pin_matches("2469", stored)
    assert not pins.needs_rehash(stored)


def test_old_scrypt_hashes_still_match_and_ask_to_be_replaced():
    stored = scrypt_hash("2468")
    assert pins.pin_matches("2468", stored) and not pins.pin_matches("8642", stored)
    assert pins.needs_rehash(stored)


def test_argon2_hashes_with_weaker_parameters_ask_to_be_replaced():
    weak = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash("2468")
    assert pins.pin_matches("2468", weak) and pins.needs_rehash(weak)


@pytest.mark.parametrize(("pin", "again", "key"), [
    ("12", "12", "pin.format"), ("123456789", "123456789", "pin.format"), ("12a4", "12a4", "pin.format"),
    ("1111", "1111", "pin.too_simple"), ("3456", "3456", "pin.too_simple"), ("8765", "8765", "pin.too_simple"),
    ("2468", "2469", "pin.mismatch"),
])
def test_weak_or_mistyped_new_pins_are_refused(pin, again, key):
    with pytest.raises(InvalidInput) as refused:
        pins.check_new_pin(pin, again)
    assert refused.value.key == key


def test_a_good_new_pin_is_kept_without_spaces():
    assert pins.check_new_pin(" 2468 ", "2468") == "2468"


@pytest.mark.parametrize(("failures", "seconds", "left"), [
    (0, 0, 3), (1, 0, 2), (2, 0, 1), (3, 30, 0), (4, 60, 0), (5, 120, 0), (8, 900, 0), (20, 900, 0),
])
def test_wrong_guesses_lock_for_a_doubling_time(failures, seconds, left):
    assert pins.lock_seconds(failures) == seconds and pins.tries_left(failures) == left
