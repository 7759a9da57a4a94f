"""A member's contact details: contacts:read only, for a named end user and purpose, audited without them."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import text

from tests.identification.procedure_flow import identify, start, walk
from tests.identification.register_data import create, household, member

PHONE, HOUSE_PHONE = "13812345678", "07636612345"
PURPOSE = {"Access-Purpose": "employment_counselling"}
FOR_COUNSELLOR = {**PURPOSE, "On-Behalf-Of": "helper-0001"}
AUDITOR = {"role": "province_official", "region": "44"}


def _household(ident: Any) -> dict[str, Any]:
    head = member(11, phone=PHONE, illness="尘肺病", health_status="chronic_illness")
    return create(ident, household([head, member(22, "spouse", "王小花")], phone=HOUSE_PHONE))


def _service(ident: Any, scopes: list[str] | None = None, region: str = "44", **extra: str) -> dict[str, str]:
    token = ident.token(role="service", region=region, scopes=scopes or ["contacts:read"],
                        subject="service:employment")
    return {"Authorization": f"Bearer {token}", **extra}


def _contact(ident: Any, member_id: str, headers: dict[str, str]) -> Any:
    return ident.client.get(f"/api/v1/members/{member_id}/contact", headers=headers)


def _reads(ident: Any) -> list[dict[str, Any]]:
    items = ident.client.get("/api/v1/audit", params={"limit": 500}, headers=ident.headers(**AUDITOR)).json()
    return [e for e in items["items"] if e["action"] == "contact.read"]


def _audit_text(ident: Any) -> str:
    with ident.db.engine.connect() as conn:
        rows = conn.execute(text("SELECT * FROM audit_entries")).all()
    return "\n".join(str(v) for row in rows for v in row)


def test_a_service_reads_the_contact_for_a_counsellor_and_the_read_is_audited(ident):
    h = _household(ident)
    head = h["members"][0]
    r = _contact(ident, head["id"], _service(ident, **FOR_COUNSELLOR))
    assert r.status_code == 200, r.text
    assert r.headers["cache-control"] == "no-store"
    assert r.json() == {"member_id": head["id"], "household_id": h["id"], "region_code": "441882100201",
                        "name": "李大山", "phone": PHONE, "household_phone": HOUSE_PHONE,
                        "address": "三古滩村1号"}
    [entry] = _reads(ident)
    assert (entry["actor"], entry["entity_type"], entry["entity_id"], entry["region_code"]) == \
        ("service:employment", "member", head["id"], "441882100201")
    assert entry["after"] == {"on_behalf_of": "helper-0001", "purpose": "employment_counselling",
                              "household_id": h["id"], "fields": ["phone", "household_phone", "address"]}
    stored = _audit_text(ident)
    assert PHONE not in stored and HOUSE_PHONE not in stored


def test_only_the_contact_is_given_nothing_else_of_the_record(ident):
    h = _household(ident)
    body = _contact(ident, h["members"][0]["id"], _service(ident, **FOR_COUNSELLOR)).json()
    assert set(body) == {"member_id", "household_id", "region_code", "name", "phone", "household_phone",
                         "address"}
    assert "尘肺病" not in str(body)


@pytest.mark.parametrize("token", [
    {"role": "service", "region": "44", "scopes": ["identification:read"]},
    {"role": "service", "region": "44", "scopes": ["identification:read", "events:read"]},
    {"role": "county_official", "region": "441882"},
    {"role": "inspector", "region": "441882", "scopes": ["contacts:read", "pii:read"]},
    {"role": "evaluator", "region": "441882", "scopes": ["contacts:read"]},
])
def test_without_contacts_read_the_contact_is_refused(ident, token):
    h = _household(ident)
    r = _contact(ident, h["members"][0]["id"], ident.headers(**token, **FOR_COUNSELLOR))
    assert (r.status_code, r.json()["code"]) == (403, "forbidden")
    assert "contacts:read" in r.json()["detail"]
    assert _reads(ident) == []


def test_a_pii_read_user_reads_a_contact_for_themselves_and_their_other_reads_are_unchanged(ident):
    h = _household(ident)
    head = h["members"][0]["id"]
    official = ident.headers(scopes=["pii:read"], **PURPOSE)
    r = _contact(ident, head, official)
    assert (r.status_code, r.json()["phone"]) == (200, PHONE)
    [entry] = _reads(ident)
    assert entry["actor"] == entry["after"]["on_behalf_of"] == "county_official-441882"
    r = _contact(ident, head, {**official, "On-Behalf-Of": "somebody-else"})
    assert (r.status_code, r.json()["code"]) == (422, "on_behalf_of_not_caller")
    assert r.json()["errors"][0]["field"] == "On-Behalf-Of"
    r = ident.client.get(f"/api/v1/households/{h['id']}", headers=ident.headers(scopes=["pii:read"]))
    assert (r.json()["phone"], r.json()["members"][0]["phone"]) == (HOUSE_PHONE, PHONE)


def test_contacts_read_unmasks_nothing_elsewhere(ident):
    h = _household(ident)
    both = _service(ident, ["identification:read", "contacts:read"])
    r = ident.client.get(f"/api/v1/households/{h['id']}", headers=both)
    assert r.status_code == 200, r.text
    assert (r.json()["phone"], r.json()["members"][0]["phone"]) == ("*********45", "*******5678")
    assert r.json()["members"][0]["id_number"] == "44" + "*" * 16
    r = ident.client.get(f"/api/v1/households/{h['id']}", headers=_service(ident))
    assert (r.status_code, r.json()["code"]) == (403, "forbidden")
    listed = ident.client.get("/api/v1/households", headers=both).text
    exported = ident.client.get("/api/v1/households/export", params={"format": "ndjson"},
                                headers=ident.headers(scopes=["contacts:read"])).text
    assert all(secret not in text_ for text_ in (listed, exported) for secret in (PHONE, HOUSE_PHONE))
    assert _reads(ident) == []


def test_the_region_scope_applies(ident):
    h = _household(ident)
    head = h["members"][0]["id"]
    other_town = _service(ident, region="441882101", **FOR_COUNSELLOR)
    r = _contact(ident, head, other_town)
    assert (r.status_code, r.json()["code"]) == (404, "not_found")
    r = _contact(ident, head, ident.headers(role="village_cadre", region="441882100202",
                                            scopes=["pii:read"], **PURPOSE))
    assert (r.status_code, r.json()["code"]) == (404, "not_found")
    assert _contact(ident, head, _service(ident, region="441882100", **FOR_COUNSELLOR)).status_code == 200


def test_a_member_who_left_or_an_unknown_id_has_no_contact(ident):
    h = _household(ident)
    spouse = h["members"][1]["id"]
    r = ident.client.post(f"/api/v1/households/{h['id']}/members/{spouse}/leave",
                          json={"reason": "marriage", "left_on": "2019-03-01"},
                          headers=ident.headers(**{"If-Match": '"1"'}))
    assert r.status_code == 200, r.text
    r = _contact(ident, spouse, _service(ident, **FOR_COUNSELLOR))
    assert (r.status_code, r.json()["code"]) == (404, "member_not_current")
    r = _contact(ident, "6f1c2e0b-8a57-4e7e-9a55-1f0c8e3b9d21", _service(ident, **FOR_COUNSELLOR))
    assert (r.status_code, r.json()["code"]) == (404, "not_found")
    assert _reads(ident) == []


@pytest.mark.parametrize(("headers", "field", "code"), [
    ({"On-Behalf-Of": "helper-0001"}, "Access-Purpose", "validation_failed"),
    ({"On-Behalf-Of": "helper-0001", "Access-Purpose": "curiosity"}, "Access-Purpose", "validation_failed"),
    (PURPOSE, "On-Behalf-Of", "on_behalf_of_required"),
    ({**PURPOSE, "On-Behalf-Of": "helper 0001"}, "On-Behalf-Of", "validation_failed"),
])
def test_a_service_names_the_end_user_and_the_purpose(ident, headers, field, code):
    h = _household(ident)
    r = _contact(ident, h["members"][0]["id"], _service(ident, **headers))
    assert (r.status_code, r.json()["code"]) == (422, code), r.text
    assert field in [e["field"] for e in r.json()["errors"]]
    assert _reads(ident) == []


def test_the_contract_states_the_permission_the_headers_and_the_refusals(ident):
    op = ident.client.get("/openapi.json").json()["paths"]["/api/v1/members/{member_id}/contact"]["get"]
    assert op["x-permissions"] == ["contacts:read"]
    headers = {p["name"]: p["required"] for p in op["parameters"] if p["in"] == "header"}
    assert headers == {"Access-Purpose": True, "On-Behalf-Of": False}
    assert op["responses"]["200"]["headers"]["Cache-Control"]["example"] == "no-store"
    assert op["responses"]["200"]["content"]["application/json"]["example"]["phone"] == "13800138000"
    assert op["responses"]["404"]["x-problem-codes"] == ["member_not_current", "not_found"]
    refused = set(op["responses"]["422"]["x-problem-codes"])
    assert {"on_behalf_of_required", "on_behalf_of_not_caller"} <= refused


def test_a_member_of_a_removed_household_has_no_contact(ident):
    household_ = identify(ident)
    proc = start(ident, household_["id"], "removal", date(2018, 9, 1), removal_reason="vehicle_owned",
                 documents=["部门比对：车辆登记"])
    walk(ident, proc["id"], [("notice", date(2018, 9, 2)), ("town_review", date(2018, 9, 9)),
                             ("county_approval", date(2018, 9, 10))])
    head = ident.client.get(f"/api/v1/households/{household_['id']}", headers=ident.headers()).json()
    assert head["status"] == "removed"
    r = _contact(ident, head["members"][0]["id"], _service(ident, **FOR_COUNSELLOR))
    assert (r.status_code, r.json()["code"]) == (404, "member_not_current")
    assert _reads(ident) == []
