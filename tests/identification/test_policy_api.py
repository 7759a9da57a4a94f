"""Policy standards and evaluations over HTTP: versions, refusals, scope, exact figures."""

import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import date

from sqlalchemy import select

from services.identification.demo import SYSTEM, compose_id_number
from services.identification.households import repository as households_repo
from services.identification.models import NaturalVillage, Region
from services.identification.policy import service
from services.identification.policy.rules import evaluate_household_exit

VILLAGE = "441882100201"
STANDARDS = "/api/v1/policy/standards"


def admin(ident, region="44"):
    return ident.headers("admin", region)


def make_household(ident, wages="7120.00", labour="normal", category="general"):
    head = {"name": "李大山", "id_number": compose_id_number("441882", date(1970, 5, 1), 11),
            "relation": "head", "labour_capacity": labour, "medical_insured": True}
    body = {"region_code": VILLAGE, "address": "三古滩村1号", "category": category,
            "primary_cause": "illness", "safe_drinking_water": True, "members": [head]}
    r = ident.client.post("/api/v1/households", json=body, headers=ident.headers())
    assert r.status_code == 201, r.text
    hid = r.json()["id"]
    income = {"year": 2018, "wages": wages, "production_business": "0.00", "property_income": "0.00",
              "transfer_income": "0.00", "production_costs": "0.00"}
    assert ident.client.post(f"/api/v1/households/{hid}/incomes", json=income,
                             headers=ident.headers()).status_code == 201
    return hid


def test_preloaded_standards_are_listed_with_their_thresholds(ident):
    r = ident.client.get(STANDARDS, params={"year": 2019}, headers=ident.headers("evaluator", "44"))
    assert r.status_code == 200, r.text
    [item] = r.json()["items"]
    assert {k: item[k] for k in ("year", "region_prefix", "version", "rural_income_per_head",
                                 "household_exit_ratio", "village_exit_ratio", "identification_line",
                                 "household_exit_threshold", "village_exit_threshold")} == {
        "year": 2019, "region_prefix": "44", "version": 1, "rural_income_per_head": "18818.00",
        "household_exit_ratio": "0.4500", "village_exit_ratio": "0.6000", "identification_line": "4000.00",
        "household_exit_threshold": "8468.10", "village_exit_threshold": "11290.80"}
    page = ident.client.get(STANDARDS, params={"limit": 3}, headers=ident.headers()).json()
    rest = ident.client.get(STANDARDS, params={"limit": 3, "cursor": page["next_cursor"]},
                            headers=ident.headers()).json()
    assert [i["year"] for i in page["items"] + rest["items"]] == [2017, 2018, 2019, 2020]
    assert rest["next_cursor"] is None


def test_an_admin_issues_a_new_version_and_evaluations_cite_it(ident):
    hid = make_household(ident)
    r = ident.client.post(STANDARDS, json={"year": 2018, "rural_income_per_head": "16000.00",
                                           "reason": "统计局修正数据"}, headers=admin(ident))
    assert r.status_code == 201, r.text
    body = r.json()
    assert (body["version"], body["household_exit_ratio"], body["household_exit_threshold"]) == (
        2, "0.4500", "7200.00")
    assert r.headers["location"] == f"{STANDARDS}/{body['id']}"
    versions = ident.client.get(STANDARDS, params={"year": 2018}, headers=ident.headers()).json()["items"]
    assert [(v["version"], v["rural_income_per_head"]) for v in versions] == [(1, "17168.00"),
                                                                              (2, "16000.00")]
    ev = ident.client.get(f"/api/v1/households/{hid}/evaluation", params={"year": 2018},
                          headers=ident.headers()).json()
    assert ev["conditions"][0]["explanation_en"] == ("income per head 7,120.00 < 45% × 16,000 = 7,200.00 "
                                                     "(2018 standard v2): not met")
    assert ev["standard_version"] == 2 and ev["id"] is None


def test_only_a_policy_admin_issues_and_nobody_edits_a_version(ident):
    body = {"year": 2018, "rural_income_per_head": "16000.00", "reason": "试图修改"}
    r = ident.client.post(STANDARDS, json=body, headers=ident.headers("province_official", "44"))
    assert (r.status_code, r.json()["code"]) == (403, "forbidden")
    for method in ("put", "patch", "delete"):
        assert getattr(ident.client, method)(f"{STANDARDS}/1", headers=admin(ident)).status_code == 405
    scoped = ident.client.post(STANDARDS, json=body, headers=admin(ident, "4418"))
    assert (scoped.status_code, scoped.json()["errors"][0]["field"]) == (403, "region_prefix")


