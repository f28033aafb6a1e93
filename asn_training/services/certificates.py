"""Certificates of completion: issuing once a participant is eligible; and checking any code the kit prints (a
certificate's or a pledge receipt's)."""

from __future__ import annotations

import json
from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..core.codes import CERTIFICATE, CERTIFICATE_KIND, RECEIPT_KIND, kind_of, new_code, normalise_code
from ..core.identity import format_nip
from ..core.models import Catalog, PledgeText
from ..core.progress import Progress
from ..errors import ContentError, InvalidInput, NotFound
from ..i18n import today
from ..store import AuditEntry, Certificate, Participant, PledgeSignature, Store
from .pledges import registered_name


def issue_certificate(store: Store, catalog: Catalog, participant: Participant, progress: Progress) -> Certificate:
    """The participant's certificate, issued once they are eligible; the same one on every later visit."""
    if not progress.eligible:
        raise InvalidInput("certificate.not_eligible", missing=", ".join(progress.missing))
    payload = {
        "name": registered_name(participant), "nip": participant.nip, "nip_formatted": format_nip(participant.nip),
        "unit": participant.unit, "date": today().isoformat(),
        "modules": [{"id": m.module_id, "title": catalog.module(m.module_id).title, "best": m.best}
                    for m in progress.modules if m.status == "passed"],
        "pre": progress.test.pre if progress.test else None, "post": progress.test.post if progress.test else None,
        "gain": progress.test.gain if progress.test else None,
    }
    query = select(Certificate).where(Certificate.participant_id == participant.id)
    try:
        with store.transaction() as s:
            existing = s.scalars(query).one_or_none()
            if existing is not None:
                return existing
            certificate = Certificate(participant_id=participant.id, code=new_code(CERTIFICATE),
                                      payload=json.dumps(payload))
            s.add(certificate)
            s.add(AuditEntry.of(f"participant:{participant.id}", "certificate.issue", code=certificate.code))
        return certificate
    except IntegrityError:  # issued in another tab at the same moment: that one is the certificate
        with store.reading() as s:
            return s.scalars(query).one()


def verify(store: Store, code: str, pledges: Mapping[str, PledgeText] | None = None) -> dict:
    """What the certificate or pledge receipt with this code attests; :class:`NotFound` if the kit never printed it.

    Always ``kind`` (``certificate`` or ``receipt``), ``code``, ``name``, ``nip``, ``nip_formatted``, ``unit`` and
    ``date`` (ISO). A certificate adds its modules and scores; a receipt adds ``pledge_id``, ``title`` (from
    ``pledges``, by default the texts in ``data/ikrar``; ``None`` if unreadable), ``version``, ``text_hash`` and
    ``place``. The code may be typed as people type it (any case and spacing, O for 0)."""
    normalised = normalise_code(code)
    kind = kind_of(normalised)
    with store.reading() as s:
        if kind == CERTIFICATE_KIND:
            certificate = s.scalars(select(Certificate).where(Certificate.code == normalised)).one_or_none()
            if certificate is not None:
                return json.loads(certificate.payload) | {"kind": CERTIFICATE_KIND, "code": certificate.code,
                                                          "issued_at": certificate.issued_at.isoformat()}
        elif kind == RECEIPT_KIND:
            found = s.execute(select(PledgeSignature, Participant)
                              .join(Participant, Participant.id == PledgeSignature.participant_id)
                              .where(PledgeSignature.code == normalised)).one_or_none()
            if found is not None:
                return _receipt(*found, pledges)
    raise NotFound("certificate.unknown", code=code)


def _receipt(signature: PledgeSignature, participant: Participant, pledges: Mapping[str, PledgeText] | None) -> dict:
    if pledges is None:
        from ..content.pledges import load_pledges

        try:
            pledges = load_pledges()
        except ContentError:
            pledges = {}
    pledge = pledges.get(signature.pledge_id)
    return {"kind": RECEIPT_KIND, "code": signature.code, "name": registered_name(participant), "nip": participant.nip,
            "nip_formatted": format_nip(participant.nip), "unit": participant.unit,
            "date": signature.signed_on.isoformat(), "place": signature.place, "pledge_id": signature.pledge_id,
            "title": pledge.title if pledge is not None else None, "version": signature.text_version,
            "text_hash": signature.text_hash}
