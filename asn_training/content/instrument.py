"""The self-assessment instrument (penilaian mandiri), read from ``data/penilaian_mandiri.yaml`` and checked."""

from __future__ import annotations

from pathlib import Path

from .. import config
from ..core.models import Area, Instrument, Statement
from ..core.profile import AREAS, LEVELS, MAX_VALUE
from ..errors import ContentError, Problem
from . import schemas

MIN_STATEMENTS = 4


def default_path() -> Path:
    return config.data_dir() / "penilaian_mandiri.yaml"


def load_instrument(path: Path | None = None, module_ids: set[str] | None = None) -> Instrument:
    """Read and check the instrument; raise :class:`ContentError` listing every problem."""
    path = Path(path or default_path())
    display = str(path)
    data, problems = schemas.read(path, "instrument")
    if data is None:
        raise ContentError(problems)

    def problem(node, key: str, item: str | None = None, **params) -> None:
        problems.append(Problem(display, getattr(node, "line", None), item, key, params))

    if [s["value"] for s in data["scale"]] != list(range(MAX_VALUE + 1)):
        problem(data["scale"], "instrument.scale")
    if sorted(a["id"] for a in data["areas"]) != sorted(AREAS):
        problem(data["areas"], "instrument.areas", areas=", ".join(AREAS))
    if data["thresholds"]["medium"] > data["thresholds"]["high"]:
        problem(data["thresholds"], "instrument.thresholds")
    seen: set[str] = set()
    for raw in data["statements"]:
        if raw["id"] in seen:
            problem(raw, "instrument.duplicate", raw["id"])
        seen.add(raw["id"])
        if raw["area"] not in AREAS:
            problem(raw, "instrument.unknown_area", raw["id"], area=raw["area"])
    for raw in data["areas"]:
        if sum(1 for s in data["statements"] if s["area"] == raw["id"]) < MIN_STATEMENTS:
            problem(raw, "instrument.too_few", raw["id"], count=MIN_STATEMENTS)
        unknown = [m for m in raw["modules"] if module_ids is not None and m not in module_ids]
        if unknown:
            problem(raw, "instrument.unknown_module", raw["id"], modules=", ".join(unknown))
    if problems:
        raise ContentError(problems)
    return Instrument(
        version=data["version"], title=dict(data["title"]), intro=dict(data["intro"]),
        scale=tuple((s["value"], dict(s["label"])) for s in data["scale"]), thresholds=dict(data["thresholds"]),
        areas=tuple(Area(a["id"], dict(a["title"]), tuple(a["modules"]),
                         {level: dict(a["advice"][level]) for level in LEVELS}) for a in data["areas"]),
        statements=tuple(Statement(s["id"], s["area"], dict(s["text"]), s.get("reverse", False))
                         for s in data["statements"]))
