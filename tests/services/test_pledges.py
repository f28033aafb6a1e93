"""Signing a pledge: checked, once per wording (a double tap, a second tab, two at once), each kind its own code."""

from __future__ import annotations

import dataclasses

import pytest

from asn_training.errors import InvalidInput
from asn_training.services.pledges import sign_pledge
from asn_training.store import PledgeSignature

from ..conftest import add_participant
from .test_participants import at_once


def sign(store, participant, pledge, name: str = "Rina Wulandari", place: str = "Jambi") -> PledgeSignature:
    return sign_pledge(store, participant, pledge, acknowledged=[True] * len(pledge.points), signed_name=name,
                       place=place)


@pytest.mark.parametrize(("acknowledged", "name", "place", "key"), [
    ([True, True, True, False], "Rina Wulandari", "Jambi", "pledge.points_unacknowledged"),
    ([True, True, True], "Rina Wulandari", "Jambi", "pledge.points_unacknowledged"),
    ([True] * 4, "Budi", "Jambi", "pledge.name_mismatch"),
    ([True] * 4, "Rina Wulandari", "  ", "pledge.need_place"),
])
def test_a_signature_needs_every_point_the_registered_name_and_a_place(sqlite_store, pledges, acknowledged, name,
                                                                       place, key):
    participant = add_participant(sqlite_store)
    with pytest.raises(InvalidInput) as refused:
        sign_pledge(sqlite_store, participant, pledges["ikrar-netralitas"], acknowledged=acknowledged,
                    signed_name=name, place=place)
    assert refused.value.key == key and sqlite_store.list_signatures(participant.id) == []


def test_a_signature_keeps_the_wording_its_hash_and_the_name_as_typed(store, participant, pledges):
    pledge = pledges["ikrar-netralitas"]
    signature = sign(store, participant, pledge, name="  rina   wulandari ")
    assert (signature.signed_name, signature.text_version, signature.text_hash) == (
        "rina wulandari", "test-1", pledge.digest)
    (entry,) = store.list_audit("pledge.sign")
    assert entry.actor == f"participant:{participant.id}" and signature.code in entry.detail


def test_each_pledge_receipt_has_its_own_prefix(store, participant, pledges):
    ikrar = sign(store, participant, pledges["ikrar-netralitas"])
    pakta = sign(store, participant, pledges["pakta-integritas"])
    assert ikrar.code.startswith("IKR-") and pakta.code.startswith("PKT-")


def test_signing_the_same_wording_again_returns_the_first_signature(store, participant, pledges):
    pledge = pledges["ikrar-netralitas"]
    first = sign(store, participant, pledge)
    again = sign(store, participant, pledge, place="Muaro Jambi")
    assert (again.id, again.code, again.place) == (first.id, first.code, "Jambi")
    assert len(store.list_signatures(participant.id)) == 1 and len(store.list_audit("pledge.sign")) == 1


def test_a_double_tap_arriving_at_once_stores_one_signature(store_url, store, participant, pledges):
    pledge = pledges["pakta-integritas"]
    results = at_once(store_url, 2, lambda s, n: sign(s, participant, pledge))
    assert all(isinstance(r, PledgeSignature) for r in results), results
    assert results[0].code == results[1].code
    (stored,) = store.list_signatures(participant.id)
    assert stored.code == results[0].code and len(store.list_audit("pledge.sign")) == 1


def test_a_new_wording_is_signed_again_with_a_new_code(store, participant, pledges):
    pledge = pledges["ikrar-netralitas"]
    first = sign(store, participant, pledge)
    second = sign(store, participant, dataclasses.replace(pledge, version="test-2"))
    assert second.code != first.code and second.text_version == "test-2"
    assert [s.text_version for s in store.list_signatures(participant.id)] == ["test-1", "test-2"]
