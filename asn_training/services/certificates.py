"""Certificates of completion: issuing once a participant is eligible, and checking a printed code."""

from __future__ import annotations

import json
from datetime import date

from sqlalchemy import select

from ..core.codes import CERTIFICATE, new_code, normalise_code
from ..core.identity import format_nip
from ..core.models import Catalog
from ..core.progress import Progress
from ..errors import InvalidInput, NotFound
from ..store import AuditEntry, Certificate, Participant, Store


def issue_certificate(store: Store, catalog: Catalog, participant: Participant, progress: Progress) -> Certificate:
    """The participant's certificate, issued once they are eligible; the same one on every later visit."""
    if not progress.eligible:
        raise InvalidInput("certificate.not_eligible", missing=", ".join(progress.missing))
    payload = {
        "name": participant.name, "nip": participant.nip, "nip_formatted": format_nip(participant.nip),
        "unit": participant.unit, "date": date.today().isoformat(),
        "modules": [{"id": m.module_id, "title": catalog.module(m.module_id).title, "best": m.best}
                    for m in progress.modules if m.status == "passed"],
        "pre": progress.test.pre if progress.test else None, "post": progress.test.post if progress.test else None,
        "gain": progress.test.gain if progress.test else None,
    }
    with store.transaction() as s:
        existing = s.scalars(select(Certificate).where(Certificate.participant_id == participant.id)
                             .order_by(Certificate.id).limit(1)).first()
        if existing is not None:
            return existing
        certificate = Certificate(participant_id=participant.id, code=new_code(CERTIFICATE),
                                  payload=json.dumps(payload))
        s.add(certificate)
        s.add(AuditEntry.of(f"participant:{participant.id}", "certificate.issue", code=certificate.code))
    return certificate


def verify(store: Store, code: str) -> dict:
    """The payload of the certificate with this code; :class:`NotFound` if there is none."""
    with store.reading() as s:
        certificate = s.scalars(select(Certificate).where(Certificate.code == normalise_code(code))).one_or_none()
    if certificate is None:
        raise NotFound("certificate.unknown", code=code)
    return json.loads(certificate.payload) | {"code": certificate.code, "issued_at": str(certificate.issued_at)}
