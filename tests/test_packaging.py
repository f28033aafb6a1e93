"""Packaging and documentation that cannot rot: environment.yml agrees with pyproject.toml, README's commands
exist, CI runs README's test command, and the participant's kernel stays light."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml
from click.testing import CliRunner

from asn_training.cli import cli

ROOT = Path(__file__).resolve().parent.parent


def name_of(requirement: str) -> str:
    return re.split(r"[\[<>=!~ ]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def test_environment_yml_agrees_with_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    wanted = {name_of(r) for r in project["dependencies"] + project["optional-dependencies"]["test"]}
    environment = yaml.safe_load((ROOT / "environment.yml").read_text("utf-8"))
    conda = {name_of(d) for d in environment["dependencies"] if isinstance(d, str)} - {"python", "pip"}
    assert conda == wanted
    pip = next(d["pip"] for d in environment["dependencies"] if isinstance(d, dict))
    assert pip == ["-e ."]


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
