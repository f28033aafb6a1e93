"""The command line's error boundary: a message and a documented exit code for every failure, never a traceback on
screen; the traceback of an unexpected one goes to the log file."""

from __future__ import annotations

import tempfile
import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DataError

from asn_training import config
from asn_training.cli import cli
from asn_training.store import Store

from ..conftest import DATA, PG_URL, drop_schema, postgres_schema_url

ROSTER = DATA / "rosters" / "valid_comma.csv"
CHECK = ("Check ASN_TRAINING_DB, that the database server is running, and that the database user may read and write "
         "the kit's tables.")


@pytest.fixture
def run(monkeypatch, tmp_path):
    """Invoke the CLI in English on a fresh SQLite database, logging to a file in ``tmp_path``."""
    monkeypatch.setenv("ASN_TRAINING_DB", f"sqlite:///{tmp_path / 'test.sqlite'}")  # restored after --db sets it
    monkeypatch.setenv("ASN_TRAINING_LOG", str(tmp_path / "log" / "asn-training.log"))

    def invoke(*args: object):
        return CliRunner().invoke(cli, [str(a) for a in args], env={"ASN_TRAINING_LANG": "en"},
                                  catch_exceptions=False)

    return invoke


@pytest.fixture
def fail_import(monkeypatch):
    """Make ``roster import`` fail with the given exception, as a bug or a database would."""
    def fail_with(exc: BaseException) -> None:
        def import_roster(*_args, **_kwargs):
            raise exc

        monkeypatch.setattr("asn_training.services.roster.import_roster", import_roster)
        monkeypatch.setattr("asn_training.services.database.open_store", lambda: Store())  # no schema needed
    return fail_with


def test_a_malformed_database_url_is_a_configuration_error(run):
    result = run("--db", "not a url", "roster", "import", ROSTER)
    assert (result.exit_code, result.stdout) == (3, "")
    assert result.stderr == (
        "Error: The database URL 'not a url' is not valid. Examples: postgresql://user:password@server/netralitas "
        "or sqlite:///var/asn-training.sqlite. Set it with --db or ASN_TRAINING_DB.\n")


def test_a_malformed_url_is_shown_without_its_password(run):
    result = run("--db", "postgresql://admin:rahasia@server:port/db", "db", "upgrade")
    assert result.exit_code == 3
    assert result.stderr.startswith("Error: The database URL 'postgresql://admin:***@server:port/db' is not valid.")


def test_safe_database_url_of_a_malformed_url(monkeypatch):
    monkeypatch.setenv("ASN_TRAINING_DB", "not a url")
    with pytest.raises(config.ConfigError) as caught:
        config.safe_database_url()
    assert caught.value.exit_code == 3


def test_usage_errors_are_clicks(run):
    result = run("roster", "import")
    assert result.exit_code == 2
    assert "Missing argument 'FILE'" in result.stderr


def test_not_found(run):
    assert run("db", "upgrade").exit_code == 0
    result = run("participant", "reset-pin", "198609262015051001")
    assert (result.exit_code, result.stderr) == (4, "Error: NIP 198609262015051001 not found.\n")


def test_a_rejected_roster_is_a_data_error(run):
    assert run("db", "upgrade").exit_code == 0
    result = run("roster", "import", DATA / "rosters" / "overlong_unit.csv")
    assert result.exit_code == 5
    assert result.stderr.endswith("overlong_unit.csv:3: field 'Unit Kerja': 231 characters, at most 200\n")


def test_an_unexpected_failure_is_one_line_naming_the_log(run, fail_import, tmp_path):
    fail_import(RuntimeError("boom\nsecond line"))
    log = tmp_path / "log" / "asn-training.log"
    result = run("roster", "import", ROSTER)
    assert (result.exit_code, result.stdout) == (70, "")
    assert result.stderr == (f"Error: Unexpected failure (RuntimeError: boom). The details are in {log}; send that "
                             "file to the kit's maintainers.\n")
    logged = log.read_text("utf-8")
    assert "Traceback (most recent call last):" in logged and "RuntimeError: boom\nsecond line" in logged
    assert log.stat().st_mode & 0o777 == 0o600  # database errors in it may quote NIPs and names


def test_the_log_falls_back_to_a_temporary_file(run, fail_import, tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("ASN_TRAINING_LOG", str(blocker / "asn-training.log"))  # a directory that cannot exist
    fail_import(ValueError("boom"))
    result = run("roster", "import", ROSTER)
    assert result.exit_code == 70
    log = Path(result.stderr.split("The details are in ")[1].split(";")[0])
    try:
        assert log.parent == Path(tempfile.gettempdir()) and log.name.startswith("asn-training-")
        assert "ValueError: boom" in log.read_text("utf-8")
    finally:
        log.unlink()


def test_the_default_log_is_beside_the_default_database(monkeypatch):
    monkeypatch.delenv("ASN_TRAINING_LOG", raising=False)
    assert config.log_path() == config.var_dir() / "log" / "asn-training.log"


def test_data_the_database_refuses(run, fail_import, tmp_path):
    fail_import(DataError("INSERT INTO participants ...", {}, Exception("value too long for type character "
                                                                       "varying(200)\nCONTEXT: ...")))
    result = run("roster", "import", ROSTER)
    assert result.exit_code == 5
    assert result.stderr == ("Error: The database refused the data: value too long for type character varying(200)."
                             f" Nothing was saved. Details: {tmp_path / 'log' / 'asn-training.log'}\n")


def test_ctrl_c_exits_130_quietly(run, fail_import):
    fail_import(KeyboardInterrupt())
    result = run("roster", "import", ROSTER)
    assert (result.exit_code, result.stdout, result.stderr) == (130, "", "")


@pytest.fixture
def role_without_privileges():
    """A migrated schema, and a login role that may read its schema version but not its tables."""
    url, schema = postgres_schema_url()
    role = f"asn_reader_{uuid.uuid4().hex[:8]}"
    with Store(url) as store:
        store.upgrade()
    admin = create_engine(PG_URL)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE ROLE "{role}" LOGIN'))
        connection.execute(text(f'GRANT USAGE ON SCHEMA "{schema}" TO "{role}"'))
        connection.execute(text(f'GRANT SELECT ON "{schema}".alembic_version TO "{role}"'))
    yield make_url(url).set(username=role).render_as_string(hide_password=False)
    drop_schema(schema)
    with admin.begin() as connection:
        connection.execute(text(f'DROP OWNED BY "{role}"'))
        connection.execute(text(f'DROP ROLE "{role}"'))
    admin.dispose()


@pytest.mark.postgres
def test_a_postgresql_permission_error_is_a_message_and_the_traceback_is_logged(run, role_without_privileges,
                                                                                tmp_path):
    result = run("--db", role_without_privileges, "roster", "import", ROSTER)
    log = tmp_path / "log" / "asn-training.log"
    assert (result.exit_code, result.stdout) == (3, "")
    assert result.stderr == (f"Error: The database refused the operation: permission denied for table participants. "
                             f"{CHECK} Details: {log}\n")
    logged = log.read_text("utf-8")
    assert "Traceback (most recent call last):" in logged
    assert "sqlalchemy.exc.ProgrammingError: (psycopg.errors.InsufficientPrivilege)" in logged
