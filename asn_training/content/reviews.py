"""A reviewer's decision, written into the content file it is about (``asn-training bank review``).

The decision replaces the item's ``review`` line only: every other line of the file stays as its author wrote it.
The edited file is validated before it replaces the old one, atomically and under a lock, so a typo in a name or two
reviewers at once never leave a broken or half-written bank.
"""

from __future__ import annotations

import fcntl
import os
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .. import i18n
from ..core import review as reviews
from ..core.models import Reference
from ..errors import ContentError, NotFound
from . import schemas, yamlfile
from .banks import bank_files, load_catalog
from .pledges import PLEDGE_IDS
from .pledges import default_dir as pledges_dir
from .references import load_registry


@dataclass(frozen=True)
class Recorded:
    item: str
    path: Path
    line: int
    state: str  # the item's review state after the decision


@dataclass(frozen=True)
class _Place:
    path: Path
    kind: str  # bank | pledge
    owner: Any  # the mapping that holds (or will hold) the review key
    cited: tuple[str, ...]


def _locate(item: str, paths, pledge_dir: Path | None, registry: dict[str, Reference]) -> _Place:
    catalog = load_catalog(paths, registry)  # refuse to edit banks that do not validate
    module_id, _, section_id = item.partition("/")
    for module in catalog.modules:
        if section_id and module.id == module_id or not section_id and any(s.id == item for s in module.scenarios):
            path = Path(module.source)
            data, _ = yamlfile.read(path, str(path))
            if section_id:
                owners = [s for s in data["module"].get("material") or () if isinstance(s, dict)]
                owner = next((s for s in owners if s.get("id") == section_id), None)
            else:
                owner = next(s for s in data["scenarios"] if s.get("id") == item)
            if owner is not None:
                return _Place(path, "bank", owner, tuple(owner.get("references") or ()))
    if item in PLEDGE_IDS:
        path = Path(pledge_dir or pledges_dir()) / f"{item}.yaml"
        data, problems = schemas.read(path, "pledge", schemas.numbered)
        if data is None:
            raise ContentError(problems)
        return _Place(path, "pledge", data, tuple(data.get("references") or ()))
    raise NotFound("review.unknown_item", item=item)


def _flow(mapping: dict) -> str:
    return yaml.safe_dump(mapping, default_flow_style=True, allow_unicode=True, width=float("inf"),
                          sort_keys=False).strip()


def _rewritten(text: str, owner: Any, mapping: dict) -> tuple[str, int]:
    """``text`` with the owner's review value replaced by ``mapping`` on one line; and that line's number."""
    lines = text.splitlines(keepends=True)
    if "review" not in owner.key_lines:  # a pledge without a review yet: add one at the end, at the top level
        if lines and not lines[-1].endswith("\n"):
            lines[-1] += "\n"
        lines.append(f"review: {_flow(mapping)}\n")
        return "".join(lines), len(lines)
    start = owner.key_lines["review"] - 1
    indent = len(lines[start]) - len(lines[start].lstrip())
    end = start + 1
    while end < len(lines) and lines[end].strip() and len(lines[end]) - len(lines[end].lstrip()) > indent:
        end += 1  # a review written in block style spans several lines
    lines[start:end] = [f"{' ' * indent}review: {_flow(mapping)}\n"]
    return "".join(lines), start + 1


@contextmanager
def _locked(directory: Path):
    with open(directory / ".review.lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def record(item: str, decision: str, reviewer: str, role: str, note: str | None = None, date: str | None = None,
           paths=None, pledge_dir: Path | None = None) -> Recorded:
    """Write a reviewer's decision on a scenario (``fn-004``), a material section (``fasilitas-negara/dasar-hukum``)
    or a pledge text (``ikrar-netralitas``) into its file; a ``reviewed`` decision records what the cited
    references say today, so that any later change to one of them sends the item back for re-review."""
    if decision not in reviews.DECISIONS:
        raise ValueError(decision)
    registry = load_registry()
    directory = Path(bank_files(paths)[0]).parent if item not in PLEDGE_IDS else Path(pledge_dir or pledges_dir())
    with _locked(directory):
        place = _locate(item, paths, pledge_dir, registry)
        mapping: dict[str, object] = {"status": decision, "reviewer": reviewer.strip(), "role": role.strip(),
                                      "date": date or i18n.today().isoformat()}
        if note:
            mapping["note"] = note.strip()
        if decision == reviews.REVIEWED:
            mapping["basis"] = reviews.basis(place.cited, registry)
        text, line = _rewritten(place.path.read_text("utf-8"), place.owner, mapping)
        temporary = place.path.with_name(f".{place.path.name}.{os.getpid()}.tmp")
        temporary.write_text(text, "utf-8")
        try:
            _validate(temporary, place.kind, registry)
            os.replace(temporary, place.path)
        finally:
            temporary.unlink(missing_ok=True)
    review = reviews.Review(decision, basis=dict(mapping.get("basis") or {}))  # type: ignore[call-overload]
    return Recorded(item, place.path, line, reviews.state(review, place.cited, registry))


def _validate(path: Path, kind: str, registry: dict[str, Reference]) -> None:
    if kind == "bank":
        load_catalog([path], registry)
        return
    _data, problems = schemas.read(path, "pledge", schemas.numbered)
    if problems:
        raise ContentError(problems)
