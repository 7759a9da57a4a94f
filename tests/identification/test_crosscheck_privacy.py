"""A department's row is kept encrypted and shown masked, in cases and their audit entries alike."""

from __future__ import annotations

from sqlalchemy import select

from services.identification.crosschecks.rules import match_key
from services.identification.models import CASE_DEPARTMENT_ROW, VerificationCase
from shared.crypto import mask_bank_account, mask_id_number, mask_phone
from tests.identification.campaign_factory import Person, make_household

V1 = "441882100201"
PHONE, BANK = "13812345678", "6228480402564890018"
CADRE = {"role": "village_cadre", "region": V1}


def _department_list(head: Person) -> bytes:
    return ("id_number,姓名,身份证号,联系电话,银行账号,车牌\n"
            f"{head.id_number},李大山,{head.id_number},{PHONE},{BANK},粤R12345\n").encode()


def _upload(ident, head: Person) -> dict:
    r = ident.client.post("/api/v1/crosschecks/csv", params={"department": "连州市公安局", "kind": "vehicle"},
                          content=_department_list(head),
                          headers=ident.headers(**CADRE, **{"Content-Type": "text/csv"}))
    assert r.status_code == 201, r.text
    return r.json()


def test_cases_and_their_audit_show_a_department_row_masked(ident):
    head = Person()
    make_household(ident.db, V1, people=[head])
    _upload(ident, head)
    r = ident.client.get("/api/v1/cases", headers=ident.headers(**CADRE))
    audit = ident.client.get("/api/v1/audit", headers=ident.headers("province_official", "44")).text
    for text in (r.text, audit):
        for secret in (head.id_number, PHONE, BANK, head.id_number[6:14], head.id_number[-4:]):
            assert secret not in text
    [case] = r.json()["items"]
    assert case["details"]["row"] == {"姓名": "李大山", "身份证号": mask_id_number(head.id_number),
                                      "联系电话": mask_phone(PHONE), "银行账号": mask_bank_account(BANK),
                                      "车牌": "粤R12345"}


def test_pii_read_sees_the_row_as_sent_and_is_audited(ident):
    head = Person()
    make_household(ident.db, V1, people=[head])
    _upload(ident, head)
    r = ident.client.get("/api/v1/cases", headers=ident.headers(**CADRE, scopes=["pii:read"]))
    [case] = r.json()["items"]
    assert case["details"]["row"]["银行账号"] == BANK
    assert case["details"]["row"]["身份证号"] == head.id_number
    audit = ident.client.get("/api/v1/audit", headers=ident.headers("province_official", "44")).json()
    assert [(e["action"], e["entity_id"]) for e in audit["items"] if e["action"] == "pii.read"] == [
        ("pii.read", case["id"])]


def test_the_stored_case_holds_the_row_encrypted_and_a_keyed_dedup_key(ident):
    head = Person()
    make_household(ident.db, V1, people=[head])
    _upload(ident, head)
    with ident.db.transaction() as s:
        case = s.execute(select(VerificationCase)).scalar_one()
    row = CASE_DEPARTMENT_ROW.open(ident.app.state.cipher, case.department_row_enc)
    assert BANK in row and head.id_number in row
    assert BANK not in str(case.details) and BANK.encode() not in case.department_row_enc
    details = {"姓名": "李大山", "身份证号": head.id_number, "联系电话": PHONE, "银行账号": BANK,
               "车牌": "粤R12345"}
    unkeyed = match_key("vehicle", case.member_id, details)
    assert case.dedup_key != unkeyed
    assert _upload(ident, head)["new_case_count"] == 0  # the same finding sent again is the same case
