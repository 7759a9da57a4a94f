"""The kit other services take from shared/: strict bodies, personal fields, the journal's one call."""

from __future__ import annotations

import base64
import os

import pytest
from pydantic import ValidationError
from sqlalchemy import select

from shared.crypto import FieldCipher, mask_phone
from shared.events.identification import MemberChanged
from shared.personal import PersonalField, PersonalView
from shared.schemas import Phone, StrictModel
from shared.settings import DEV_DATA_KEY, DEV_HASH_KEY

CIPHER = FieldCipher(DEV_DATA_KEY, DEV_HASH_KEY)
PHONE = PersonalField("test.phone", mask_phone, lookup="phone")
NOTE = PersonalField("test.note", None)


class _Body(StrictModel):
    name: str
    phone: Phone | None = None


def test_a_strict_body_refuses_unknown_fields_and_nul_naming_the_field():
    assert _Body(name="  李大山 ").name == "李大山"
    with pytest.raises(ValidationError) as unknown:
        _Body(name="a", extra=1)
    assert unknown.value.errors()[0]["loc"] == ("extra",)
    with pytest.raises(ValidationError) as nul:
        _Body(name="a\x00b")
    assert (nul.value.errors()[0]["loc"], nul.value.errors()[0]["type"]) == (("name",), "string_nul")


def test_a_personal_field_is_masked_withheld_or_shown_by_the_callers_right():
    phone, note = PHONE.seal(CIPHER, "13800138000"), NOTE.seal(CIPHER, "糖尿病")
    masked, unmasked = PersonalView(CIPHER, False), PersonalView(CIPHER, True)
    assert (masked.show(PHONE, phone), masked.show(NOTE, note)) == ("*******8000", None)
    assert (unmasked.show(PHONE, phone), unmasked.show(NOTE, note)) == ("13800138000", "糖尿病")
    assert PHONE.masked("13800138000") == masked.show(PHONE, phone)
    assert PHONE.seal(CIPHER, None) is None and masked.show(PHONE, None) is None


def test_a_ciphertext_never_opens_as_another_field():
    with pytest.raises(ValueError):
        NOTE.open(CIPHER, PHONE.seal(CIPHER, "13800138000"))


def test_a_lookup_hash_belongs_to_its_field():
    assert PHONE.hash(CIPHER, "13800138000") == CIPHER.lookup_hash("13800138000", "phone")
    with pytest.raises(ValueError):
        NOTE.hash(CIPHER, "x")


def test_one_call_journals_a_change_about_the_events_subject_in_its_region(ident):
    infra = ident.app.state.infra
    event = MemberChanged(household_id="h-1", member_id="m-1", changed=["phone"],
                          region_code="441882100201")
    with ident.db.transaction() as s:
        s.journal.record(event, actor="cadre", action="member.update", after={"phone": "138****8000"})
    with ident.db.transaction(write=False) as s:
        audit = s.execute(select(infra.audit)).mappings().one()
        outbox = s.execute(select(infra.outbox)).mappings().one()
    village = "441882100201"
    assert (audit["entity_type"], audit["entity_id"], audit["region_code"]) == ("member", "m-1", village)
    assert (outbox["type"], outbox["subject"], outbox["region_code"]) == ("member.changed", "m-1", village)
    # The region travels on the envelope; the contract's data stays as published before.
    assert outbox["data"] == {"household_id": "h-1", "member_id": "m-1", "changed": ["phone"]}


def test_a_view_shows_what_its_unit_of_work_sealed_without_decrypting_it(ident):
    with ident.db.transaction() as s:
        blob = s.seal(PHONE, "13800138000")
        shown = s.personal_view(False).show(PHONE, blob)
        # Another key cannot decrypt the blob: only the remembered plaintext can answer.
        other_key = FieldCipher(base64.b64encode(os.urandom(32)).decode(), DEV_HASH_KEY)
        other = PersonalView(other_key, True, s.personal_view(True).sealed)
        assert (shown, other.show(PHONE, blob)) == ("*******8000", "13800138000")
