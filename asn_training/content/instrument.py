"""The self-assessment instrument (penilaian mandiri), read from ``data/penilaian_mandiri.yaml`` and checked."""

from __future__ import annotations

from pathlib import Path

from .. import config
from ..core.models import Area, Instrument, Statement
from ..core.profile import AREAS, LEVELS, MAX_VALUE
from ..errors import ContentError, Problem
from . import yamlfile


def default_path() -> Path:
    return config.data_dir() / "penilaian_mandiri.yaml"


def load_instrument(path: Path | None = None, module_ids: set[str] | None = None) -> Instrument:
    """Read and check the instrument; raise :class:`ContentError` listing every problem."""
    path = Path(path or default_path())
    display = str(path)
    data, problems = yamlfile.read(path, display)
    if data is None:
        raise ContentError(problems)

    def problem(node, key: str, item: str | None = None, **params) -> None:
        problems.append(Problem(display, getattr(node, "line", None), item, key, params))

    try:
        scale = tuple((int(s["value"]), dict(s["label"])) for s in data["scale"])
        areas = tuple(Area(a["id"], dict(a["title"]), tuple(a["modules"]),
                           {level: dict(a["advice"][level]) for level in LEVELS}) for a in data["areas"])
        statements = tuple(Statement(s["id"], s["area"], dict(s["text"]), bool(s.get("reverse", False)))
                           for s in data["statements"])
        instrument = Instrument(str(data["version"]), dict(data["title"]), dict(data["intro"]), scale,
                                dict(data["thresholds"]), areas, statements)
    except (KeyError, TypeError, ValueError) as exc:
        problem(data, "instrument.malformed", detail=str(exc))
        raise ContentError(problems) from None
    if [value for value, _ in scale] != list(range(MAX_VALUE + 1)):
        problem(data["scale"], "instrument.scale")
    if sorted(a.id for a in areas) != sorted(AREAS):
        problem(data["areas"], "instrument.areas", areas=", ".join(AREAS))
    seen: set[str] = set()
    for raw, statement in zip(data["statements"], statements, strict=True):
        if statement.id in seen:
            problem(raw, "instrument.duplicate", statement.id)
        seen.add(statement.id)
        if statement.area not in AREAS:
            problem(raw, "instrument.unknown_area", statement.id, area=statement.area)
        if not statement.text.get("id") or not statement.text.get("en"):
            problem(raw, "instrument.translation", statement.id)
    for raw, area in zip(data["areas"], areas, strict=True):
        if sum(1 for s in statements if s.area == area.id) < 4:
            problem(raw, "instrument.too_few", area.id)
        unknown = [m for m in area.modules if module_ids is not None and m not in module_ids]
        if unknown:
            problem(raw, "instrument.unknown_module", area.id, modules=", ".join(unknown))
    if problems:
        raise ContentError(problems)
    return instrument
