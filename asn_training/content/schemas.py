"""One problem pipeline for every content kind: a YAML file read with line numbers, checked against the JSON Schema
of its kind and version, every schema error turned into a :class:`~asn_training.errors.Problem` that names the file,
the line and the item, in words an author understands. The loaders then check what a schema cannot say."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import Problem
from . import yamlfile

LANGUAGE_CODES = ("id", "en")


@cache
def schema(name: str) -> dict:
    """The JSON Schema ``content/schema/<name>.json`` (for example ``bank-v1``)."""
    return json.loads(resources.files("asn_training.content").joinpath("schema", f"{name}.json").read_text("utf-8"))


def item_of(data: Any, path: list) -> str | None:
    """The item a problem is in: the id of the list entry the path goes through (``#n`` if it has none)."""
    if len(path) > 1 and isinstance(path[1], int) and isinstance(data, dict):
        entries = data.get(path[0])
        entry = entries[path[1]] if isinstance(entries, list) and path[1] < len(entries) else None
        ident = entry.get("id") if isinstance(entry, dict) else None
        return ident if isinstance(ident, str) and 0 < len(ident) <= 60 else f"#{path[1] + 1}"
    return None


def dotted(path: list) -> str:
    return ".".join(f"[{p}]" if isinstance(p, int) else str(p) for p in path).replace(".[", "[") or "(root)"


def describe(error, path: list) -> tuple[str, dict]:
    """A catalogue key and parameters for one schema error."""
    where = dotted(path)
    if error.validator == "required":
        missing = [name for name in error.validator_value if name not in error.instance]
        if missing and all(name in LANGUAGE_CODES for name in missing):
            return "bank.missing_translation", {"field": where, "languages": ", ".join(missing)}
        return "bank.missing_field", {"field": where, "names": ", ".join(missing)}
    if error.validator == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        return "bank.unknown_field", {"field": where, "names": ", ".join(map(str, extra))}
    if error.validator == "enum":
        return "bank.not_allowed", {"field": where, "value": error.instance,
                                    "allowed": ", ".join(map(str, error.validator_value))}
    if error.validator == "pattern" and path and path[-1] in ("id", "topic", "area"):
        return "bank.bad_id", {"field": where, "value": error.instance}
    return "bank.schema", {"field": where, "detail": error.message}


def check(data: Any, kind: str, display: str, versions: tuple[int, ...] = (1,),
          item: Callable[[Any, list], str | None] = item_of) -> list[Problem]:
    """Every schema problem of ``data`` (read by :func:`yamlfile.read`) for content ``kind`` (bank, registry, pledge,
    instrument), located by line and item, sorted by line."""
    if not isinstance(data, dict):
        return [Problem(display, getattr(data, "line", 1) or 1, None, "content.not_a_mapping")]
    if data.get("schema_version") not in versions:
        return [Problem(display, yamlfile.line_of(data, ["schema_version"]), None, "bank.schema_version",
                        {"value": data.get("schema_version"), "supported": ", ".join(map(str, versions))})]
    import jsonschema  # only when content is actually validated: its import alone takes most of a second

    validator = jsonschema.Draft202012Validator(schema(f"{kind}-v{data['schema_version']}"))
    problems = []
    for error in validator.iter_errors(data):
        path = list(error.absolute_path)
        problems.append(Problem(display, yamlfile.line_of(data, path), item(data, path), *describe(error, path)))
    return sorted(problems, key=lambda p: p.line or 0)


def numbered(_data: Any, path: list) -> str | None:
    """Items named by their number only (pledge points, whose ``id`` is their Indonesian text)."""
    return f"#{path[1] + 1}" if len(path) > 1 and isinstance(path[1], int) else None


def read(path: Path, kind: str, item: Callable[[Any, list], str | None] = item_of,
         versions: tuple[int, ...] = (1,)) -> tuple[Any, list[Problem]]:
    """Read and schema-check one content file: the data (``None`` if unusable) and every problem found."""
    display = str(path)
    data, problems = yamlfile.read(Path(path), display)
    if data is None:
        return None, problems
    problems += check(data, kind, display, versions, item)
    return (None if problems else data), problems
