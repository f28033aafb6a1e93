"""The house's import contract: each layer imports only downwards (docs/developer.md shows the picture).

Checked on the source with :mod:`ast`, so a forbidden import fails the suite even if nothing runs it. The rule is
small enough to read here; the tests at the end show that it catches what it must.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import asn_training

PACKAGE = Path(asn_training.__file__).parent
NAME = "asn_training"
LAYERS = ("core", "content", "store", "reports", "formats", "services", "ui", "cli", "server", "kernels")
FOUNDATION = {"errors", "i18n", "config"}  # shared by every layer; they import nothing of ours but each other
HEAVY_OR_IO = {"sqlalchemy", "alembic", "ipywidgets", "click", "pandas", "fpdf", "openpyxl", "xlsxwriter", "voila",
               "subprocess", "socket", "yaml", "jsonschema", "segno"}

# layer -> (our layers it must not import, outside packages it must not import)
FORBIDDEN: dict[str, tuple[set[str], set[str]]] = {
    "core": ({"content", "store", "reports", "formats", "services", "ui", "cli", "server"}, HEAVY_OR_IO),
    "content": ({"store", "reports", "formats", "services", "ui", "cli", "server"},
                {"sqlalchemy", "alembic", "ipywidgets", "click", "pandas", "fpdf"}),
    "store": ({"content", "reports", "formats", "services", "ui", "cli", "server"},
              {"ipywidgets", "click", "pandas", "fpdf"}),
    "reports": ({"services", "ui", "cli", "server"}, {"ipywidgets", "click"}),
    "formats": ({"services", "ui", "cli", "server", "store"}, {"ipywidgets", "click", "sqlalchemy"}),
    "services": ({"ui", "cli", "server"}, {"ipywidgets", "click"}),
    "ui": ({"store", "cli", "server"}, {"sqlalchemy", "click", "alembic"}),
    "cli": ({"store", "ui"}, {"sqlalchemy", "ipywidgets", "pandas"}),
    "server": ({"store", "ui"}, {"sqlalchemy", "ipywidgets", "pandas"}),
    # The kernel provisioner and its warm parent: they import the participant's modules by name, never by statement.
    "kernels": ({"core", "content", "store", "reports", "formats", "services", "ui", "cli", "server"},
                {"sqlalchemy", "pandas", "click"}),
}


def layer_of(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != NAME or len(parts) < 2:
        return None
    return parts[1] if parts[1] in LAYERS else ("foundation" if parts[1] in FOUNDATION else None)


def imports(module: str, source: str, is_package: bool = False) -> set[str]:
    """Every module ``module`` imports, relative imports resolved to absolute names."""
    found = set()
    base = module.split(".") if is_package else module.split(".")[:-1]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                anchor = base[:len(base) - node.level + 1]
                target = ".".join(anchor + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.add(target)
            found |= {f"{target}.{alias.name}" for alias in node.names}  # `from . import store` names a module
    return found


def violations(module: str, source: str, is_package: bool = False) -> list[str]:
    layer = layer_of(module)
    found = []
    for target in sorted(imports(module, source, is_package)):
        top = target.split(".")[0]
        target_layer = layer_of(target)
        if layer == "foundation" and target_layer not in (None, "foundation"):
            found.append(f"{module} (foundation) imports {target}")
        if layer in FORBIDDEN:
            ours, outside = FORBIDDEN[layer]
            if target_layer in ours or (top != NAME and top in outside):
                found.append(f"{module} ({layer}) imports {target}")
    return found


def package_modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE.parent).with_suffix("")
        if "migrations" in relative.parts:
            continue  # Alembic's scripts belong to the store and import Alembic by design
        parts = list(relative.parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts = parts[:-1]
        yield ".".join(parts), path.read_text("utf-8"), is_package


def test_every_layer_imports_only_downwards():
    found = [v for module, source, is_package in package_modules() for v in violations(module, source, is_package)]
    assert found == []


def test_every_module_belongs_to_a_layer():
    homeless = [module for module, _source, _pkg in package_modules()
                if module != NAME and layer_of(module) is None and module != f"{NAME}.__main__"]
    assert homeless == []


@pytest.mark.parametrize(("module", "source", "is_package"), [
    ("asn_training.core.scoring", "import sqlalchemy\n", False),
    ("asn_training.core.scoring", "from sqlalchemy.orm import Session\n", False),
    ("asn_training.core.scoring", "from ..store import Attempt\n", False),
    ("asn_training.ui.participant.app", "from ...store import Store\n", False),
    ("asn_training.ui.participant", "from .. import kit\nfrom ...store.models import Answer\n", True),
    ("asn_training.ui.kit.router", "from asn_training import store\n", False),
    ("asn_training.services.attempts", "import ipywidgets as widgets\n", False),
    ("asn_training.content.banks", "from ..services import attempts\n", False),
    ("asn_training.cli.roster", "from ..store import open_store\n", False),
])
def test_the_contract_catches_a_forbidden_import(module, source, is_package):
    assert violations(module, source, is_package)


@pytest.mark.parametrize(("module", "source"), [
    ("asn_training.core.scoring", "from ..errors import InvalidInput\nfrom .models import Module\n"),
    ("asn_training.ui.participant.app", "from ...services.attempts import QuizRun\n"),
    ("asn_training.services.attempts", "from sqlalchemy import select\nfrom ..store import Answer\n"),
])
def test_the_contract_allows_the_downward_imports(module, source):
    assert violations(module, source) == []


def test_a_participants_kernel_loads_only_the_layers_it_needs():
    """Every visitor gets a kernel: it imports ui/participant, services, store, content, core and the foundation;
    no reports, formats, CLI or server, and none of their heavy libraries (an allowlist of our layers)."""
    import subprocess
    import sys

    code = ("import sys, asn_training.ui.participant; "
            "print('\\n'.join(m for m in sys.modules if m.startswith('asn_training')))")
    loaded = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout.split()
    allowed = {"core", "content", "store", "services", "ui", "foundation"}
    outside = [m for m in loaded if m != NAME and layer_of(m) not in allowed]
    assert outside == []
    assert f"{NAME}.services.attempts" in loaded and f"{NAME}.ui.kit.widgets" in loaded  # the check sees modules
