"""Monitoring of exited households (跟踪和动态监测): income near the line, illness, disasters."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from services.identification.models import PolicyStandard
from services.identification.monitoring.rules import (
    below_threshold_in_fen,
    incidence_percent,
    income_at_risk,
    near_line_threshold,
    region_code_of,
)
from tests.identification.campaign_factory import Person, make_household

V1, V2, V3 = "441882100201", "441882100202", "441882101201"  # V3 is in 星子镇 (441882101)
EXITED = date(2019, 12, 20)


def _at_risk(ident, query="year=2019", **headers):
    r = ident.client.get(f"/api/v1/monitoring/at-risk?{query}&limit=500", headers=ident.headers(**headers))
    assert r.status_code == 200, r.text
    return {i["household_id"]: i for i in r.json()["items"]}


def test_near_line_threshold_has_exact_figures():
    assert near_line_threshold(Decimal("8468.10"), Decimal("0.10")) == Decimal("9314.91")
    assert near_line_threshold(Decimal("7725.60"), Decimal("0.05")) == Decimal("8111.88")
    assert near_line_threshold(Decimal("9064.35"), Decimal("0")) == Decimal("9064.35")
    assert income_at_risk(Decimal("9314.90"), Decimal("9314.91"))
    assert not income_at_risk(Decimal("9314.91"), Decimal("9314.91"))
    with pytest.raises(ValueError):
        near_line_threshold(Decimal("8468.10"), Decimal("-0.01"))


def test_integer_form_agrees_with_the_rounded_rule():
    threshold = 931491
    for size in (1, 2, 3, 4, 7):
        for net in range(threshold * size - 40, threshold * size + 40):
            per_head = (Decimal(net) / size / 100).quantize(Decimal("0.01"), rounding="ROUND_HALF_UP")
            expected = income_at_risk(per_head, Decimal("9314.91"))
            assert below_threshold_in_fen(net, size, threshold) == expected


def test_incidence_and_region_codes_have_exact_figures():
    assert incidence_percent(3, 1000) == Decimal("0.30")
    assert incidence_percent(1, 3) == Decimal("33.33")
    assert incidence_percent(2, 3) == Decimal("66.67")
    assert incidence_percent(5, None) is None
    assert region_code_of("441882") == "441882000000" and region_code_of("441882100") == "441882100000"
    with pytest.raises(ValueError):
        region_code_of("4418821")


def test_income_near_the_line_uses_the_newest_revision_and_exact_rounding(ident):
    # 2019 exit line 18818 × 0.45 = 8468.10; +10% = 9314.91
    below = make_household(ident.db, V1, status="exited", exited_on=EXITED, incomes={2019: ("9314.90", 1)})
    at_line = make_household(ident.db, V1, status="exited", exited_on=EXITED, incomes={2019: ("9314.91", 1)})
    rounds_up = make_household(ident.db, V1, status="exited", exited_on=EXITED,
                               incomes={2019: ("27944.72", 3)})  # 9314.9067 → 9314.91
    rounds_down = make_household(ident.db, V1, status="exited", exited_on=EXITED,
                                 incomes={2019: ("27944.71", 3)})  # 9314.9033 → 9314.90
    make_household(ident.db, V1, status="identified", incomes={2019: ("5000.00", 1)})
    corrected = make_household(ident.db, V2, status="exited", exited_on=EXITED,
                               incomes={2019: ("6000.00", 1)})
    make_household(ident.db, V2, status="exited", exited_on=EXITED, incomes={2018: ("6000.00", 1)})
    ident.client.post(f"/api/v1/households/{corrected}/incomes", headers=ident.headers(), json={
        "year": 2019, "wages": "12000.00", "production_business": "0", "property_income": "0",
        "transfer_income": "0", "production_costs": "0", "household_size": 1})
    found = _at_risk(ident)
    assert set(found) == {str(below), str(rounds_down)}
    assert found[str(below)]["risks"] == ["income_near_line"]
    assert found[str(below)]["income"] == {"year": 2019, "revision": 1, "income_per_head": "9314.90",
                                           "exit_line": "8468.10", "margin": "0.10", "threshold": "9314.91"}
    assert found[str(rounds_down)]["income"]["income_per_head"] == "9314.90"
    wider = _at_risk(ident, "year=2019&margin=0.5")  # 8468.10 × 1.5 = 12702.15
    assert set(wider) == {str(below), str(at_line), str(rounds_up), str(rounds_down), str(corrected)}
    assert wider[str(corrected)]["income"]["revision"] == 2
    assert wider[str(corrected)]["income"]["threshold"] == "12702.15"
    assert _at_risk(ident, "year=2019&margin=0") == {}


def test_a_region_with_its_own_standard_gets_its_own_line(ident):
    with ident.db.transaction() as s:
        base = s.execute(select(PolicyStandard).where(PolicyStandard.year == 2019)).scalars().first()
        values = {c.key: getattr(base, c.key) for c in PolicyStandard.__table__.columns if c.key != "id"}
        s.add(PolicyStandard(**{**values, "region_prefix": "441882101", "version": 1,
                                "rural_income_per_head": Decimal("20000.00")}))
    # 星子镇: 20000 × 0.45 = 9000.00, +10% = 9900.00; elsewhere 9314.91
    xingzi = make_household(ident.db, V3, status="exited", exited_on=EXITED, incomes={2019: ("9899.99", 1)})
    lianzhou = make_household(ident.db, V1, status="exited", exited_on=EXITED, incomes={2019: ("9899.99", 1)})
    make_household(ident.db, V3, status="exited", exited_on=EXITED, incomes={2019: ("9900.00", 1)})
    found = _at_risk(ident)
    assert set(found) == {str(xingzi)}
    assert found[str(xingzi)]["income"]["exit_line"] == "9000.00"
    assert found[str(xingzi)]["income"]["threshold"] == "9900.00"
    assert str(lianzhou) not in found


def _patch_member(ident, household_id, member_id, body):
    etag = ident.client.get(f"/api/v1/households/{household_id}", headers=ident.headers()).headers["etag"]
    r = ident.client.patch(f"/api/v1/households/{household_id}/members/{member_id}", json=body,
                           headers=ident.headers(**{"If-Match": etag}))
    assert r.status_code == 200, r.text


def _members(ident, household_id):
    r = ident.client.get(f"/api/v1/households/{household_id}", headers=ident.headers())
    return {m["relation"]: m["id"] for m in r.json()["members"]}


def test_serious_illness_or_disability_after_exit(ident):
    fell_ill = make_household(ident.db, V1, status="exited", exited_on=EXITED,
                              people=[Person(), Person(relation="spouse")])
    disabled_before = make_household(ident.db, V1, status="exited", exited_on=EXITED,
                                      people=[Person(health_status="disabled")])
    recovered = make_household(ident.db, V1, status="exited", exited_on=EXITED)
    not_exited = make_household(ident.db, V1, status="identified")
    exits_tomorrow = make_household(ident.db, V1, status="exited", exited_on=date.today() + timedelta(days=1))
    newcomer = make_household(ident.db, V2, status="exited", exited_on=EXITED)
    _patch_member(ident, fell_ill, _members(ident, fell_ill)["spouse"], {"health_status": "serious_illness"})
    _patch_member(ident, disabled_before, _members(ident, disabled_before)["head"], {"employment": "migrant"})
    head = _members(ident, recovered)["head"]
    _patch_member(ident, recovered, head, {"health_status": "serious_illness"})
    _patch_member(ident, recovered, head, {"health_status": "healthy"})
    for hid in (not_exited, exits_tomorrow):
        _patch_member(ident, hid, _members(ident, hid)["head"], {"health_status": "serious_illness"})
    etag = ident.client.get(f"/api/v1/households/{newcomer}", headers=ident.headers()).headers["etag"]
    child = {"name": "张小", "id_number": Person().id_number, "relation": "son", "labour_capacity": "none",
             "health_status": "disabled", "disability_grade": 1}
    r = ident.client.post(f"/api/v1/households/{newcomer}/members", json=child,
                          headers=ident.headers(**{"If-Match": etag}))
    assert r.status_code == 201, r.text
    found = _at_risk(ident)
    assert set(found) == {str(fell_ill), str(newcomer)}
    [member] = found[str(fell_ill)]["members"]
    assert member["member_id"] == _members(ident, fell_ill)["spouse"]
    assert member["health_status"] == "serious_illness"
    assert found[str(fell_ill)]["risks"] == ["illness_or_disability"]
    assert found[str(fell_ill)]["income"] is None
    assert [m["health_status"] for m in found[str(newcomer)]["members"]] == ["disabled"]


def test_a_disaster_after_exit_puts_the_village_at_risk(ident):
    before_disaster = make_household(ident.db, V1, status="exited", exited_on=date(2019, 3, 1))
    make_household(ident.db, V1, status="exited", exited_on=date(2019, 12, 20))
    make_household(ident.db, V2, status="exited", exited_on=date(2019, 3, 1))
    r = ident.client.post(f"/api/v1/villages/{V1}/disasters", headers=ident.headers(), json={
        "kind": "flood", "occurred_on": "2019-08-01", "description": "山洪冲毁农田"})
    assert r.status_code == 201, r.text
    found = _at_risk(ident)
    assert set(found) == {str(before_disaster)}
    item = found[str(before_disaster)]
    assert item["risks"] == ["disaster"]
    assert [(d["kind"], d["occurred_on"]) for d in item["disasters"]] == [("flood", "2019-08-01")]
    assert _at_risk(ident, "year=2020") == {}
    assert _at_risk(ident, "year=2019&risk=income_near_line") == {}
    listed = ident.client.get(f"/api/v1/villages/{V1}/disasters", headers=ident.headers()).json()
    assert [d["description"] for d in listed] == ["山洪冲毁农田"]
    infra = ident.app.state.infra
    with ident.db.transaction() as s:
        events = s.execute(select(infra.outbox.c.type, infra.outbox.c.subject)
                           .where(infra.outbox.c.type == "village.disaster_recorded")).all()
        audits = s.execute(select(infra.audit.c.action).where(infra.audit.c.entity_id == V1)).scalars().all()
    assert [tuple(e) for e in events] == [("village.disaster_recorded", V1)]
    assert audits == ["village.disaster"]


def test_several_risks_are_named_together_and_scope_is_respected(ident):
    hid = make_household(ident.db, V3, status="exited", exited_on=date(2019, 1, 5),
                         incomes={2019: ("5000.00", 2)})
    ident.client.post(f"/api/v1/villages/{V3}/disasters", headers=ident.headers(), json={
        "kind": "typhoon", "occurred_on": "2019-09-10", "description": "台风损毁房屋"})
    found = _at_risk(ident)
    assert found[str(hid)]["risks"] == ["income_near_line", "disaster"]
    assert found[str(hid)]["income"]["income_per_head"] == "2500.00"
    assert _at_risk(ident, "year=2019", role="town_official", region="441882100") == {}
    assert set(_at_risk(ident, "year=2019&region=441882101")) == {str(hid)}


def test_disasters_and_bad_queries_are_checked(ident):
    body = {"kind": "flood", "occurred_on": "2019-08-01", "description": "洪水"}
    outsider = ident.headers("town_official", "441882100")
    r = ident.client.post(f"/api/v1/villages/{V3}/disasters", json=body, headers=outsider)
    assert r.status_code == 404
    assert ident.client.post("/api/v1/villages/441882100000/disasters", json=body,
                             headers=ident.headers()).status_code == 404
    future = {**body, "occurred_on": (date.today() + timedelta(days=2)).isoformat()}
    r = ident.client.post(f"/api/v1/villages/{V1}/disasters", json=future, headers=ident.headers())
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "occurred_on"
    r = ident.client.get("/api/v1/monitoring/at-risk?year=2019&margin=2", headers=ident.headers())
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "margin"
    r = ident.client.get("/api/v1/monitoring/at-risk?year=2016", headers=ident.headers())
    assert r.status_code == 422 and r.json()["errors"][0]["code"] == "standard_missing"
