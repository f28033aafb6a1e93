"""Signing a pledge (ikrar netralitas, pakta integritas) in its current wording, once per wording."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..core.codes import new_code, receipt_prefix
from ..core.identity import format_nip
from ..core.models import PledgeText
from ..core.progress import current_signatures
from ..errors import InvalidInput
from ..i18n import today
from ..store import AuditEntry, Participant, PledgeSignature, Store


def current_signature(store: Store, participant_id: int, pledge: PledgeText) -> PledgeSignature | None:
    """The participant's signature of the pledge's current wording, if any: only that one counts (the rule is
    :func:`core.progress.current_signatures`, which the home page's progress uses too)."""
    return current_signatures(store.list_signatures(participant_id, pledge.id), {pledge.id: pledge}).get(pledge.id)


def _signed(s: Session, participant_id: int, pledge: PledgeText) -> PledgeSignature | None:
    return s.scalars(select(PledgeSignature).where(PledgeSignature.participant_id == participant_id,
                                                   PledgeSignature.pledge_id == pledge.id,
                                                   PledgeSignature.text_version == pledge.version)).one_or_none()


def sign_pledge(store: Store, participant: Participant, pledge: PledgeText, *, acknowledged: list[bool],
                signed_name: str, place: str) -> PledgeSignature:
    """Sign a pledge: every point acknowledged, the full name typed as on the record, a place; today's date.

    A wording is signed once: signing it again (a double tap, a second tab) returns the first signature and its
    code, also when both arrive at the same moment."""
    if len(acknowledged) != len(pledge.points) or not all(acknowledged):
        raise InvalidInput("pledge.points_unacknowledged")
    typed = " ".join(str(signed_name).split())
    place = " ".join(str(place).split())[:100]
    for key, value in (("pledge.name_markup", typed), ("pledge.place_markup", place)):
        if "<" in value or ">" in value:  # printed on the receipt: plain words only
            raise InvalidInput(key)
    if typed.casefold() != registered_name(participant).casefold():
        raise InvalidInput("pledge.name_mismatch", name=registered_name(participant))
    if not place:
        raise InvalidInput("pledge.need_place")
    try:
        with store.transaction() as s:
            existing = _signed(s, participant.id, pledge)
            if existing is not None:
                return existing
            signature = PledgeSignature(participant_id=participant.id, pledge_id=pledge.id,
                                        text_version=pledge.version, text_hash=pledge.digest, signed_name=typed,
                                        place=place, signed_on=today(), code=new_code(receipt_prefix(pledge.id)))
            s.add(signature)
            s.add(AuditEntry.of(f"participant:{participant.id}", "pledge.sign", pledge=pledge.id,
                                version=pledge.version, code=signature.code))
        return signature
    except IntegrityError:  # the same wording signed at the same moment (PostgreSQL): the first one stands
        with store.reading() as s:
            existing = _signed(s, participant.id, pledge)
        if existing is None:
            raise
        return existing


def registered_name(participant: Participant) -> str:
    """The name as registered (roster or registration), whitespace made single spaces: what documents print."""
    return " ".join(participant.name.split())


def receipt_fields(signature: PledgeSignature, participant: Participant) -> dict:
    """What the receipt of a signature prints about it (the ``signature`` of :func:`formats.pdfs.receipt_pdf`): the
    signer's registered name, never the signature as typed."""
    return {"code": signature.code, "name": registered_name(participant),
            "nip_formatted": format_nip(participant.nip), "place": signature.place,
            "signed_on": signature.signed_on.isoformat(), "text_hash": signature.text_hash}
