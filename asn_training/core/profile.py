"""The self-assessment's risk profile: a pure function of one's answers. Answers are private to the participant;
reports may only use aggregates over large groups."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import InvalidInput
from .models import Instrument

AREAS = ("media-sosial", "kegiatan-kampanye", "fasilitas-program", "keputusan-kebijakan", "keluarga-lingkungan",
         "jam-kerja")
LEVELS = ("low", "medium", "high")
MAX_VALUE = 3


@dataclass(frozen=True)
class AreaResult:
    area: str
    risk: float  # 0 (safe) to 1
    level: str
    modules: tuple[str, ...]


def profile(instrument: Instrument, answers: dict[str, int]) -> list[AreaResult]:
    """The risk per area from answers (statement id -> scale value); every statement must be answered."""
    missing = [s.id for s in instrument.statements if s.id not in answers]
    if missing:
        raise InvalidInput("selfassessment.incomplete", count=len(missing))
    results = []
    for area in instrument.areas:
        scores = []
        for statement in (s for s in instrument.statements if s.area == area.id):
            value = answers[statement.id]
            if value not in range(MAX_VALUE + 1):
                raise InvalidInput("selfassessment.bad_value", statement=statement.id)
            scores.append(MAX_VALUE - value if statement.reverse else value)
        risk = round(sum(scores) / (MAX_VALUE * len(scores)), 3)
        level = ("high" if risk >= instrument.thresholds["high"] else
                 "medium" if risk >= instrument.thresholds["medium"] else "low")
        results.append(AreaResult(area.id, risk, level, area.modules if level != "low" else ()))
    return results
