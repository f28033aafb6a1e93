"""The private self-assessment: submitting one's answers, and reading back one's own latest profile."""

from __future__ import annotations

import json

from sqlalchemy import select

from ..core.models import Instrument
from ..core.profile import profile
from ..store import SelfAssessment, Store


def submit_self_assessment(store: Store, participant_id: int, instrument: Instrument,
                           answers: dict[str, int]) -> list[dict]:
    """Compute the risk profile and keep it with the answers; only the participant ever sees them."""
    results = profile(instrument, answers)
    stored = [{"area": r.area, "risk": r.risk, "level": r.level, "modules": list(r.modules)} for r in results]
    with store.transaction() as s:
        s.add(SelfAssessment(participant_id=participant_id, instrument_version=instrument.version,
                             answers=json.dumps(answers), profile=json.dumps(stored)))
    return stored


def latest_profile(store: Store, participant_id: int) -> list[dict] | None:
    query = select(SelfAssessment.profile).where(SelfAssessment.participant_id == participant_id) \
        .order_by(SelfAssessment.id.desc()).limit(1)
    with store.reading() as s:
        found = s.scalars(query).first()
    return None if found is None else json.loads(found)
