"""The rules catalogue over HTTP, and the step from a refused line to its rule and source."""

from __future__ import annotations

from tests.identification.procedure_flow import NATIONAL_EXIT_MECHANISM
from tests.identification.test_policy_api import STANDARDS, admin, make_household

RULES = "/api/v1/policy/rules"


def test_the_catalogue_lists_every_rule_with_its_source(ident):
    r = ident.client.get(RULES, headers=ident.headers("evaluator", "44"))
    assert r.status_code == 200, r.text
    body = r.json()
    codes = [rule["code"] for rule in body["items"]]
    assert (len(codes), len(set(codes)), set(body)) == (22, 22, {"items"})
    assert all(rule["sources"] and rule["title_zh"] and rule["checks_zh"] for rule in body["items"])
    income = next(rule for rule in body["items"] if rule["code"] == "identification.household.exit_income")
    assert income["sources"] == [{
        "in_plan": True, "citation_en": "Guangdong plan 2018–2020, part 一",
        "citation_zh": "《关于打赢脱贫攻坚战三年行动方案（2018—2020年）》第一部分",
        "document_en": "Guangdong three-year action plan to win the fight against poverty (2018–2020)",
        "document_zh": "《关于打赢脱贫攻坚战三年行动方案（2018—2020年）》",
        "issuer_en": "General Offices of the Guangdong Provincial Party Committee and Provincial Government",
        "issuer_zh": "省委办公厅、省政府办公厅", "part": "一", "item": None,
        "quote_zh": "有劳动能力相对贫困人口年人均可支配收入达到当年全省农民人均可支配收入的45%"}]
    assert [p["name"] for p in income["parameters"]] == ["household_exit_ratio", "rural_income_per_head"]
    assert (income["effective_from"], income["on_by_default"], income["applies_to"]) == (
        "2018-01-01", True, ["household_exit"])


def test_filters_by_where_a_rule_applies_and_its_origin(ident):
    village = ident.client.get(RULES, params={"applies_to": "village_exit"}, headers=ident.headers()).json()
    assert [rule["code"] for rule in village["items"]] == [
        "identification.village.exit_income", "identification.village.roads", "identification.village.tidy",
        "identification.village.remaining_poor_share"]
    outside = ident.client.get(RULES, params={"in_plan": "false"}, headers=ident.headers()).json()
    assert [(rule["code"], rule["on_by_default"]) for rule in outside["items"]] == [
        ("identification.village.remaining_poor_share", False),
        ("identification.procedure.publicity_periods", True)]
    bad = ident.client.get(RULES, params={"applies_to": "Village Exit"},
                           headers=ident.headers(**{"Accept-Language": "zh-CN"}))
    assert (bad.status_code, bad.json()["errors"][0]["field"]) == (422, "applies_to")


def test_the_share_rule_says_it_is_not_the_plans_and_how_it_is_switched_on(ident):
    r = ident.client.get(f"{RULES}/identification.village.remaining_poor_share", headers=ident.headers())
    assert r.status_code == 200, r.text
    rule = r.json()
    assert (rule["in_plan"], rule["on_by_default"], rule["effective_from"]) == (False, False, None)
    assert (rule["switch"], rule["switch_source"]) == (
        "village_remaining_poor_share_max", "village_remaining_poor_share_source")
    [source] = rule["sources"]
    assert source["citation_zh"] == "中共中央办公厅、国务院办公厅《关于建立贫困退出机制的意见》（2016年4月）"
    assert (source["part"], source["item"], source["in_plan"]) == (None, None, False)


def test_unknown_or_malformed_codes_and_callers_without_the_right_are_refused(ident):
    zh = ident.headers(**{"Accept-Language": "zh-CN"})
    missing = ident.client.get(f"{RULES}/identification.village.nothing", headers=zh)
    assert (missing.status_code, missing.headers["content-type"]) == (404, "application/problem+json")
    assert missing.json()["detail"] == "未找到规则 identification.village.nothing"
    malformed = ident.client.get(f"{RULES}/DROP TABLE", headers=ident.headers())
    assert (malformed.status_code, malformed.json()["errors"][0]["field"]) == (422, "code")
    assert ident.client.get(RULES).status_code == 401
    bare = ident.client.get(RULES, headers=ident.headers("service", "44", scopes=["funds:read"]))
    assert (bare.status_code, bare.json()["code"]) == (403, "forbidden")
    system = ident.client.get(RULES, headers=ident.headers("service", "44", scopes=["identification:read"]))
    assert system.status_code == 200


