"""``asn-training user``: staff accounts from the command line, exact messages and exit codes in both languages."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import update

from asn_training.cli import cli
from asn_training.cli import user as user_cli
from asn_training.services import staff
from asn_training.services.staff import sign_in
from asn_training.store import StaffAccount, Store

PASSWORD = "kopi tubruk pagi"
ROOT = Path(__file__).parents[2]


@pytest.fixture
def run(store_url, monkeypatch):
    """Invoke the CLI against a fresh, upgraded database (SQLite and PostgreSQL); ``input`` is what is typed."""
    monkeypatch.setenv("ASN_TRAINING_DB", store_url)
    monkeypatch.setenv("ASN_TRAINING_TZ", "WIB")

    def invoke(*args: object, lang: str | None = None, input: str | None = None):
        env = {"ASN_TRAINING_LANG": lang} if lang else {}
        return CliRunner().invoke(cli, [str(a) for a in args], env=env, input=input, catch_exceptions=False)

    assert invoke("db", "upgrade").exit_code == 0
    return invoke


def add(run, username: str = "rina", name: str = "Rina Wulandari", *options: str):
    result = run("user", "add", username, "--name", name, *options, "--password-stdin", input=f"{PASSWORD}\n")
    assert result.exit_code == 0, result.stderr
    return result


def test_add_asks_for_the_password_twice(run, store_url):
    result = run("user", "add", "Rina", "--name", "Rina Wulandari", input=f"{PASSWORD}\n{PASSWORD}\n")
    assert (result.exit_code, result.stdout, result.stderr) == (
        0, "Kata sandi: \nUlangi kata sandi: \nAkun rina (pelatih) dibuat untuk Rina Wulandari.\n", "")
    assert PASSWORD not in result.stdout  # typed without being shown
    with Store(store_url) as store:
        assert sign_in(store, "rina", PASSWORD).role == "pelatih"


def test_add_in_english_with_the_admin_role(run):
    result = run("user", "add", "adi", "--name", "Adi Nugroho", "--role", "admin", lang="en",
                 input=f"{PASSWORD}\n{PASSWORD}\n")
    assert (result.exit_code, result.stdout) == (
        0, "Password: \nRepeat the password: \nAccount adi (admin) created for Adi Nugroho.\n")


def test_add_reads_the_password_from_standard_input_for_scripts(run, store_url):
    result = run("user", "add", "rina", "--name", "Rina", "--password-stdin", input=f"{PASSWORD}\r\nignored\n")
    assert (result.exit_code, result.stdout) == (0, "Akun rina (pelatih) dibuat untuk Rina.\n")
    with Store(store_url) as store:
        assert sign_in(store, "rina", PASSWORD).display_name == "Rina"


@pytest.mark.parametrize(("args", "typed", "lang", "stdout", "stderr"), [
    (("rina", "--name", "Rina"), f"{PASSWORD}\nkopi tubruk sore\n", "id", "Kata sandi: \nUlangi kata sandi: \n",
     "Error: Kedua kata sandi berbeda. Tidak ada yang diubah; jalankan perintahnya lagi.\n"),
    (("rina", "--name", "Rina"), f"{PASSWORD}\nkopi tubruk sore\n", "en", "Password: \nRepeat the password: \n",
     "Error: The two passwords differ. Nothing was changed; run the command again.\n"),
    (("rina", "--name", "Rina"), "pendek\n", "id", "Kata sandi: \n",  # refused before it is asked again
     "Error: Kata sandi terlalu pendek: minimal 10 karakter. Kalimat pendek yang mudah Anda ingat lebih kuat "
     "daripada satu kata yang rumit.\n"),
    (("rina", "--name", "Rina", "--password-stdin"), "pendek\n", "en", "",
     "Error: The password is too short: at least 10 characters. A short sentence you can remember is stronger than "
     "one complicated word.\n"),
    (("rina wulandari", "--name", "Rina"), "", "en", "",  # refused before the password is asked
     "Error: Username 'rina wulandari' cannot be used: 2 to 80 characters, lower-case letters, digits, dot, "
     "underscore, @ or hyphen, starting with a letter or digit (for example rina.wulandari).\n"),
    (("rina", "--name", "Rina <i>", "--password-stdin"), f"{PASSWORD}\n", "id", "",
     "Error: Nama lengkap tidak boleh memuat tanda < atau >. Tulis dengan kata-kata biasa.\n"),
])
def test_add_refuses_bad_input_with_exit_code_5(run, args, typed, lang, stdout, stderr):
    result = run("user", "add", *args, lang=lang, input=typed)
    assert (result.exit_code, result.stdout, result.stderr) == (5, stdout, stderr)
    assert run("user", "list").stdout.startswith("Belum ada akun staf.")


def test_add_refuses_a_taken_username(run):
    add(run)
    result = run("user", "add", "RINA", "--name", "Rina Lain", "--password-stdin", input=f"{PASSWORD}\n")
    assert (result.exit_code, result.stderr) == (
        5, "Error: Nama pengguna rina sudah dipakai. Pilih nama lain, atau ganti kata sandinya dengan: "
           "asn-training user reset-password rina\n")


def test_add_refuses_an_unknown_role_as_a_usage_error(run):
    result = run("user", "add", "rina", "--name", "Rina", "--role", "trainer", input=f"{PASSWORD}\n")
    assert result.exit_code == 2 and "'trainer' is not one of 'pelatih', 'admin'" in result.stderr


def test_the_roles_offered_are_the_services_roles():
    assert user_cli.ROLES == staff.ROLES


def test_list_when_there_is_nobody(run):
    assert run("user", "list").stdout == ('Belum ada akun staf. Buat dengan: asn-training user add NAMA_PENGGUNA '
                                          '--name "Nama Lengkap" --role pelatih\n')
    assert run("user", "list", lang="en").stdout == (
        'No staff accounts yet. Create one with: asn-training user add USERNAME --name "Full Name" --role pelatih\n')


def test_list_shows_every_account_without_its_hash(run, store_url):
    add(run)
    add(run, "adi.nugroho", "Adi Nugroho", "--role", "admin")
    add(run, "budi", "Budi")
    with Store(store_url) as store, store.transaction() as s:
        s.execute(update(StaffAccount).where(StaffAccount.username == "rina")
                  .values(last_login_at=datetime(2026, 11, 25, 1, 5, tzinfo=UTC)))
        s.execute(update(StaffAccount).where(StaffAccount.username == "budi")
                  .values(failed_count=5, locked_until=datetime(2099, 1, 2, 3, 4, tzinfo=UTC)))
    assert run("user", "disable", "adi.nugroho").exit_code == 0
    result = run("user", "list")
    assert (result.exit_code, result.stdout) == (0, (
        "Nama pengguna  Nama            Peran    Aktif  Terakhir masuk          Terkunci sampai\n"
        "adi.nugroho    Adi Nugroho     admin    tidak  -                       -\n"
        "budi           Budi            pelatih  ya     -                       2 Januari 2099 10:04\n"
        "rina           Rina Wulandari  pelatih  ya     25 November 2026 08:05  -\n"))
    assert "argon2" not in result.stdout
    assert run("user", "list", lang="en").stdout.splitlines()[0] == (
        "Username     Name            Role     Active  Last sign-in            Locked until")


def test_disable_and_enable(run, store_url):
    add(run)
    result = run("user", "disable", "Rina")
    assert (result.exit_code, result.stdout) == (0, "Akun rina dinonaktifkan; akun itu tidak dapat masuk lagi.\n")
    with Store(store_url) as store:
        with pytest.raises(staff.InvalidInput):
            sign_in(store, "rina", PASSWORD)
    result = run("user", "enable", "rina", lang="en")
    assert (result.exit_code, result.stdout) == (0, "Account rina enabled again.\n")
    with Store(store_url) as store:
        assert sign_in(store, "rina", PASSWORD).username == "rina"


def test_reset_password_asks_twice_and_unlocks(run, store_url):
    add(run)
    with Store(store_url) as store, store.transaction() as s:
        s.execute(update(StaffAccount).values(failed_count=6, locked_until=datetime(2099, 1, 1, tzinfo=UTC)))
    result = run("user", "reset-password", "rina", input="teh manis sore\nteh manis sore\n")
    assert (result.exit_code, result.stdout) == (
        0, "Kata sandi: \nUlangi kata sandi: \nKata sandi akun rina diganti dan kuncinya dibuka.\n")
    result = run("user", "reset-password", "rina", "--password-stdin", lang="en", input="teh manis malam\n")
    assert (result.exit_code, result.stdout) == (0, "Password of account rina changed and the account unlocked.\n")
    with Store(store_url) as store:
        assert sign_in(store, "rina", "teh manis malam").username == "rina"


@pytest.mark.parametrize("command", [("disable",), ("enable",), ("reset-password", "--password-stdin")])
def test_an_unknown_account_exits_4(run, command):
    result = run("user", command[0], "siapa", *command[1:], input=f"{PASSWORD}\n")
    assert (result.exit_code, result.stdout, result.stderr) == (
        4, "", "Error: Tidak ada akun staf bernama siapa. 'asn-training user list' menampilkan semua akun.\n")
    result = run("user", command[0], "siapa", *command[1:], lang="en", input=f"{PASSWORD}\n")
    assert result.stderr == "Error: No staff account is called siapa. 'asn-training user list' shows every account.\n"


@pytest.mark.parametrize(("lang", "texts"), [
    ("id", ["Buat akun staf; kata sandi diminta dua kali", "--password-stdin Baca kata sandi dari baris pertama",
            "--name TEXT Nama lengkap yang ditampilkan", "pelatih: menjalankan sesi pelatihan"]),
    ("en", ["Create a staff account; the password is asked twice", "--password-stdin Read the password from the first",
            "--name TEXT The full name shown", "pelatih: runs training sessions"]),
])
def test_add_explains_itself_and_its_options(lang, texts):
    """Help is translated when the commands are defined: a fresh process per language, as an administrator runs it."""
    env = {**os.environ, "ASN_TRAINING_LANG": lang, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "asn_training", "user", "add", "--help"], env=env,
                          capture_output=True, text=True, check=True)
    shown = " ".join(done.stdout.split())
    assert all(text in shown for text in texts), shown
