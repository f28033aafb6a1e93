"""Staff accounts: created and managed by an administrator, signed in with a password, locked after repeated
failures, every sign-in and failure in the audit log (on SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select, update

from asn_training.errors import InvalidInput, NotFound
from asn_training.services import staff
from asn_training.services.staff import (
    StaffMember,
    StaffRow,
    add_user,
    list_users,
    lock_minutes,
    reset_password,
    set_active,
    sign_in,
)
from asn_training.store import AuditEntry, StaffAccount, Store, now

from .test_participants import at_once

PASSWORD = "kopi tubruk pagi"


def refused(call, *args, **kwargs) -> InvalidInput | NotFound:
    with pytest.raises((InvalidInput, NotFound)) as error:
        call(*args, **kwargs)
    return error.value


def account(store: Store, username: str = "rina") -> StaffAccount:
    with store.reading() as s:
        return s.scalars(select(StaffAccount).where(StaffAccount.username == username)).one()


def set_values(store: Store, username: str = "rina", **values) -> None:
    with store.transaction() as s:
        s.execute(update(StaffAccount).where(StaffAccount.username == username).values(**values))


@pytest.fixture
def rina(store) -> StaffMember:
    return add_user(store, "Rina", "Rina Wulandari", "pelatih", PASSWORD, actor="cli")


def test_an_account_is_added_and_listed_without_its_hash(store, rina):
    assert rina == StaffMember(rina.id, "rina", "Rina Wulandari", "pelatih")
    add_user(store, " Adi.Admin@Bkpsdm ", "  Adi   Nugroho ", "admin", "x" * 10, actor="cli")
    rows = list_users(store)
    assert rows == [StaffRow(rows[0].id, "adi.admin@bkpsdm", "Adi Nugroho", "admin", True, None, None),
                    StaffRow(rina.id, "rina", "Rina Wulandari", "pelatih", True, None, None)]
    assert not any("hash" in field for field in vars(rows[0]))
    assert account(store).password_hash.startswith("$argon2id$")
    assert [(e.actor, e.action, e.detail) for e in store.list_audit("staff.add")][0] == (
        "cli", "staff.add", '{"username": "rina", "role": "pelatih"}')


@pytest.mark.parametrize(("username", "name", "role", "password", "key"), [
    ("rina", "Rina", "pelatih", "pendek", "staff.weak_password"),
    ("rina", "Rina", "pelatih", "   123456789   ", "staff.weak_password"),  # spaces around do not count
    ("r", "Rina", "pelatih", PASSWORD, "staff.bad_username"),
    ("rina wulandari", "Rina", "pelatih", PASSWORD, "staff.bad_username"),
    ("-rina", "Rina", "pelatih", PASSWORD, "staff.bad_username"),
    ("rina", "  ", "pelatih", PASSWORD, "staff.need_name"),
    ("rina", "Rina <b>", "pelatih", PASSWORD, "staff.markup"),
    ("rina", "R" * 201, "pelatih", PASSWORD, "staff.long_name"),
    ("rina", "Rina", "trainer", PASSWORD, "staff.bad_role"),
])
def test_bad_input_is_refused_and_nothing_is_added(store, username, name, role, password, key):
    assert refused(add_user, store, username, name, role, password, actor="cli").key == key
    assert list_users(store) == [] and store.list_audit() == []


def test_a_weak_password_is_refused_with_the_rule(store):
    error = refused(add_user, store, "rina", "Rina", "pelatih", "123456789", actor="cli")
    assert error.message("id").startswith("Kata sandi terlalu pendek: minimal 10 karakter.")
    assert error.message("en").startswith("The password is too short: at least 10 characters.")


def test_a_username_is_taken_whatever_its_case(store, rina):
    error = refused(add_user, store, "RINA", "Rina Lain", "admin", PASSWORD, actor="cli")
    assert (error.key, error.params, type(error)) == ("staff.exists", {"username": "rina"}, InvalidInput)
    assert len(list_users(store)) == 1


def test_sign_in_notes_the_moment_and_forgets_earlier_failures(store, rina):
    refused(sign_in, store, "rina", "salah sekali")
    refused(sign_in, store, "rina", "salah sekali")
    assert account(store).failed_count == 2
    before = now()
    assert sign_in(store, " Rina ", PASSWORD) == rina
    signed = account(store)
    assert (signed.failed_count, signed.locked_until) == (0, None)
    assert before <= signed.last_login_at <= now()
    assert list_users(store)[0].last_login_at == signed.last_login_at
    (entry,) = store.list_audit("staff.sign_in")
    assert (entry.actor, entry.detail) == ("staff:rina", '{"username": "rina"}')


def test_a_wrong_password_and_an_unknown_user_are_told_the_same(store, rina):
    wrong = refused(sign_in, store, "rina", "bukan ini ya")
    unknown = refused(sign_in, store, "siapa", PASSWORD)
    assert wrong.key == unknown.key == "staff.bad_credentials"
    assert wrong.message("id") == unknown.message("id") == "Nama pengguna atau kata sandi salah."
    assert wrong.message("en") == unknown.message("en") == "Wrong username or password."
    reasons = [(e.actor, e.detail) for e in store.list_audit("staff.sign_in_failed")]
    assert reasons == [
        ("staff:rina", '{"username": "rina", "reason": "wrong_password", "failures": 1, "locked_minutes": 0}'),
        ("staff:siapa", '{"username": "siapa", "reason": "unknown", "failures": 1, "locked_minutes": 0}')]


def test_guesses_at_an_unknown_username_lock_as_guesses_at_an_account_do(store, rina):
    """Neither the words nor the lock tell a stranger whether a username has an account."""
    def guesses(username: str, count: int) -> list[tuple[str, dict]]:
        return [(e.key, e.params) for e in (refused(sign_in, store, username, "salah sekali") for _ in range(count))]

    def lock_runs_out() -> None:
        set_values(store, locked_until=now() - timedelta(seconds=1))
        with store.transaction() as s:  # the unknown username's lock is reckoned from its audit entries
            for entry in s.scalars(select(AuditEntry)):
                entry.at -= timedelta(minutes=3)

    bad, locked = ("staff.bad_credentials", {}), ("staff.locked", {"minutes": 1})
    assert guesses("rina", 6) == guesses("siapa", 6) == [bad] * 4 + [locked] * 2
    lock_runs_out()
    assert guesses("rina", 2) == guesses("siapa", 2) == [("staff.locked", {"minutes": 2})] * 2
    details = [e.detail for e in store.list_audit("staff.sign_in_failed") if e.actor == "staff:siapa"]
    assert details[4:6] == ['{"username": "siapa", "reason": "unknown", "failures": 5, "locked_minutes": 1}',
                            '{"username": "siapa", "reason": "locked", "minutes": 1}']


def test_no_audit_entry_holds_a_password_or_its_hash(store, rina):
    refused(sign_in, store, "rina", "tebakan pertama")
    sign_in(store, "rina", PASSWORD)
    reset_password(store, "rina", "kata sandi baru", actor="cli")
    refused(sign_in, store, "nobody", "tebakan kedua")
    entries = " ".join(e.detail for e in store.list_audit())
    assert len(store.list_audit()) == 5
    assert not any(secret in entries for secret in (PASSWORD, "tebakan", "kata sandi baru", "argon2"))


@pytest.mark.parametrize(("failures", "minutes"), [
    (1, 0), (4, 0), (5, 1), (6, 2), (7, 4), (8, 8), (9, 16), (10, 30), (40, 30)])
def test_the_lock_doubles_from_one_minute_to_thirty(failures, minutes):
    assert lock_minutes(failures) == minutes


def test_five_wrong_passwords_lock_the_account_and_each_later_one_doubles_the_lock(store, rina):
    for _ in range(4):
        assert refused(sign_in, store, "rina", "salah sekali").key == "staff.bad_credentials"
    fifth = refused(sign_in, store, "rina", "salah sekali")
    assert (fifth.key, fifth.params) == ("staff.locked", {"minutes": 1})
    assert fifth.message("id") == ("Terlalu banyak percobaan masuk yang gagal; akun ini dikunci sementara. "
                                   "Coba lagi dalam 1 menit.")
    assert fifth.message("en") == "Too many failed sign-ins; this account is locked for a while. Try again in 1 min."
    locked = account(store)
    assert locked.failed_count == 5 and now() + timedelta(seconds=50) < locked.locked_until
    assert list_users(store)[0].locked_until == locked.locked_until
    for minutes in (2, 4, 8, 16, 30, 30):
        set_values(store, locked_until=now() - timedelta(seconds=1))  # the lock has run out
        assert refused(sign_in, store, "rina", "salah sekali").params == {"minutes": minutes}
    set_values(store, locked_until=now() - timedelta(seconds=1))
    assert sign_in(store, "rina", PASSWORD) == rina
    assert (account(store).failed_count, account(store).locked_until) == (0, None)


def test_while_locked_even_the_right_password_is_refused_without_being_checked(store, rina, monkeypatch):
    set_values(store, failed_count=5, locked_until=now() + timedelta(minutes=3))
    checked = []
    monkeypatch.setattr(staff, "_matches", lambda *args: checked.append(args) or True)
    error = refused(sign_in, store, "rina", PASSWORD)
    assert (error.key, error.params) == ("staff.locked", {"minutes": 3})
    assert checked == [] and account(store).failed_count == 5
    (entry,) = store.list_audit("staff.sign_in_failed")
    assert entry.detail == '{"username": "rina", "reason": "locked", "minutes": 3}'
    assert list_users(store)[0].locked_until is not None


def test_an_expired_lock_is_not_listed(store, rina):
    set_values(store, failed_count=5, locked_until=now() - timedelta(minutes=1))
    assert list_users(store)[0].locked_until is None


def test_wrong_passwords_sent_at_once_are_all_counted_and_lock_the_account(store_url, store, rina, monkeypatch):
    checks = []
    real = staff._matches
    monkeypatch.setattr(staff, "_matches", lambda password, stored: checks.append(password) or real(password, stored))
    results = at_once(store_url, 20, lambda s, n: sign_in(s, "rina", f"tebakan nomor {n}"))
    assert all(isinstance(r, InvalidInput) for r in results), results
    assert {r.key for r in results} == {"staff.bad_credentials", "staff.locked"}
    locked = account(store)
    # Every guess whose password was checked is counted; no more were checked than one after another would allow.
    assert locked.failed_count == len(checks) == staff.FREE_FAILURES
    assert locked.locked_until > now() + timedelta(seconds=50)
    assert len(store.list_audit("staff.sign_in_failed")) == 20  # each guess, checked or refused, is recorded


def test_a_disabled_account_cannot_sign_in_and_enabling_it_forgets_its_failures(store, rina):
    set_active(store, "Rina", False, actor="cli")
    assert list_users(store)[0].active is False
    error = refused(sign_in, store, "rina", PASSWORD)  # the right password: told as a wrong one
    assert error.message("en") == "Wrong username or password."
    assert '"reason": "disabled"' in store.list_audit("staff.sign_in_failed")[0].detail
    set_active(store, "rina", True, actor="cli")
    assert account(store).failed_count == 0
    assert sign_in(store, "rina", PASSWORD) == rina
    assert [e.detail for e in store.list_audit("staff.set_active")] == [
        '{"username": "rina", "active": false}', '{"username": "rina", "active": true}']


def test_a_reset_password_replaces_the_old_one_and_unlocks(store, rina):
    set_values(store, failed_count=7, locked_until=now() + timedelta(minutes=4))
    assert refused(reset_password, store, "rina", "pendek", actor="cli").key == "staff.weak_password"
    reset_password(store, "rina", "teh manis sore hari", actor="cli")
    assert (account(store).failed_count, account(store).locked_until) == (0, None)
    assert refused(sign_in, store, "rina", PASSWORD).key == "staff.bad_credentials"
    assert sign_in(store, "rina", "teh manis sore hari") == rina
    (entry,) = store.list_audit("staff.reset_password")
    assert (entry.actor, entry.detail) == ("cli", '{"username": "rina"}')


def test_managing_an_unknown_account_says_it_is_not_there(store):
    for call, args in ((set_active, (False,)), (set_active, (True,)), (reset_password, (PASSWORD,))):
        error = refused(call, store, "siapa", *args, actor="cli")
        assert (type(error), error.key, error.params) == (NotFound, "staff.unknown", {"username": "siapa"})
    assert store.list_audit() == []


def test_a_password_reset_or_a_disable_while_a_password_is_checked_lets_nobody_in(store, rina, monkeypatch):
    real = staff._matches
    for meanwhile in (lambda: reset_password(store, "rina", "kata sandi lain", actor="cli"),
                      lambda: set_active(store, "rina", False, actor="cli")):
        def check(password, stored, meanwhile=meanwhile):
            meanwhile()
            return real(password, stored)

        monkeypatch.setattr(staff, "_matches", check)
        assert refused(sign_in, store, "rina", PASSWORD).key == "staff.bad_credentials"
        assert account(store).last_login_at is None
        monkeypatch.setattr(staff, "_matches", real)
        reset_password(store, "rina", PASSWORD, actor="cli")
        set_active(store, "rina", True, actor="cli")
    assert store.list_audit("staff.sign_in") == []


def test_a_password_kept_with_weaker_argon2_parameters_is_rehashed(store, rina):
    set_values(store, password_hash=PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash(PASSWORD))
    sign_in(store, "rina", PASSWORD)
    stored = account(store).password_hash
    assert not staff._HASHER.check_needs_rehash(stored) and staff._matches(PASSWORD, stored)


def test_guesses_sent_at_once_at_an_unknown_username_are_answered_as_at_an_account(store_url, store, rina):
    """Guesses at a username without an account are counted before they are checked, one at a time, as guesses at
    an account are: sent at once, they meet the same lock, and the answers do not tell which username exists."""
    def answers(username: str) -> list[tuple[str, tuple]]:
        found = at_once(store_url, 8, lambda s, n: sign_in(s, username, f"tebakan nomor {n}"))
        assert all(isinstance(r, InvalidInput) for r in found), found
        return sorted((r.key, tuple(r.params.items())) for r in found)

    assert answers("siapa") == answers("rina") == \
        [("staff.bad_credentials", ())] * 4 + [("staff.locked", (("minutes", 1),))] * 4
    counted = [e.detail for e in store.list_audit("staff.sign_in_failed") if e.actor == "staff:siapa"]
    assert sorted(d for d in counted if '"unknown"' in d)[-1].endswith('"failures": 5, "locked_minutes": 1}')
