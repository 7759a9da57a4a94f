"""A village of the demo county exits (出列) under the plan's three conditions, households still poor."""

from __future__ import annotations

from datetime import date

from services.identification.demo import load_demo_households, load_demo_village_progress
from tests.identification.campaign_factory import make_household
from tests.identification.procedure_flow import switch_on_remaining_poor_share

DONGTANG = "441882107203"  # 东塘村, town 441882107: four natural villages, every road hardened
PLAN_RULES = ["identification.village.exit_income", "identification.village.roads",
              "identification.village.tidy"]


def _as(ident, level):
    role, region = {"village": ("village_cadre", DONGTANG), "town": ("town_official", DONGTANG[:9]),
                    "county": ("county_official", DONGTANG[:6])}[level]
    return ident.headers(role, region)


def _step(ident, procedure, step, on, level):
    r = ident.client.post(f"/api/v1/procedures/{procedure['id']}/steps",
                          json={"step": step, "on": on.isoformat(), "documents": [f"{step}-记录"]},
                          headers={**_as(ident, level), "If-Match": f'"{procedure["version"]}"'})
    return r


def _demo_village(ident):
    with ident.db.transaction() as session:
        load_demo_village_progress(session)
        load_demo_village_progress(session)  # loading twice changes nothing
    make_household(ident.db, DONGTANG)  # still poor
    make_household(ident.db, DONGTANG, status="exited", exited_on=date(2019, 12, 20))


def _start(ident):
    r = ident.client.post(f"/api/v1/villages/{DONGTANG}/procedures", headers=_as(ident, "village"),
                          json={"kind": "village_exit", "on": "2020-12-01", "year": 2020,
                                "documents": ["东塘村出列申请"]})
    assert r.status_code == 201, r.text
    return r.json()


def test_a_demo_village_meets_the_plans_three_conditions_and_exits(ident):
    _demo_village(ident)
    incomes = ident.client.get(f"/api/v1/villages/{DONGTANG}/incomes", headers=ident.headers()).json()
    assert [(i["year"], i["income_per_head"]) for i in incomes] == [
        (2018, "9870.00"), (2019, "11460.00"), (2020, "12530.00")]
    procedure = _start(ident)
    assert procedure["rules"] == ["identification.procedure.village_exit",
                                  "identification.procedure.publicity_periods"]
    for step, on, level in [("verification", date(2020, 12, 2), "town"),
                            ("notice", date(2020, 12, 3), "village"),
                            ("town_review", date(2020, 12, 10), "town"),
                            ("county_approval", date(2020, 12, 11), "county")]:
        r = _step(ident, procedure, step, on, level)
        assert r.status_code == 200, r.text
        procedure = r.json()
    assert procedure["state"] == "completed"
    stored = ident.client.get(f"/api/v1/evaluations/{procedure['evaluation_id']}",
                              headers=ident.headers()).json()
    assert [(c["rule"], c["value"], c["passed"]) for c in stored["conditions"]] == [
        (PLAN_RULES[0], "12530.00", True), (PLAN_RULES[1], "4/4", True), (PLAN_RULES[2], "yes", True)]
    assert stored["facts"]["poor_households_still_poor"] == 1  # half its poor households: no bar in the plan
    region = ident.client.get(f"/api/v1/regions/{DONGTANG}", headers=ident.headers()).json()
    assert region["exited_on"] == "2020-12-11"


def test_with_the_national_2_percent_switched_on_the_same_village_is_refused(ident):
    _demo_village(ident)
    switch_on_remaining_poor_share(ident, year=2020)
    procedure = _start(ident)
    r = _step(ident, procedure, "verification", date(2020, 12, 2), "town")
    assert r.status_code == 409, r.text
    assert [(c["rule"], c["value"]) for c in r.json()["unmet"]] == [
        ("identification.village.remaining_poor_share", "50.00%")]


def test_the_demo_loader_records_the_villages_progress(ident):
    load_demo_households(ident.db, count=3)
    evaluation = ident.client.get(f"/api/v1/villages/{DONGTANG}/evaluation", params={"year": 2020},
                                  headers=ident.headers()).json()
    assert (evaluation["verdict"], [c["rule"] for c in evaluation["conditions"]]) == (True, PLAN_RULES)
    not_tidy = ident.client.get("/api/v1/villages/441882103204/evaluation", params={"year": 2020},
                                headers=ident.headers()).json()
    assert [c["rule"] for c in not_tidy["conditions"] if not c["passed"]] == [PLAN_RULES[2]]
