"""Pledge texts (ikrar netralitas, pakta integritas, and the ikrar and pakta for non-ASN staff): versioned files in
``data/ikrar/`` an agency can replace.

A signature stores the text's version and the SHA-256 of the exact Indonesian text signed, so a later change of
wording never changes what someone signed.
"""

from __future__ import annotations

from pathlib import Path

from .. import config
from ..core.models import PledgeText
from ..errors import ContentError, Problem
from . import schemas
from .banks import review_of

# Who signs which: core.progress.pledges_for.
PLEDGE_IDS = ("ikrar-netralitas", "ikrar-netralitas-non-asn", "pakta-integritas", "pakta-integritas-non-asn")


def default_dir() -> Path:
    return config.data_dir() / "ikrar"


def load_pledges(directory: Path | None = None, references: set[str] | None = None) -> dict[str, PledgeText]:
    """Read every pledge text; raise :class:`ContentError` listing every problem."""
    directory = Path(directory or default_dir())
    problems: list[Problem] = []
    pledges: dict[str, PledgeText] = {}
    for pledge_id in PLEDGE_IDS:
        path = directory / f"{pledge_id}.yaml"
        data, found = schemas.read(path, "pledge", schemas.numbered)
        problems += found
        if data is None:
            continue
        display = str(path)
        if data["id"] != pledge_id:
            problems.append(Problem(display, data.key_lines["id"], None, "pledge.wrong_id", {"id": pledge_id}))
        unknown = [r for r in data.get("references") or () if references is not None and r not in references]
        if unknown:
            problems.append(Problem(display, data.key_lines["references"], None, "bank.unknown_reference",
                                    {"ids": ", ".join(unknown)}))
        pledges[pledge_id] = PledgeText(
            data["id"], data["version"], data.get("illustrative", True), dict(data["title"]), dict(data["intro"]),
            tuple(dict(p) for p in data["points"]), dict(data["closing"]), tuple(data.get("references") or ()),
            review_of(data.get("review")))
    if problems:
        raise ContentError(problems)
    return pledges
