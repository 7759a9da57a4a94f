"""Personal data: encrypted at rest, found by keyed hash, masked unless pii:read, unmasked reads audited."""

from __future__ import annotations

import logging
from datetime import date

from sqlalchemy import select, text

from services.identification.models import Household, Member
from tests.identification.register_data import create, household, id_number, member

ID = id_number(11, date(1970, 5, 1))
SPOUSE_ID = id_number(22, date(1972, 8, 9))
PHONE = "13812345678"
MEMBER_PHONE = "13987654321"
BANK = "6228480402564890018"
PII = {"scopes": ["pii:read"]}


def _body() -> dict:
    return household([member(11, phone=MEMBER_PHONE, health_status="disabled", disability_grade=2,
                             disability_card="44188219700501011342", illness="脑梗后遗症"),
                      member(22, "spouse", "王小花", birth=date(1972, 8, 9))],
                     phone=PHONE, bank_account=BANK, bank_name="连州农商行")


def _dump(ident, table: str) -> str:
    with ident.db.engine.connect() as conn:
        rows = conn.execute(text(f"SELECT * FROM {table}")).all()
    return "\n".join(bytes(v).decode("latin-1") if isinstance(v, bytes | memoryview) else str(v)
                     for row in rows for v in row)


def test_personal_data_is_encrypted_at_rest(ident):
    create(ident, _body())
    stored = "".join(_dump(ident, t) for t in ("households", "members", "audit_entries", "outbox_events",
                                               "household_status_changes"))
    for secret in (ID, SPOUSE_ID, PHONE, MEMBER_PHONE, BANK, "脑梗后遗症", "44188219700501011342"):
        assert secret not in stored
        assert secret[-8:] not in stored
    with ident.db.transaction() as s:
        head = s.execute(select(Member).where(Member.seq == 1)).scalar_one()
        assert head.id_number_enc[:1] == b"\x01" and len(head.id_number_enc) == 1 + 12 + len(ID) + 16
        assert head.id_number_hash == ident.app.state.cipher.lookup_hash(ID, "id_number")
        hh = s.execute(select(Household)).scalar_one()
        assert hh.bank_account_hash == ident.app.state.cipher.lookup_hash(BANK, "bank_account")


def test_responses_are_masked_without_pii_read(ident):
    created = create(ident, _body())
    r = ident.client.get(f"/api/v1/households/{created['id']}", headers=ident.headers())
    body = r.json()
    head, spouse = body["members"]
    assert head["id_number"] == ID[:2] + "*" * 16
    assert spouse["id_number"] == SPOUSE_ID[:2] + "*" * 16
    assert head["phone"] == "*******4321"
    assert head["illness"] is None
    assert head["disability_card"] is None  # the card number holds the ID number: withheld
    assert body["phone"] == "*******5678"
    assert body["bank_account"] == "***************0018"
    for secret in (ID, SPOUSE_ID, PHONE, MEMBER_PHONE, BANK, "脑梗后遗症"):
        assert secret not in r.text
        assert secret not in str(created)


def test_pii_read_sees_everything_and_is_audited(ident):
    created = create(ident, _body())
    r = ident.client.get(f"/api/v1/households/{created['id']}", headers=ident.headers(**PII))
    body = r.json()
    head, spouse = body["members"]
    assert (head["id_number"], spouse["id_number"]) == (ID, SPOUSE_ID)
    assert (head["phone"], head["illness"], head["disability_card"]) == (
        MEMBER_PHONE, "脑梗后遗症", "44188219700501011342")
    assert (body["phone"], body["bank_account"]) == (PHONE, BANK)
    entries = _audit(ident)
    reads = [e for e in entries if e["action"] == "pii.read"]
    assert len(reads) == 1
    assert reads[0]["actor"] == "county_official-441882"
    assert reads[0]["entity_id"] == created["id"]


def test_masked_read_is_not_audited(ident):
    created = create(ident, _body())
    ident.client.get(f"/api/v1/households/{created['id']}", headers=ident.headers())
    assert [e["action"] for e in _audit(ident)] == ["household.create"]


def test_every_unmasked_response_is_audited(ident):
    """A write answered with unmasked data is a read of that data too."""
    created = create(ident, _body())
    r = ident.client.patch(f"/api/v1/households/{created['id']}", json={"address": "新址"},
                           headers=ident.headers(**PII, **{"If-Match": '"1"'}))
    assert r.json()["members"][0]["id_number"] == ID
    assert [e["action"] for e in _audit(ident)] == ["household.create", "household.update", "pii.read"]


def _audit(ident) -> list[dict]:
    r = ident.client.get("/api/v1/audit", headers=ident.headers("province_official", "44"))
    return r.json()["items"]


def test_audit_and_events_hold_no_plaintext(ident):
    created = create(ident, _body())
    ident.client.patch(f"/api/v1/households/{created['id']}", json={"phone": "13500001111",
                                                                    "bank_account": "6217000011112222333"},
                       headers=ident.headers(**{"If-Match": '"1"'}))
    stored = _dump(ident, "audit_entries") + _dump(ident, "outbox_events")
    for secret in (ID, SPOUSE_ID, PHONE, BANK, "13500001111", "6217000011112222333", "脑梗后遗症"):
        assert secret not in stored
    update = next(e for e in _audit(ident) if e["action"] == "household.update")
    assert (update["before"]["phone"], update["after"]["phone"]) == ("*******5678", "*******1111")


def test_lookup_by_id_number_uses_the_keyed_hash(ident):
    created = create(ident, _body())
    r = ident.client.post("/api/v1/people/lookup", json={"id_number": SPOUSE_ID}, headers=ident.headers())
    assert r.status_code == 200
    [found] = r.json()
    assert (found["household_id"], found["household_no"], found["active"]) == (
        created["id"], created["household_no"], True)
    assert found["member_id"] == created["members"][1]["id"]
    assert SPOUSE_ID not in r.text


def test_idempotent_replay_store_holds_no_plaintext(ident):
    r = ident.client.post("/api/v1/households", json=_body(),
                          headers=ident.headers(**PII, **{"Idempotency-Key": "pii-1"}))
    assert r.status_code == 201
    assert r.json()["members"][0]["id_number"] == ID
    stored = _dump(ident, "idempotency_keys")
    for secret in (ID, SPOUSE_ID, PHONE, BANK):
        assert secret not in stored
    again = ident.client.post("/api/v1/households", json=_body(),
                              headers=ident.headers(**PII, **{"Idempotency-Key": "pii-1"}))
    assert again.json() == r.json()


def test_logs_never_hold_an_id_number(ident, caplog):
    bad = ID[:-1] + ("0" if ID[-1] != "0" else "1")
    with caplog.at_level(logging.DEBUG):
        r1 = ident.client.post("/api/v1/households", json=household([{**member(), "id_number": bad}]),
                               headers=ident.headers())
        r2 = ident.client.post("/api/v1/households", json=_body(), headers=ident.headers(**PII))
        r3 = ident.client.post("/api/v1/households", json=_body(), headers=ident.headers())
        r4 = ident.client.post("/api/v1/people/lookup", json={"id_number": ID}, headers=ident.headers())
    assert (r1.status_code, r2.status_code, r3.status_code, r4.status_code) == (422, 201, 409, 200)
    assert caplog.records, "the access log should have recorded the requests"
    logged = "\n".join(f"{r.getMessage()} {r.exc_text or ''}" for r in caplog.records)
    for secret in (ID, bad, SPOUSE_ID, PHONE, BANK, ID[6:14] + ID[14:]):
        assert secret not in logged
