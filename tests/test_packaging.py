"""Packaging and documentation that cannot rot: environment.yml agrees with pyproject.toml, README's commands
exist, CI runs README's test command, the participant's kernel stays light, the wheel holds every file of the
package, and an installed kit finds its content in ASN_TRAINING_HOME (and says so when it cannot)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from importlib import metadata
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from asn_training import config
from asn_training.cli import cli

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ("quizzes", "data", "notebooks")
LOCATION_ENV = ("ASN_TRAINING_HOME", "ASN_TRAINING_QUIZZES", "ASN_TRAINING_DATA", "ASN_TRAINING_CACHE",
                "ASN_TRAINING_DB", "XDG_DATA_HOME")
NO_HOME = ("Error: The kit's content (quizzes/, data/, notebooks/) was not found: this kit is installed without its "
           "source folder. Set ASN_TRAINING_HOME to a folder holding quizzes/, data/ and notebooks/, for example: "
           "export ASN_TRAINING_HOME=/srv/asn-training\n")


def name_of(requirement: str) -> str:
    return re.split(r"[\[<>=!~ ;]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def test_environment_yml_agrees_with_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    wanted = {name_of(r) for r in project["dependencies"] + project["optional-dependencies"]["test"]}
    environment = yaml.safe_load((ROOT / "environment.yml").read_text("utf-8"))
    conda = {name_of(d) for d in environment["dependencies"] if isinstance(d, str)} - {"python", "pip"}
    assert conda == wanted
    pip = next(d["pip"] for d in environment["dependencies"] if isinstance(d, dict))
    assert pip == ["-e ."]


def test_one_minimum_python_everywhere():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    minimum = re.fullmatch(r">=3\.(\d+)", pyproject["project"]["requires-python"]).group(1)
    assert pyproject["tool"]["ruff"]["target-version"] == f"py3{minimum}"
    environment = yaml.safe_load((ROOT / "environment.yml").read_text("utf-8"))
    assert f"python>=3.{minimum}" in environment["dependencies"]
    assert f"Python 3.{minimum}+" in (ROOT / "README.md").read_text("utf-8")
    assert sys.version_info >= (3, int(minimum))  # what the tests run on is what we declare


def test_readme_gives_the_two_commands_and_ci_runs_the_test_one():
    readme = (ROOT / "README.md").read_text("utf-8")
    assert "make run" in readme and "make test" in readme
    assert "make test" in (ROOT / ".ci" / "run").read_text("utf-8")
    makefile = (ROOT / "Makefile").read_text("utf-8")
    assert re.search(r"^run:", makefile, re.M) and re.search(r"^test:", makefile, re.M)


def test_readme_cli_examples_name_real_commands():
    readme = (ROOT / "README.md").read_text("utf-8")
    examples = re.findall(r"^asn-training ([a-z]+(?: [a-z]+)?)", readme, re.M)
    assert len(examples) >= 3
    for example in examples:
        result = CliRunner().invoke(cli, [*example.split(), "--help"])
        assert result.exit_code == 0, example


def test_participant_kernel_stays_light():
    """Every visitor gets a kernel: pandas, numpy (via fpdf2) and jsonschema stay out until really needed."""
    code = ("import sys, asn_training.ui; heavy = {'pandas', 'numpy', 'fpdf', 'jsonschema', 'voila', 'alembic'} "
            "& set(sys.modules); "
            "assert not heavy, heavy")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_notebooks_are_stored_without_outputs():
    for path in (ROOT / "notebooks").glob("*.ipynb"):
        text = path.read_text("utf-8")
        assert '"outputs": []' in text and '"execution_count": null' in text, path


def clear_locations(monkeypatch) -> None:
    for name in LOCATION_ENV:
        monkeypatch.delenv(name, raising=False)


def content_home(directory: Path) -> Path:
    """A copy of the kit's content, as an agency would keep it beside an installed kit."""
    for name in CONTENT:
        shutil.copytree(ROOT / name, directory / name, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    return directory


def test_a_checkout_is_its_own_home(monkeypatch):
    clear_locations(monkeypatch)
    assert config.home() == ROOT
    assert config.quizzes_dir() == ROOT / "quizzes" and config.notebooks_dir() == ROOT / "notebooks"
    assert config.database_url() == f"sqlite:///{ROOT / 'var' / 'asn-training.sqlite'}"
    assert config.cache_dir() == ROOT / "var" / "cache"


def test_asn_training_home_holds_the_content_and_the_database(monkeypatch, tmp_path):
    clear_locations(monkeypatch)
    monkeypatch.setenv("ASN_TRAINING_HOME", str(tmp_path))
    assert (config.quizzes_dir(), config.data_dir(), config.notebooks_dir()) == \
        (tmp_path / "quizzes", tmp_path / "data", tmp_path / "notebooks")
    assert config.database_url() == f"sqlite:///{tmp_path / 'var' / 'asn-training.sqlite'}"
    monkeypatch.setenv("ASN_TRAINING_QUIZZES", "/elsewhere/quizzes")  # one location overridden, the rest from home
    assert config.quizzes_dir() == Path("/elsewhere/quizzes") and config.data_dir() == tmp_path / "data"


def test_an_installed_kit_keeps_its_database_per_user(monkeypatch, tmp_path):
    clear_locations(monkeypatch)
    monkeypatch.setattr(config, "CHECKOUT", tmp_path / "site-packages")
    monkeypatch.setenv("HOME", str(tmp_path / "user"))
    assert config.database_url() == f"sqlite:///{tmp_path / 'user/.local/share/asn-training/asn-training.sqlite'}"
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert config.cache_dir() == tmp_path / "xdg" / "asn-training" / "cache"


def test_without_a_checkout_the_kit_asks_for_its_home(monkeypatch, tmp_path):
    clear_locations(monkeypatch)
    monkeypatch.setattr(config, "CHECKOUT", tmp_path / "site-packages")  # as installed from a wheel
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    english = {"ASN_TRAINING_LANG": "en"}
    result = CliRunner().invoke(cli, ["bank", "validate"], env=english)
    assert (result.exit_code, result.stdout, result.stderr) == (3, "", NO_HOME)

    result = CliRunner().invoke(cli, ["bank", "validate"], env={**english, "ASN_TRAINING_HOME": "/no/such/folder"})
    assert result.stderr == ("Error: ASN_TRAINING_HOME=/no/such/folder is not a folder. Set ASN_TRAINING_HOME to a "
                             "folder holding quizzes/, data/ and notebooks/.\n")

    home = content_home(tmp_path / "home")
    result = CliRunner().invoke(cli, ["bank", "validate"], env={**english, "ASN_TRAINING_HOME": str(home)})
    assert result.exit_code == 0, result.stderr
    assert result.stdout.endswith(" scenarios: valid.\n")


# The wheel, built as an agency would install it -----------------------------------------------------------------

def tracked_package_files() -> set[str]:
    listed = subprocess.run(["git", "ls-files", "-z", "asn_training"], cwd=ROOT, capture_output=True, check=True)
    return {name for name in listed.stdout.decode().split("\0") if name}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel, built offline from a clean copy of the sources (no build/ left in the checkout)."""
    version = metadata.version("setuptools")
    if int(version.split(".")[0]) < 77:
        reason = f"setuptools {version} cannot build the wheel: >= 77 is needed (`make setup-test` installs it)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    for name in tracked_package_files():
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / name, source / name)
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
                            "-w", str(work / "dist"), str(source)], capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stdout + built.stderr
    (path,) = (work / "dist").glob("asn_training-*.whl")
    return path


def test_the_wheel_holds_every_file_of_the_package(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert not tracked_package_files() - names
    for needed in ("asn_training/locales/id.yaml", "asn_training/content/schema/bank-v2.json",
                   "asn_training/store/migrations/env.py", "asn_training/store/migrations/script.py.mako",
                   "asn_training/store/migrations/versions/0001_initial_schema.py",
                   "asn_training/share/voila/templates/asn/index.html.j2"):
        assert needed in names


@pytest.mark.slow
def test_an_installed_kit_runs_from_its_home(wheel, tmp_path):
    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "--target", str(site),
                    str(wheel)], check=True, capture_output=True, timeout=300)
    env = {k: v for k, v in os.environ.items() if k not in LOCATION_ENV and k != "PYTHONPATH"}
    env.update(PYTHONPATH=str(site), ASN_TRAINING_LANG="en", XDG_DATA_HOME=str(tmp_path / "xdg"))

    def installed(*args: str, **more: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, *args], cwd=tmp_path, env={**env, **more}, capture_output=True,
                              text=True, timeout=300)

    located = installed("-c", "import asn_training; print(asn_training.__file__)")
    assert located.stdout.startswith(str(site))  # the installed copy, not the checkout
    result = installed("-m", "asn_training", "bank", "validate")
    assert (result.returncode, result.stderr) == (3, NO_HOME)
    result = installed("-m", "asn_training", "db", "upgrade")  # the migrations are in the wheel; a per-user file
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "xdg" / "asn-training" / "asn-training.sqlite").is_file()

    home = str(content_home(tmp_path / "home"))
    result = installed("-m", "asn_training", "bank", "validate", ASN_TRAINING_HOME=home)
    assert result.returncode == 0, result.stderr
    ready = installed("-c", "from asn_training import server; print(server.check_content()); "
                            "print((server.SHARE / 'voila/templates/asn/index.html.j2').is_file())",
                      ASN_TRAINING_HOME=home)
    assert ready.stdout.split() == [f"{home}/notebooks/peserta.ipynb", "True"], ready.stderr
