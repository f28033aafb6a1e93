"""The registry of legal references (``data/legal_refs.yaml``) that scenarios and pledges cite by id."""

from __future__ import annotations

from pathlib import Path

from .. import config
from ..core.models import Reference
from ..errors import ContentError, Problem
from . import schemas

SCHEMA_VERSIONS = (2,)
_FIELDS = ("id", "instrument", "article", "title", "source", "confidence")


def default_path() -> Path:
    return config.data_dir() / "legal_refs.yaml"


def load_registry(path: Path | None = None) -> dict[str, Reference]:
    """Read and check the registry; raise :class:`ContentError` listing every problem."""
    path = Path(path or default_path())
    data, problems = schemas.read(path, "registry", versions=SCHEMA_VERSIONS)
    refs: dict[str, Reference] = {}
    for entry in (data or {}).get("references", []):
        if entry["id"] in refs:
            problems.append(Problem(str(path), entry.line, entry["id"], "refs.duplicate_id"))
        refs[entry["id"]] = Reference(**{f: entry[f] for f in _FIELDS}, checked=dict(entry["checked"]))
    if problems:
        raise ContentError(problems)
    return refs
