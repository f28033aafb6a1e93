"""Certificates, and checking any code the kit prints: what it attests, however it is typed."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from asn_training.content.pledges import load_pledges
from asn_training.core.progress import ModuleProgress, Progress
from asn_training.errors import InvalidInput, NotFound
from asn_training.services.certificates import issue_certificate, verify
from asn_training.services.pledges import receipt_fields, sign_pledge
from asn_training.store import Certificate, PledgeSignature, Store

from ..conftest import add_participant, in_tabs


def eligible() -> Progress:
    return Progress(modules=[ModuleProgress("contoh", "passed", 87.5, None, True)], test=None, signatures={},
                    self_assessed=False, certificate_code=None, resume_attempt=None)


def sign(store, participant, pledge) -> PledgeSignature:
    return sign_pledge(store, participant, pledge, acknowledged=[True] * len(pledge.points),
                       signed_name=participant.name, place="Jambi")


def set_code(store, table, row_id: int, code: str) -> None:
    with store.transaction() as s:
        s.execute(update(table).where(table.id == row_id).values(code=code))


def test_a_certificate_is_issued_once_and_only_when_eligible(store, catalog, participant):
    missing = Progress([], None, {}, False, None, None, missing=["contoh"])
    with pytest.raises(InvalidInput):
        issue_certificate(store, catalog, participant, missing)
    first = issue_certificate(store, catalog, participant, eligible())
    assert first.code.startswith("SRT-")
    assert issue_certificate(store, catalog, participant, eligible()).code == first.code
    assert len(store.list_audit("certificate.issue")) == 1


def test_a_certificate_code_attests_the_certificate(store, catalog, participant):
    certificate = issue_certificate(store, catalog, participant, eligible())
    found = verify(store, certificate.code)
    assert (found["kind"], found["code"], found["name"], found["nip_formatted"], found["unit"]) == (
        "certificate", certificate.code, "Rina Wulandari", "19860926 201505 1 001", "Bappeda")
    assert [(m["id"], m["best"]) for m in found["modules"]] == [("contoh", 87.5)]


def test_a_receipt_code_attests_the_signature(store, participant, pledges):
    pledge = pledges["pakta-integritas"]
    signature = sign(store, participant, pledge)
    found = verify(store, signature.code, pledges)
    assert found == {"kind": "receipt", "code": signature.code, "name": "Rina Wulandari",
                     "nip": "198609262015051001", "nip_formatted": "19860926 201505 1 001", "unit": "Bappeda",
                     "date": signature.signed_on.isoformat(), "place": "Jambi", "pledge_id": "pakta-integritas",
                     "title": pledge.title, "version": "test-1", "text_hash": pledge.digest}


def test_a_receipt_is_titled_from_the_pledge_texts_of_the_kit_by_default(store, participant, pledges):
    signature = sign(store, participant, pledges["ikrar-netralitas"])
    assert verify(store, signature.code)["title"] == load_pledges()["ikrar-netralitas"].title


@pytest.mark.parametrize(("stored", "typed"), [
    ("PKT-0000A-1B0C0", "pkt 000oa 1b0c0"), ("PKT-0000A-1B0C0", "  PKT-OOOOA-LBOCO "),
])
def test_codes_are_read_as_typed(store, participant, pledges, stored, typed):
    signature = sign(store, participant, pledges["pakta-integritas"])
    set_code(store, PledgeSignature, signature.id, stored)
    assert verify(store, typed, pledges)["code"] == stored


def test_a_pakta_receipt_printed_with_the_old_ikr_prefix_still_verifies(store, participant, pledges):
    signature = sign(store, participant, pledges["pakta-integritas"])
    set_code(store, PledgeSignature, signature.id, "IKR-7KQ2M-9XW4T")
    assert verify(store, "ikr-7kq2m-9xw4t", pledges)["pledge_id"] == "pakta-integritas"


@pytest.mark.parametrize("code", ["SRT-7KQ2M-9XW4T", "IKR-7KQ2M-9XW4T", "ABC-7KQ2M-9XW4T", "", "srt"])
def test_a_code_the_kit_never_printed_is_unknown(store, catalog, participant, pledges, code):
    certificate = issue_certificate(store, catalog, participant, eligible())
    set_code(store, Certificate, certificate.id, "SRT-00000-00000")
    sign(store, participant, pledges["ikrar-netralitas"])
    with pytest.raises(NotFound) as unknown:
        verify(store, code, pledges)
    assert unknown.value.key == "certificate.unknown" and unknown.value.params == {"code": code}


def test_documents_name_the_registered_participant_not_the_signature_as_typed(store, catalog, pledges):
    participant = add_participant(store, name="  Budi   Santoso ")
    pledge = pledges["pakta-integritas"]
    signature = sign_pledge(store, participant, pledge, acknowledged=[True] * len(pledge.points),
                            signed_name="budi  santoso", place="  Pāre–Pāre ")
    assert receipt_fields(signature, participant)["name"] == "Budi Santoso"
    assert receipt_fields(signature, participant)["place"] == "Pāre–Pāre"
    assert verify(store, signature.code, pledges)["name"] == "Budi Santoso"
    certificate = issue_certificate(store, catalog, participant, eligible())
    assert verify(store, certificate.code)["name"] == "Budi Santoso"


@pytest.mark.parametrize(("name", "place", "key"), [
    ("Rina Wulandari", "<b>Jambi</b>", "pledge.place_markup"),
    ("Rina Wulandari", "Jambi >", "pledge.place_markup"),
    ("<i>Rina Wulandari</i>", "Jambi", "pledge.name_markup"),
])
def test_markup_in_the_signed_name_or_place_is_refused(store, participant, pledges, name, place, key):
    pledge = pledges["ikrar-netralitas"]
    with pytest.raises(InvalidInput) as refused:
        sign_pledge(store, participant, pledge, acknowledged=[True] * len(pledge.points), signed_name=name,
                    place=place)
    assert refused.value.key == key and "<" in refused.value.message("id")
    assert store.list_signatures(participant.id) == []


def test_two_tabs_opening_the_certificate_at_once_get_one_certificate(store_url, catalog):
    """Each 'tab' has its own engine and issues at the same moment: one certificate, one code, on both databases."""
    setup = Store(store_url)
    setup.upgrade()
    person = add_participant(setup)
    codes = in_tabs(store_url, lambda store: issue_certificate(store, catalog, person, eligible()).code)
    assert len(set(codes)) == 1
    with setup.reading() as s:
        assert s.scalars(select(Certificate.code)).all() == codes[:1]
    setup.close()
