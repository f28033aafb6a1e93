"""The agency that hands out certificates and pledge receipts (``data/instansi.yaml``): its name, an optional logo,
the signatory's name and title, and the place written beside the date."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .. import config
from ..errors import ContentError, Problem
from . import schemas, yamlfile


@dataclass(frozen=True)
class Agency:
    name: str = ""
    logo: Path | None = None  # an existing PNG or JPEG file
    place: str = ""
    signatory_name: str = ""
    signatory_title: str = ""


def default_path() -> Path:
    return config.data_dir() / "instansi.yaml"


def load_agency(path: Path | None = None) -> Agency:
    """Read and check the agency setting; no file means no agency details (documents print without them). Raise
    :class:`ContentError` listing every problem."""
    path = Path(path or default_path())
    if not path.is_file():
        return Agency()
    data, problems = schemas.read(path, "agency")
    if data is None:
        raise ContentError(problems)
    logo = None
    if data.get("logo"):
        logo = (path.parent / data["logo"]).resolve()
        if not logo.is_file():
            raise ContentError([Problem(str(path), yamlfile.line_of(data, ["logo"]), None, "agency.no_logo",
                                        {"path": str(logo)})])
    signatory = data.get("signatory") or {}
    return Agency(name=data["name"], logo=logo, place=data.get("place", ""),
                  signatory_name=signatory.get("name", ""), signatory_title=signatory.get("title", ""))
