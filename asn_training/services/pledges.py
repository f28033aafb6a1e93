"""Signing a pledge (ikrar netralitas, pakta integritas) in its current wording."""

from __future__ import annotations

from datetime import date

from ..core.codes import PLEDGE_RECEIPT, new_code
from ..core.models import PledgeText
from ..errors import InvalidInput
from ..store import AuditEntry, Participant, PledgeSignature, Store


def signatures(store: Store, participant_id: int, pledge_id: str | None = None) -> list[PledgeSignature]:
    return store.list_signatures(participant_id, pledge_id)


def sign_pledge(store: Store, participant: Participant, pledge: PledgeText, *, acknowledged: list[bool],
                signed_name: str, place: str) -> PledgeSignature:
    """Sign a pledge: every point acknowledged, the full name typed as on the record, a place; today's date."""
    if len(acknowledged) != len(pledge.points) or not all(acknowledged):
        raise InvalidInput("pledge.points_unacknowledged")
    typed = " ".join(str(signed_name).split())
    if typed.casefold() != " ".join(participant.name.split()).casefold():
        raise InvalidInput("pledge.name_mismatch", name=participant.name)
    place = " ".join(str(place).split())[:100]
    if not place:
        raise InvalidInput("pledge.need_place")
    with store.transaction() as s:
        signature = PledgeSignature(participant_id=participant.id, pledge_id=pledge.id, text_version=pledge.version,
                                    text_hash=pledge.digest, signed_name=typed, place=place, signed_on=date.today(),
                                    code=new_code(PLEDGE_RECEIPT))
        s.add(signature)
        s.add(AuditEntry.of(f"participant:{participant.id}", "pledge.sign", pledge=pledge.id, version=pledge.version))
    return signature
