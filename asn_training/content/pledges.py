"""Pledge texts (ikrar netralitas, pakta integritas): versioned files in ``data/ikrar/`` an agency can replace.

A signature stores the text's version and the SHA-256 of the exact Indonesian text signed, so a later change of
wording never changes what someone signed.
"""

from __future__ import annotations

from pathlib import Path

from .. import config
from ..core.models import PledgeText
from ..errors import ContentError, Problem
from . import yamlfile

PLEDGE_IDS = ("ikrar-netralitas", "pakta-integritas")


def default_dir() -> Path:
    return config.data_dir() / "ikrar"


def load_pledges(directory: Path | None = None, references: set[str] | None = None) -> dict[str, PledgeText]:
    """Read both pledge texts; raise :class:`ContentError` listing every problem."""
    directory = Path(directory or default_dir())
    problems: list[Problem] = []
    pledges: dict[str, PledgeText] = {}
    for pledge_id in PLEDGE_IDS:
        path = directory / f"{pledge_id}.yaml"
        data, found = yamlfile.read(path, str(path))
        problems += found
        if data is None:
            continue
        try:
            pledge = PledgeText(data["id"], str(data["version"]), bool(data.get("illustrative", True)),
                                dict(data["title"]), dict(data["intro"]), tuple(dict(p) for p in data["points"]),
                                dict(data["closing"]), tuple(data.get("references") or ()))
        except (KeyError, TypeError, ValueError) as exc:
            problems.append(Problem(str(path), getattr(data, "line", None), None, "pledge.malformed",
                                    {"detail": str(exc)}))
            continue
        if pledge.id != pledge_id:
            problems.append(Problem(str(path), data.key_lines.get("id"), None, "pledge.wrong_id", {"id": pledge_id}))
        if not pledge.points or not all(p.get("id") for p in pledge.points):
            problems.append(Problem(str(path), data.key_lines.get("points"), None, "pledge.no_points"))
        if not pledge.title.get("en"):
            problems.append(Problem(str(path), data.key_lines.get("title"), None, "pledge.translation"))
        unknown = [r for r in pledge.references if references is not None and r not in references]
        if unknown:
            problems.append(Problem(str(path), data.key_lines.get("references"), None, "bank.unknown_reference",
                                    {"ids": ", ".join(unknown)}))
        pledges[pledge_id] = pledge
    if problems:
        raise ContentError(problems)
    return pledges
