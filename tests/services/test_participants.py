"""Registration and sign-in with a personal PIN, on SQLite and PostgreSQL, one at a time and all at once."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from argon2 import PasswordHasher
from sqlalchemy import update

from asn_training.core import pins
from asn_training.errors import InvalidInput, NotFound
from asn_training.services.participants import lookup, register, reset_pin, sign_in
from asn_training.store import Participant, Store, now

from ..conftest import add_participant
from ..core.test_pins import scrypt_hash

NIP = "198609262015051001"


def at_once(store_url: str, count: int, action) -> list:
    """Run ``action(store, number)`` in ``count`` threads started together, each with its own Store (its own
    engine, as each kernel has); the results, or the errors raised, in thread order."""
    results: list = [None] * count
    barrier = threading.Barrier(count)

    def run(number: int) -> None:
        with Store(store_url) as store:
            barrier.wait()
            try:
                results[number] = action(store, number)
            except Exception as exc:  # noqa: BLE001
                results[number] = exc

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def refused(call, *args) -> str:
    """The catalogue key of the error a call is refused with."""
    with pytest.raises((InvalidInput, NotFound)) as error:
        call(*args)
    return error.value.key


def registered(store: Store, pin: str = "2468") -> Participant:
    return register(store, lookup(store, "pns", NIP), "Rina Wulandari", "Bappeda", pin, pin, "id")


def set_hash(store: Store, pin_hash: str) -> None:
    with store.transaction() as s:
        s.execute(update(Participant).where(Participant.nip == NIP).values(pin_hash=pin_hash))


def test_a_first_visit_sets_an_argon2_pin(store):
    participant = registered(store)
    assert participant.name == "Rina Wulandari" and participant.listed is False
    assert store.get_participant(NIP).pin_hash.startswith("$argon2id$")
    assert sign_in(store, lookup(store, "pns", NIP), "2468").id == participant.id


def test_a_registration_page_opened_before_the_owner_registered_does_not_replace_her_pin(store, participant):
    stale = lookup(store, "pns", NIP)  # opened while the record had no PIN
    registered(store, "2468")  # the owner registers in another tab
    assert refused(register, store, stale, "", "", "1357", "1357", "id") == "pin.already_set"
    assert sign_in(store, lookup(store, "pns", NIP), "2468").id == participant.id


def test_registrations_sent_at_once_set_one_pin(store_url, store, participant):
    stale = lookup(store, "pns", NIP)
    new_pins = [f"{n:02d}97" for n in range(6)]
    results = at_once(store_url, len(new_pins),
                      lambda s, n: register(s, stale, "", "", new_pins[n], new_pins[n], "id"))
    winners = [n for n, result in enumerate(results) if isinstance(result, Participant)]
    assert len(winners) == 1
    assert all(isinstance(r, InvalidInput) and r.key == "pin.already_set" for n, r in enumerate(results)
               if n not in winners)
    assert pins.pin_matches(new_pins[winners[0]], store.get_participant(NIP).pin_hash)


def test_someone_not_on_the_roster_registering_twice_is_told_the_pin_exists(store):
    first, second = lookup(store, "pns", NIP), lookup(store, "pns", NIP)  # two tabs, before either registered
    register(store, first, "Rina Wulandari", "Bappeda", "2468", "2468", "id")
    assert refused(register, store, second, "Rina W", "Bappeda", "1357", "1357", "id") == "pin.already_set"
    assert store.count_participants() == 1


def test_unlisted_registrations_sent_at_once_make_one_record(store_url, store):
    stale = lookup(store, "pns", NIP)
    results = at_once(store_url, 4, lambda s, n: register(s, stale, f"Rina {n}", "Bappeda", "2468", "2468", "id"))
    assert sum(isinstance(r, Participant) for r in results) == 1
    assert sorted(r.key for r in results if isinstance(r, InvalidInput)) == ["pin.already_set"] * 3
    assert store.count_participants() == 1


def test_a_record_loaded_from_the_roster_meanwhile_gets_the_pin(store):
    stale = lookup(store, "pns", NIP)  # not known yet: the page asks for name and unit
    add_participant(store, listed=True)  # a roster import adds her before she submits
    participant = register(store, stale, "rina", "bappeda", "2468", "2468", "en")
    assert (participant.name, participant.unit, participant.lang) == ("Rina Wulandari", "Bappeda", "en")
    assert store.count_participants() == 1


def test_wrong_pins_say_how_many_tries_are_left_then_lock(store):
    participant = registered(store)
    found = lookup(store, "pns", NIP)
    with pytest.raises(InvalidInput) as first:
        sign_in(store, found, "9753")
    assert (first.value.key, first.value.message("id")) == (
        "pin.wrong_tries_left", "NIP atau PIN salah. Masih ada 2 kesempatan lagi sebelum data Anda dikunci sementara.")
    with pytest.raises(InvalidInput) as second:
        sign_in(store, found, "9753")
    assert second.value.message("en") == "Wrong NIP or PIN. 1 more try before your record is locked for a while."
    with pytest.raises(InvalidInput) as third:
        sign_in(store, found, "9753")
    assert third.value.message("id") == "Terlalu banyak PIN salah. Coba lagi dalam 30 detik."
    record = store.get_participant(NIP)
    assert record.pin_failures == 3 and record.locked_until > now() + timedelta(seconds=25)
    (entry,) = store.list_audit("participant.locked")  # the lock is recorded; single failures are not
    assert entry.actor == f"participant:{participant.id}" and '"seconds": 30' in entry.detail
    assert len(store.list_audit()) == 1


def test_while_locked_even_the_right_pin_is_refused_without_being_checked(store, monkeypatch):
    registered(store)
    with store.transaction() as s:
        s.execute(update(Participant).where(Participant.nip == NIP)
                  .values(pin_failures=3, locked_until=now() + timedelta(seconds=30)))
    checked = []
    monkeypatch.setattr(pins, "pin_matches", lambda *args: checked.append(args) or True)
    with pytest.raises(InvalidInput) as locked:
        sign_in(store, lookup(store, "pns", NIP), "2468")
    assert locked.value.key == "pin.locked" and 25 <= locked.value.params["seconds"] <= 30
    assert checked == [] and store.get_participant(NIP).pin_failures == 3


def test_after_the_lock_a_wrong_pin_locks_for_longer_and_the_right_one_clears_it(store):
    registered(store)
    found = lookup(store, "pns", NIP)
    with store.transaction() as s:
        s.execute(update(Participant).where(Participant.nip == NIP)
                  .values(pin_failures=3, locked_until=now() - timedelta(seconds=1)))
    with pytest.raises(InvalidInput) as again:
        sign_in(store, found, "9753")
    assert again.value.params == {"seconds": 60}
    with store.transaction() as s:
        s.execute(update(Participant).where(Participant.nip == NIP).values(locked_until=now()))
    sign_in(store, found, "2468")
    record = store.get_participant(NIP)
    assert (record.pin_failures, record.locked_until) == (0, None)


def test_wrong_guesses_sent_at_once_are_all_counted_and_lock_the_record(store_url, store, monkeypatch):
    participant = registered(store)
    found = lookup(store, "pns", NIP)
    checks = []
    real = pins.pin_matches
    monkeypatch.setattr(pins, "pin_matches", lambda pin, stored: checks.append(pin) or real(pin, stored))
    results = at_once(store_url, 20, lambda s, n: sign_in(s, found, f"{1000 + n}"))
    assert all(isinstance(r, InvalidInput) for r in results), results
    assert {r.key for r in results} <= {"pin.wrong_tries_left", "pin.locked"}
    record = store.get_participant(NIP)
    # Every guess whose PIN was checked is counted; no more were checked than one after another would allow.
    assert record.pin_failures == len(checks) == pins.FREE_FAILURES
    assert record.locked_until > now() + timedelta(seconds=25)
    assert [e.actor for e in store.list_audit("participant.locked")] == [f"participant:{participant.id}"]


def test_an_old_scrypt_pin_signs_in_and_is_kept_as_argon2_from_then_on(store):
    registered(store)
    set_hash(store, scrypt_hash("2468"))
    found = lookup(store, "pns", NIP)
    assert refused(sign_in, store, found, "8642") == "pin.wrong_tries_left"
    assert store.get_participant(NIP).pin_hash.startswith("scrypt$")  # a wrong PIN changes nothing
    sign_in(store, found, "2468")
    stored = store.get_participant(NIP).pin_hash
    assert stored.startswith("$argon2id$v=19$m=19456,t=2,p=1$") and pins.pin_matches("2468", stored)
    assert sign_in(store, found, "2468").pin_failures == 0


def test_a_pin_kept_with_weaker_argon2_parameters_is_rehashed(store):
    registered(store)
    set_hash(store, PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash("2468"))
    sign_in(store, lookup(store, "pns", NIP), "2468")
    assert not pins.needs_rehash(store.get_participant(NIP).pin_hash)


def test_a_pin_reset_while_a_guess_is_checked_lets_nobody_in(store, monkeypatch):
    registered(store)
    real = pins.pin_matches

    def reset_meanwhile(pin, stored):
        reset_pin(store, "pns", NIP)
        return real(pin, stored)

    monkeypatch.setattr(pins, "pin_matches", reset_meanwhile)
    assert refused(sign_in, store, lookup(store, "pns", NIP), "2468") == "identify.unknown"
    assert store.get_participant(NIP).pin_hash is None


def wrong_pin_messages(store: Store, nip: str) -> list[str]:
    found, messages = lookup(store, "pns", nip), []
    for earlier in range(4):
        with pytest.raises(InvalidInput) as caught:
            sign_in(store, found, "9753", earlier=earlier)
        messages.append(caught.value.message("id").replace("29 detik", "30 detik"))  # a second may pass
    return messages


@pytest.mark.parametrize("record", ["none", "listed without a pin", "registered"])
def test_an_unknown_number_is_refused_as_a_wrong_pin_is(store, record):
    """A stranger cannot tell from the answers whether a number has a record, or a PIN."""
    if record == "listed without a pin":
        add_participant(store)
    elif record == "registered":
        registered(store)
    messages = wrong_pin_messages(store, NIP)
    assert messages[:3] == [
        "NIP atau PIN salah. Masih ada 2 kesempatan lagi sebelum data Anda dikunci sementara.",
        "NIP atau PIN salah. Masih ada 1 kesempatan lagi sebelum data Anda dikunci sementara.",
        "Terlalu banyak PIN salah. Coba lagi dalam 30 detik.",
    ]
    assert messages[3] == messages[2]  # still locked


def test_the_number_typed_reveals_nothing_and_the_roster_is_checked_on_registration(store, monkeypatch):
    add_participant(store, listed=True)  # a roster is loaded
    stranger = "199001012022211001"
    found = lookup(store, "pppk", stranger)  # no refusal at the number: the same PIN step as everyone
    assert found.participant is None
    assert refused(register, store, found, "Sari", "Dinsos", "2468", "2468", "id") == "identify.not_listed"
    monkeypatch.setenv("ASN_TRAINING_ALLOW_UNLISTED", "1")
    assert register(store, found, "Sari", "Dinsos", "2468", "2468", "id").listed is False


def test_a_participant_typing_an_excel_number_is_told_to_type_the_digits(sqlite_store):
    with pytest.raises(InvalidInput) as caught:
        lookup(sqlite_store, "pns", "1.98609E+17")
    assert caught.value.key == "nip.excel_number_typed"
