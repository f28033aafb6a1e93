"""Certificates of completion and pledge signatures: issuing, codes, and verification."""

from __future__ import annotations

import json
import secrets
from datetime import date

from .bank import Catalog
from .errors import InvalidInput, NotFound
from .identity import format_nip
from .pledges import PledgeText
from .progress import Progress
from .store import Certificate, Participant, PledgeSignature, Store

# Crockford's base32 without look-alikes (no I, L, O, U): easy to read aloud and to type.
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_code(prefix: str) -> str:
    body = "".join(secrets.choice(_ALPHABET) for _ in range(10))
    return f"{prefix}-{body[:5]}-{body[5:]}"


def normalise_code(code: str) -> str:
    """As typed from paper: any case and spacing; O, I and L read as 0, 1 and 1 in the body (never in the prefix,
    which may hold them: IKR)."""
    compact = "".join(ch for ch in str(code).upper() if ch.isalnum())
    prefix, body = compact[:3], compact[3:].replace("O", "0").replace("I", "1").replace("L", "1")
    return f"{prefix}-{body[:5]}-{body[5:]}"


def issue(store: Store, catalog: Catalog, participant: Participant, progress: Progress) -> Certificate:
    """The participant's certificate, issued once they are eligible; the same one on every later visit."""
    if not progress.eligible:
        raise InvalidInput("certificate.not_eligible", missing=", ".join(progress.missing))
    existing = store.get_certificate(participant_id=participant.id)
    if existing is not None:
        return existing
    payload = {
        "name": participant.name, "nip": participant.nip, "nip_formatted": format_nip(participant.nip),
        "unit": participant.unit, "date": date.today().isoformat(),
        "modules": [{"id": m.module_id, "title": catalog.module(m.module_id).title, "best": m.best}
                    for m in progress.modules if m.status == "passed"],
        "pre": progress.test.pre if progress.test else None, "post": progress.test.post if progress.test else None,
        "gain": progress.test.gain if progress.test else None,
    }
    certificate = store.add_certificate(participant.id, new_code("SRT"), payload)
    store.audit(f"participant:{participant.id}", "certificate.issue", code=certificate.code)
    return certificate


def verify(store: Store, code: str) -> dict:
    """The payload of the certificate with this code; :class:`NotFound` if there is none."""
    certificate = store.get_certificate(code=normalise_code(code))
    if certificate is None:
        raise NotFound("certificate.unknown", code=code)
    return json.loads(certificate.payload) | {"code": certificate.code, "issued_at": str(certificate.issued_at)}


def sign(store: Store, participant: Participant, pledge: PledgeText, *, acknowledged: list[bool], signed_name: str,
         place: str) -> PledgeSignature:
    """Sign a pledge: every point acknowledged, the full name typed as on the record, a place; today's date."""
    if len(acknowledged) != len(pledge.points) or not all(acknowledged):
        raise InvalidInput("pledge.points_unacknowledged")
    typed = " ".join(str(signed_name).split())
    if typed.casefold() != " ".join(participant.name.split()).casefold():
        raise InvalidInput("pledge.name_mismatch", name=participant.name)
    place = " ".join(str(place).split())[:100]
    if not place:
        raise InvalidInput("pledge.need_place")
    signature = store.add_signature(participant_id=participant.id, pledge_id=pledge.id, text_version=pledge.version,
                                    text_hash=pledge.digest, signed_name=typed, place=place,
                                    signed_on=date.today(), code=new_code("IKR"))
    store.audit(f"participant:{participant.id}", "pledge.sign", pledge=pledge.id, version=pledge.version)
    return signature
