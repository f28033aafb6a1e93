"""The registry of legal references (``data/legal_refs.yaml``) that scenarios cite by id."""

from __future__ import annotations

from pathlib import Path

from .. import config
from ..core.models import Reference
from ..errors import ContentError, Problem
from . import yamlfile

CONFIDENCE = ("H", "M", "L")
_FIELDS = ("id", "instrument", "article", "title", "source", "confidence")


def default_path() -> Path:
    return config.data_dir() / "legal_refs.yaml"


def load_registry(path: Path | None = None) -> dict[str, Reference]:
    """Read and check the registry; raise :class:`ContentError` listing every problem."""
    path = Path(path or default_path())
    display = str(path)
    data, problems = yamlfile.read(path, display)
    refs: dict[str, Reference] = {}
    entries = data.get("references") if isinstance(data, dict) else None
    if data is not None and not isinstance(entries, list):
        problems.append(Problem(display, yamlfile.line_of(data, []), None, "refs.no_list"))
    for entry in entries or []:
        line = getattr(entry, "line", None)
        if not isinstance(entry, dict):
            problems.append(Problem(display, line, None, "refs.bad_entry"))
            continue
        missing = [f for f in _FIELDS if not entry.get(f)]
        item = entry.get("id")
        if missing:
            problems.append(Problem(display, line, item, "refs.missing_fields", {"fields": ", ".join(missing)}))
        elif entry["confidence"] not in CONFIDENCE:
            problems.append(Problem(display, line, item, "refs.bad_confidence", {"value": entry["confidence"]}))
        elif item in refs:
            problems.append(Problem(display, line, item, "refs.duplicate_id"))
        else:
            refs[item] = Reference(**{f: entry[f] for f in _FIELDS})
    if problems:
        raise ContentError(problems)
    return refs
