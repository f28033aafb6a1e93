"""Reading a participant's progress: one read of their attempts and signatures, then the pure rules of
:mod:`asn_training.core.progress`."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import select

from .. import config
from ..core.models import Catalog, PledgeText
from ..core.progress import Progress, compute
from ..store import Attempt, Certificate, Participant, PledgeSignature, SelfAssessment, Store


def progress(store: Store, catalog: Catalog, pledges: Mapping[str, PledgeText], participant_id: int) -> Progress:
    with store.reading() as s:
        attempts = list(s.scalars(select(Attempt).where(Attempt.participant_id == participant_id)
                                  .order_by(Attempt.id)))
        signatures = list(s.scalars(select(PledgeSignature).where(PledgeSignature.participant_id == participant_id)
                                    .order_by(PledgeSignature.id)))
        assessed = s.scalars(select(SelfAssessment.id).where(SelfAssessment.participant_id == participant_id)
                             .limit(1)).first() is not None
        code = s.scalars(select(Certificate.code).where(Certificate.participant_id == participant_id)
                         .limit(1)).first()  # one per participant (migration 0004)
        kind = s.scalars(select(Participant.id_kind).where(Participant.id == participant_id)).first()
    return compute(catalog, pledges, attempts, signatures, self_assessed=assessed, certificate_code=code,
                   ordered=config.programme_in_order(), id_kind=kind)
