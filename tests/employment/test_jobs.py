"""Employers by unified social credit code, and positions of every kind with their terms."""

from __future__ import annotations

from shared.concurrency import version_of
from tests.employment.support import credit_code, employer, position

PROVINCE = {"role": "province_official", "region": "44"}


def _province(**extra: str) -> dict[str, str]:
    return {"role": "province_official", "region": "44", **extra}


def test_an_employer_is_registered_once_by_a_valid_credit_code(emp):
    body = employer(emp)
    assert body["credit_code"] == credit_code() and body["version"] == 1
    again = emp.client.post("/api/v1/employers", headers=emp.headers(**PROVINCE), json={
        "credit_code": credit_code().lower(), "name": "另一家", "kind": "enterprise",
        "region_code": "441882"})
    assert again.status_code == 409 and again.json()["code"] == "employer_exists"
    assert (again.json()["errors"][0]["field"], again.json()["rule"]) == ("credit_code",
                                                                          "employment.employer.credit_code")


def test_a_credit_code_with_a_wrong_check_character_is_refused_naming_the_field(emp):
    good = credit_code()
    wrong = good[:-1] + ("0" if good[-1] != "0" else "1")
    for code, reason in ((wrong, "credit_code_checksum"), (good[:-2], "credit_code_length"),
                         (good[:-1] + "I", "credit_code_format")):
        zh = emp.headers(**_province(**{"Accept-Language": "zh"}))
        r = emp.client.post("/api/v1/employers", headers=zh,
                            json={"credit_code": code, "name": "单位", "kind": "enterprise",
                                  "region_code": "441882"})
        assert r.status_code == 422, r.text
        [error] = r.json()["errors"]
        assert (error["field"], error["code"]) == ("credit_code", reason)
    assert emp.client.get("/api/v1/employers", headers=emp.headers()).json()["items"] == []


def test_an_employer_outside_the_callers_region_is_refused(emp):
    r = emp.client.post("/api/v1/employers", headers=emp.headers(), json={
        "credit_code": credit_code(), "name": "东莞电子厂", "kind": "enterprise", "region_code": "441900"})
    assert r.status_code == 403 and r.json()["errors"][0]["field"] == "region_code"


def test_positions_of_every_kind_with_requirements_period_and_targets(emp):
    owner = employer(emp)["id"]
    kinds = [("ordinary", None), ("workshop", None), ("employment_base", None), ("home_based", None),
             ("public_welfare", "road_upkeep"), ("public_welfare", "forest_ranger"),
             ("public_welfare", "grassland_ranger"), ("public_welfare", "ecological_care"),
             ("public_welfare", "cleaning")]
    for kind, work in kinds:
        body = position(emp, owner, kind=kind, public_welfare_kind=work,
                        required_skills=["sewing", "cooking"],
                        min_age=18, max_age=50, health="no_serious_illness", min_education="primary",
                        ends_on="2020-12-31", target_regions=["441882", "4418"])
        assert (body["kind"], body["public_welfare_kind"]) == (kind, work)
        assert (body["filled"], body["state"]) == (0, "open")
        assert body["required_skills"] == ["cooking", "sewing"]
        assert body["target_regions"] == ["4418", "441882"]
    listed = emp.client.get("/api/v1/positions", params={"kind": "public_welfare"}, headers=emp.headers())
    assert len(listed.json()["items"]) == 5


def test_position_terms_that_contradict_each_other_are_refused_naming_the_field(emp):
    owner = employer(emp)["id"]
    for extra, field in (({"min_age": 40, "max_age": 30}, "max_age"),
                         ({"starts_on": "2019-03-01", "ends_on": "2019-02-01"}, "ends_on"),
                         ({"kind": "public_welfare"}, "public_welfare_kind"),
                         ({"public_welfare_kind": "cleaning"}, "public_welfare_kind")):
        problem = position(emp, owner, expect=422, **extra)
        assert problem["code"] == "position_terms_invalid" and problem["errors"][0]["field"] == field
    for extra, field in (({"min_age": 15}, "min_age"), ({"openings": 0}, "openings"),
                         ({"monthly_wage": "-1.00"}, "monthly_wage"), ({"target_regions": ["4"]},
                                                                       "target_regions[0]")):
        problem = position(emp, owner, expect=422, **extra)
        assert problem["errors"][0]["field"] == field, problem
    assert emp.client.get("/api/v1/positions", headers=emp.headers()).json()["items"] == []


def test_changing_a_position_keeps_its_terms_together(emp):
    owner = employer(emp)["id"]
    job = position(emp, owner, min_age=18, max_age=45)
    url = f"/api/v1/positions/{job['id']}"
    upside_down = emp.client.patch(url, json={"max_age": 17},
                                   headers=emp.headers(**_province(**{"If-Match": '"1"'})))
    assert upside_down.status_code == 422 and upside_down.json()["errors"][0]["field"] == "max_age"
    r = emp.client.patch(url, json={"openings": 5, "monthly_wage": "3300.00"},
                         headers=emp.headers(**_province(**{"If-Match": '"1"'})))
    assert r.status_code == 200, r.text
    assert (r.json()["openings"], r.json()["monthly_wage"]) == (5, "3300.00")
    assert version_of(r.headers["etag"]) == 2
    stale = emp.client.patch(url, json={"openings": 6},
                             headers=emp.headers(**_province(**{"If-Match": '"1"'})))
    assert stale.status_code == 412
    feed = emp.client.get("/api/v1/events", headers=emp.headers(**PROVINCE)).json()["items"]
    types = [e["type"] for e in feed]
    assert types == ["employer.registered", "position.posted", "position.changed"]


def test_the_code_tables_and_rules_catalogue_are_served(emp):
    codes = emp.client.get("/api/v1/codes", headers=emp.headers()).json()
    assert {"code": "workshop", "label_zh": "扶贫车间", "label_en": "workshop"} in codes["position_kind"]
    rules = emp.client.get("/api/v1/policy/rules", headers=emp.headers()).json()["items"]
    by_code = {r["code"]: r for r in rules}
    assert by_code["employment.labour.working_age"]["parameters"][0]["default"] == "16"
    assert by_code["employment.match.targeting"]["sources"][0]["item"] == 6