def test_a_city_standard_applies_to_its_villages_only(ident):
    hid = make_household(ident)
    r = ident.client.post(STANDARDS, json={"year": 2018, "region_prefix": "4418",
                                           "household_exit_ratio": "0.4000", "reason": "清远市试点"},
                          headers=admin(ident))
    assert r.status_code == 201, r.text
    assert (r.json()["version"], r.json()["rural_income_per_head"]) == (1, "17168.00")
    ev = ident.client.get(f"/api/v1/households/{hid}/evaluation", params={"year": 2018},
                          headers=ident.headers()).json()
    assert ev["verdict"] is True
    assert ev["conditions"][0]["explanation_zh"] == ("人均可支配收入 7,120.00 ≥ 40% × 17,168 = 6,867.20"
                                                     "（2018年4418标准 第1版）：达标")


def test_a_first_version_needs_every_figure(ident):
    r = ident.client.post(STANDARDS, json={"year": 2021, "rural_income_per_head": "22306.00",
                                           "reason": "2021年标准"}, headers=admin(ident))
    assert (r.status_code, r.json()["code"]) == (422, "standard_incomplete")
    assert "household_exit_ratio" in [e["field"] for e in r.json()["errors"]]
    full = {"year": 2021, "rural_income_per_head": "22306.00", "household_exit_ratio": "0.4500",
            "village_exit_ratio": "0.6000", "identification_line": "4000.00", "price_index": "1.0800",
            "road_min_households": 20,
            "safe_water_required": True, "notice_days": 7, "objection_days": 7, "announcement_days": 7,
            "reason": "2021年标准"}
    r = ident.client.post(STANDARDS, json=full, headers=admin(ident))
    assert r.status_code == 201, r.text
    assert (r.json()["identification_threshold"], r.json()["household_exit_threshold"]) == (
        "4320.00", "10037.70")


def test_bad_figures_are_refused_naming_the_field(ident):
    cases = [({"household_exit_ratio": "0"}, "household_exit_ratio"),
             ({"household_exit_ratio": "0.45001"}, "household_exit_ratio"),
             ({"household_exit_ratio": "1.5"}, "household_exit_ratio"),
             ({"rural_income_per_head": "-1"}, "rural_income_per_head"),
             ({"region_prefix": "45"}, "region_prefix"),
             ({"region_prefix": "441"}, "region_prefix"),
             ({"notice_days": 0}, "notice_days"),
             ({"year": 2013}, "year"),
             ({"surprise": 1}, "surprise")]
    for change, field in cases:
        body = {"year": 2018, "reason": "测试", **change}
        r = ident.client.post(STANDARDS, json=body, headers=admin(ident))
        assert r.status_code == 422, (change, r.text)
        assert r.json()["errors"][0]["field"] == field, change
    versions = ident.client.get(STANDARDS, params={"year": 2018}, headers=ident.headers()).json()["items"]
    assert len(versions) == 1


def test_concurrent_versions_never_share_a_number(ident):
    def issue(i):
        return ident.client.post(STANDARDS, json={"year": 2020, "rural_income_per_head": f"{20000 + i}.00",
                                                  "reason": f"并发{i}"}, headers=admin(ident))

    with ThreadPoolExecutor(6) as pool:
        results = list(pool.map(issue, range(6)))
    assert {r.status_code for r in results} <= {201, 409}
    created = [r.json()["version"] for r in results if r.status_code == 201]
    versions = ident.client.get(STANDARDS, params={"year": 2020}, headers=ident.headers()).json()["items"]
    assert sorted(v["version"] for v in versions) == list(range(1, len(created) + 2))