def test_the_openapi_documents_both_operations_with_examples(ident):
    paths = ident.client.get("/openapi.json").json()["paths"]
    listed, single = paths[RULES]["get"], paths[RULES + "/{code}"]["get"]
    assert (listed["operationId"], single["operationId"]) == ("list_rules", "get_rule")
    for op in (listed, single):
        assert "identification:read" in op["description"]
        assert {"200", "401", "403", "422"} <= set(op["responses"])
        assert "example" in op["responses"]["200"]["content"]["application/json"]
        assert op["responses"]["403"]["content"]["application/problem+json"]["example"]["code"] == "forbidden"
    assert single["responses"]["404"]["content"]["application/problem+json"]["example"]["status"] == 404
    assert "404" not in listed["responses"]  # nothing in its path can be missing
    assert listed["responses"]["200"]["content"]["application/json"]["example"]["items"][0]["code"] == (
        "identification.household.exit_income")


def test_from_a_refused_line_to_its_rule_and_source_in_one_step(ident):
    hid = make_household(ident)  # income per head 7,120.00 < 45% × 17,168 = 7,725.60 in 2018
    evaluation = ident.client.get(f"/api/v1/households/{hid}/evaluation", params={"year": 2018},
                                  headers=ident.headers()).json()
    refused = next(c for c in evaluation["conditions"] if not c["passed"])
    assert (refused["code"], refused["rule"]) == ("income", "identification.household.exit_income")
    assert refused["explanation_en"] == ("income per head 7,120.00 < 45% × 17,168 = 7,725.60 "
                                         "(2018 standard v1): not met")
    rule = ident.client.get(f"{RULES}/{refused['rule']}", headers=ident.headers()).json()
    assert rule["sources"][0]["citation_en"] == "Guangdong plan 2018–2020, part 一"
    assert {c["rule"] for c in evaluation["conditions"]} <= {
        r["code"] for r in ident.client.get(RULES, headers=ident.headers()).json()["items"]}


def test_switching_the_share_on_needs_its_source_named_in_the_field(ident):
    body = {"year": 2020, "region_prefix": "441882", "village_remaining_poor_share_max": "0.0200",
            "reason": "县采用国家做法"}
    r = ident.client.post(STANDARDS, json=body, headers={**admin(ident), "Accept-Language": "zh-CN"})
    assert (r.status_code, r.json()["code"]) == (422, "rule_source_required")
    assert r.json()["errors"][0]["field"] == "village_remaining_poor_share_source"
    assert "依据" in r.json()["detail"]
    orphan = {"year": 2020, "village_remaining_poor_share_source": NATIONAL_EXIT_MECHANISM, "reason": "测试"}
    r = ident.client.post(STANDARDS, json=orphan, headers=admin(ident))
    assert (r.status_code, r.json()["errors"][0]["field"]) == (422, "village_remaining_poor_share_source")
    listed = ident.client.get(STANDARDS, params={"year": 2020}, headers=ident.headers()).json()["items"]
    assert [(s["version"], s["village_remaining_poor_share_max"]) for s in listed] == [(1, None)]


def test_a_switched_on_share_carries_over_until_a_version_switches_it_off(ident):
    on = ident.client.post(STANDARDS, headers=admin(ident), json={
        "year": 2020, "region_prefix": "441882", "village_remaining_poor_share_max": "0.0200",
        "village_remaining_poor_share_source": NATIONAL_EXIT_MECHANISM, "reason": "县采用国家做法"}).json()
    carried = ident.client.post(STANDARDS, headers=admin(ident), json={
        "year": 2020, "region_prefix": "441882", "notice_days": 10, "reason": "延长公示期"}).json()
    off = ident.client.post(STANDARDS, headers=admin(ident), json={
        "year": 2020, "region_prefix": "441882", "village_remaining_poor_share_max": None,
        "reason": "回到方案的三项条件"}).json()
    assert [(s["version"], s["village_remaining_poor_share_max"], s["village_remaining_poor_share_source"])
            for s in (on, carried, off)] == [
        (1, "0.0200", NATIONAL_EXIT_MECHANISM), (2, "0.0200", NATIONAL_EXIT_MECHANISM), (3, None, None)]
    lines = ident.client.get("/api/v1/villages/441882100201/evaluation", params={"year": 2020},
                             headers=ident.headers()).json()["conditions"]
    assert [c["rule"] for c in lines] == [
        "identification.village.exit_income", "identification.village.roads", "identification.village.tidy"]
