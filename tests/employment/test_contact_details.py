"""A counsellor reads a labourer's contact from a real identification over HTTP; employment keeps none."""

from __future__ import annotations

import logging
from typing import Any

import jwt
import pytest
from sqlalchemy import MetaData, select

from services.employment.counselling.register_contacts import RegisterContacts
from tests.consumers.support import free_port
from tests.employment.support import Someone, import_households, register, sync

PHONE = "13712345678"
COUNSELLOR = "helper-0001"
AUDITOR = {"role": "province_official", "region": "44"}


def _labourer(ident: Any, emp: Any, who: int = 0) -> tuple[dict[str, Any], str]:
    """A labourer (the head, or the spouse) with a phone in the register, registered with a counsellor."""
    people = [Someone(35, phone=PHONE), Someone(33, relation="spouse", phone=PHONE)]
    [family] = import_households(ident, [people])
    sync(emp, ident)
    me = family["members"][who]["id"]
    register(emp, me)
    r = emp.client.put(f"/api/v1/labourers/{me}/counsellor", headers=emp.headers(),
                       json={"counsellor": COUNSELLOR, "counsellor_name": "张丽", "on": "2019-03-01"})
    assert r.status_code == 200, r.text
    return family, me


def _as(emp: Any, subject: str = COUNSELLOR, role: str = "helper", region: str = "441882") -> dict[str, str]:
    return {"Authorization": f"Bearer {emp.token(role=role, region=region, subject=subject)}"}


def _read(emp: Any, member_id: str, headers: dict[str, str], purpose: str = "employment_counselling") -> Any:
    return emp.client.get(f"/api/v1/labourers/{member_id}/contact-details", params={"purpose": purpose},
                          headers=headers)


def _reads(harness: Any) -> list[dict[str, Any]]:
    page = harness.client.get("/api/v1/audit", params={"limit": 500}, headers=harness.headers(**AUDITOR))
    return [e for e in page.json()["items"] if e["action"] == "contact.read"]


def _everything(harness: Any) -> str:
    """Every value of every table of a service's database, as text."""
    tables = MetaData()
    tables.reflect(harness.db.engine)
    with harness.db.engine.connect() as conn:
        return "\n".join(str(v) for t in tables.sorted_tables for row in conn.execute(select(t)) for v in row)


def test_the_counsellor_reads_the_contact_through_identification_and_both_audit_it(ident, emp,
                                                                                  register_server, caplog):
    family, me = _labourer(ident, emp)
    with caplog.at_level(logging.DEBUG):
        r = _read(emp, me, _as(emp), purpose="placement_follow_up")
    assert r.status_code == 200, r.text
    assert r.headers["cache-control"] == "no-store"
    assert r.json() == {"member_id": me, "name": family["members"][0]["name"], "phone": PHONE,
                        "household_phone": None, "address": "三古滩村1号", "purpose": "placement_follow_up"}

    [there] = _reads(ident)  # written by the identification process that served the call
    assert (there["actor"], there["entity_id"]) == ("service:employment", me)
    assert (there["after"]["on_behalf_of"], there["after"]["purpose"]) == (COUNSELLOR, "placement_follow_up")
    [here] = _reads(emp)
    assert (here["actor"], here["entity_type"], here["entity_id"], here["region_code"]) == \
        (COUNSELLOR, "labourer", me, "441882100201")
    assert here["after"] == {"purpose": "placement_follow_up", "source": "identification",
                             "fields": ["phone", "address"]}
    assert PHONE not in _everything(emp)  # employment stores no copy, not even in its audit trail
    assert PHONE not in "\n".join(f"{x.getMessage()} {x.args}" for x in caplog.records)
    assert PHONE not in str(ident.client.get("/api/v1/audit", headers=ident.headers(**AUDITOR)).json())


def test_employment_asks_with_contacts_read_alone(emp):
    token = RegisterContacts.connect(emp.settings).client.tokens.token()
    claims = jwt.decode(token, options={"verify_signature": False})
    assert (claims["scope"], claims["roles"], claims["aud"]) == \
        ("contacts:read", ["service"], "gd-poverty-identification")


@pytest.mark.parametrize(("who", "status", "code"), [
    ({"subject": "helper-0002"}, 403, "not_the_counsellor"),  # another helper
    ({"subject": "county_official-441882", "role": "county_official"}, 403, "not_the_counsellor"),
    ({"role": "inspector"}, 403, "forbidden"),  # no employment:write
    ({"region": "441882101"}, 404, "not_found"),  # the counsellor's token outside the labourer's town
])
def test_only_the_labourers_counsellor_in_their_region_reads_it(ident, emp, register_server, who, status,
                                                                code):
    _, me = _labourer(ident, emp)
    r = _read(emp, me, _as(emp, **who))
    assert (r.status_code, r.json()["code"]) == (status, code), r.text
    assert _reads(ident) == [] and _reads(emp) == []  # identification was never asked


def test_a_member_who_left_in_identification_is_404_before_the_replica_knows(ident, emp, register_server):
    family, me = _labourer(ident, emp, who=1)
    r = ident.client.post(f"/api/v1/households/{family['id']}/members/{me}/leave",
                          json={"reason": "marriage", "left_on": "2019-06-01"},
                          headers=ident.headers(**{"If-Match": f'"{family["version"]}"'}))
    assert r.status_code == 200, r.text
    r = _read(emp, me, _as(emp))
    assert (r.status_code, r.json()["code"]) == (404, "member_not_in_register"), r.text
    assert r.json()["errors"][0]["field"] == "member_id"
    assert _reads(emp) == []


def test_identification_unreachable_is_503_with_retry_after(ident, emp, contacts_from):
    _, me = _labourer(ident, emp)
    contacts_from(f"http://127.0.0.1:{free_port()}")  # nothing listens there
    r = emp.client.get(f"/api/v1/labourers/{me}/contact-details", params={"purpose": "training_notice"},
                       headers={**_as(emp), "Accept-Language": "zh-CN"})
    assert (r.status_code, r.json()["code"]) == (503, "identification_unavailable"), r.text
    assert r.headers["retry-after"] == "10" and r.json()["detail"] == "暂时无法访问精准识别服务"
    assert _reads(emp) == []


def test_a_token_identification_refuses_is_403(ident, emp, register_server, contacts_from):
    _, me = _labourer(ident, emp)
    contacts_from(register_server.url, jwt_secret="not-identification-s-secret-0123456789")
    r = _read(emp, me, _as(emp))
    assert (r.status_code, r.json()["code"]) == (403, "contact_refused"), r.text
    assert _reads(ident) == [] and _reads(emp) == []


def test_the_contract_states_who_may_ask_and_what_identification_s_failures_become(emp):
    paths = emp.client.get("/openapi.json").json()["paths"]
    op = paths["/api/v1/labourers/{member_id}/contact-details"]["get"]
    assert op["x-permissions"] == ["employment:write"]
    assert [p["name"] for p in op["parameters"] if p["in"] == "query"] == ["purpose"]
    codes = {status: op["responses"][status]["x-problem-codes"] for status in ("403", "404", "503")}
    assert codes == {"403": ["not_the_counsellor", "contact_refused", "forbidden"],
                     "404": ["member_not_in_register", "not_found"],
                     "503": ["identification_unavailable", "database_unavailable"]}
    assert "Retry-After" in op["responses"]["503"]["headers"]
    assert op["responses"]["200"]["headers"]["Cache-Control"]["example"] == "no-store"