def test_household_evaluation_both_rules_scope_and_missing_year(ident):
    hid = make_household(ident, wages="3500.00", labour="lost", category="minimum_living_guarantee")
    url = f"/api/v1/households/{hid}/evaluation"
    ev = ident.client.get(url, params={"year": 2018}, headers=ident.headers()).json()
    assert (ev["kind"], ev["verdict"], ev["conditions"][0]["code"]) == ("household_exit", True, "safety_net")
    ident_ev = ident.client.get(url, params={"year": 2018, "rule": "identification"},
                                headers=ident.headers()).json()
    assert (ident_ev["kind"], ident_ev["verdict"]) == ("identification", True)
    assert ident_ev["conditions"][0]["explanation_en"] == (
        "income per head 3,500.00 < identification line 4,000 × 1.0000 = 4,000.00 (2018 standard v1): "
        "below the identification line")
    assert ident.client.get(url, params={"year": 2018}, headers=ident.headers(region="441881")
                            ).status_code == 404
    missing = ident.client.get(url, params={"year": 2016}, headers=ident.headers())
    assert (missing.status_code, missing.json()["errors"][0]["field"]) == (422, "year")
    assert ident.client.get(url, headers=ident.headers()).status_code == 422


def test_village_income_and_evaluation(ident):
    with ident.db.transaction() as s:
        s.get(Region, VILLAGE).tidy_village = True
        for nv in s.execute(select(NaturalVillage).where(NaturalVillage.village_code == VILLAGE)).scalars():
            nv.hardened_road = nv.households < 60
    url = f"/api/v1/villages/{VILLAGE}"
    first = ident.client.get(f"{url}/evaluation", params={"year": 2019}, headers=ident.headers()).json()
    assert first["conditions"][0]["explanation_en"] == (
        "village income per head: no income record for 2019, required ≥ 60% × 18,818 = 11,290.80 "
        "(2019 standard v1): not met")
    for amount in ("11290.79", "11290.80"):
        r = ident.client.post(f"{url}/incomes", json={"year": 2019, "income_per_head": amount,
                                                      "source": "镇统计站"}, headers=ident.headers())
        assert r.status_code == 201, r.text
    incomes = ident.client.get(f"{url}/incomes", headers=ident.headers()).json()
    assert [i["revision"] for i in incomes] == [1, 2]
    ev = ident.client.get(f"{url}/evaluation", params={"year": 2019}, headers=ident.headers()).json()
    assert ev["conditions"][0]["passed"] is True
    assert [c["code"] for c in ev["conditions"] if not c["passed"]] == ["roads"]
    assert ev["conditions"][1]["explanation_zh"].startswith("20户以上自然村路面硬化")
    assert ident.client.get(f"{url}/evaluation", params={"year": 2019},
                            headers=ident.headers(region="441881")).status_code == 404
    assert ident.client.get("/api/v1/villages/441882100000/evaluation", params={"year": 2019},
                            headers=ident.headers()).status_code == 404
    bad = ident.client.post(f"{url}/incomes", json={"year": 2019, "income_per_head": "12.345"},
                            headers=ident.headers())
    assert (bad.status_code, bad.json()["errors"][0]["field"]) == (422, "income_per_head")


def test_a_stored_evaluation_is_reread_in_both_languages_within_scope(ident):
    hid = make_household(ident)
    with ident.db.transaction() as s:
        household = households_repo.get_household(s, uuid.UUID(hid))
        evaluation = evaluate_household_exit(service.household_facts(s, household, 2018),
                                             service.current_standard(s, 2018, VILLAGE))
        stored = service.evaluate_and_store(s, SYSTEM, "household", household.id, 2018, evaluation)
    # a later version does not change what was stored
    ident.client.post(STANDARDS, json={"year": 2018, "rural_income_per_head": "15000.00", "reason": "修正"},
                      headers=admin(ident))
    r = ident.client.get(f"/api/v1/evaluations/{stored}", headers=ident.headers("inspector", "4418"))
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["id"], body["standard_version"], body["evaluated_by"]) == (str(stored), 1, "demo-loader")
    assert body["conditions"][0]["explanation_zh"] == ("人均可支配收入 7,120.00 < 45% × 17,168 = 7,725.60"
                                                       "（2018年标准 第1版）：未达标")
    assert body["facts"]["income_per_head"] == "7120.00"
    assert ident.client.get(f"/api/v1/evaluations/{stored}", headers=ident.headers(region="441881")
                            ).status_code == 404
    assert ident.client.get(f"/api/v1/evaluations/{uuid.uuid4()}", headers=ident.headers()).status_code == 404
