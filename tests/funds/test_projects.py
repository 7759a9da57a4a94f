"""The county project library: entry checked against the register, steps in order by the entitled level."""

from __future__ import annotations

from datetime import date

from tests.funds.support import (
    COUNTY,
    FOREIGN_VILLAGE,
    OTHER_VILLAGE,
    VILLAGE,
    county,
    on_day,
    project_body,
    publish_notice,
)

PROJECTS = "/api/v1/projects"
WALK = [("appraise", "专家论证通过"), ("admit", "县扶贫开发领导小组审定入库"),
        ("plan", "纳入2019年度实施计划"),
        ("start", "施工队进场"), ("complete", "主体工程完工"), ("accept", "县住建局组织验收合格")]


def propose(funds, headers=None, **changes):
    r = funds.client.post(PROJECTS, json=project_body(**changes), headers=headers or county(funds))
    assert r.status_code == 201, r.text
    return r


def step(funds, project_id, etag, name, reason="依据", headers=None):
    return funds.client.post(f"{PROJECTS}/{project_id}/steps", json={"step": name, "reason": reason},
                             headers=headers or county(funds, **{"If-Match": etag}))


def test_a_project_walks_its_whole_life_recorded_with_who_when_and_why(funds, register):
    """Entry, appraisal, library, plan, notice, objection and answer, allocation, staged payment after
    verified progress, completion, acceptance and evaluation, each by the entitled level, journaled."""
    first = register.household()
    created = propose(funds, beneficiaries=[{"household_id": first, "subsidy": "20000.00",
                                             "account": "6228480088886666123"}])
    project, etag = created.json(), created.headers["ETag"]
    assert created.headers["Location"] == f"{PROJECTS}/{project['id']}"
    assert (project["status"], project["budget_total"], project["allocated_total"]) == (
        "proposed", "400000.00", "0.00")
    assert [(f["source"], f["budget"]) for f in project["funds"]] == [("provincial", "300000.00"),
                                                                       ("county", "100000.00")]
    plan = funds.client.put(f"{PROJECTS}/{project['id']}/payment-plan", json={"stages": [
        {"name": "开工", "share": "30"}, {"name": "封顶", "share": "40"}, {"name": "竣工", "share": "30"}]},
        headers=county(funds))
    assert plan.status_code == 200, plan.text
    for name, reason in WALK[:3]:
        r = step(funds, project["id"], etag, name, reason)
        assert r.status_code == 200, r.text
        etag = r.headers["ETag"]
    # the plan notice (项目计划公示) lists the household, its head's name masked in public
    notice = publish_notice(funds, project["id"], lines=[{"household_id": first, "head_name": "黄志强"}])
    with on_day(date(2019, 2, 6)):
        objection = funds.client.post(f"/api/v1/public/notices/{notice['id']}/objections",
                                      json={"content": "该户去年已享受危房改造补助"})
    assert objection.status_code == 201, objection.text
    money = {"source": "provincial", "amount": "20000.00", "document_no": "粤财农〔2019〕1号",
             "allocated_on": "2019-03-10"}
    held = funds.client.post(f"{PROJECTS}/{project['id']}/allocations", json=money, headers=county(funds))
    assert (held.status_code, held.json()["reason"]) == (409, "objection_pending")
    answer = funds.client.post(
        f"/api/v1/notices/{notice['id']}/objections/{objection.json()['id']}/answer",
        json={"decision": "rejected", "reason": "经核查，该户此前未享受危房改造补助"}, headers=county(funds))
    assert answer.status_code == 200, answer.text
    allocated = funds.client.post(f"{PROJECTS}/{project['id']}/allocations", json=money,
                                  headers=county(funds))
    assert allocated.status_code == 201, allocated.text
    etag = funds.client.get(f"{PROJECTS}/{project['id']}", headers=county(funds)).headers["ETag"]
    r = step(funds, project["id"], etag, *WALK[3])
    assert r.status_code == 200, r.text
    recorded = funds.client.post(f"{PROJECTS}/{project['id']}/progress", json={
        "household_id": first, "stage_no": 1, "reached_on": "2019-04-01", "note": "已开工"},
        headers=funds.headers("town_official", "441882100"))
    verified = funds.client.post(f"{PROJECTS}/{project['id']}/progress/{recorded.json()['id']}/verify",
                                 headers=county(funds))
    assert verified.status_code == 200, verified.text
    paid = funds.client.post(f"{PROJECTS}/{project['id']}/payments", json={
        "source": "provincial", "paid_on": "2019-04-02", "household_id": first, "stage_no": 1},
        headers=county(funds, **{"Idempotency-Key": "life-1"}))
    assert (paid.status_code, paid.json()["amount"]) == (201, "6000.00"), paid.text
    etag = r.headers["ETag"]
    for name, reason in WALK[4:]:
        r = step(funds, project["id"], etag, name, reason)
        assert r.status_code == 200, r.text
        etag = r.headers["ETag"]
    evaluator = funds.headers("city_official", "4418", **{"If-Match": etag})
    r = step(funds, project["id"], etag, "evaluate", "绩效评价良好", headers=evaluator)
    assert r.status_code == 200, r.text
    assert (r.json()["status"], r.json()["allocated_total"], r.json()["disbursed_total"]) == (
        "evaluated", "20000.00", "6000.00")
    steps = funds.client.get(f"{PROJECTS}/{project['id']}/steps", headers=county(funds)).json()
    assert [(s["step"], s["from_status"], s["to_status"]) for s in steps] == [
        ("propose", None, "proposed"), ("appraise", "proposed", "appraised"),
        ("admit", "appraised", "in_library"), ("plan", "in_library", "in_annual_plan"),
        ("start", "in_annual_plan", "implementing"), ("complete", "implementing", "completed"),
        ("accept", "completed", "accepted"), ("evaluate", "accepted", "evaluated")]
    assert steps[-1]["actor"] == "city_official-4418" and steps[-1]["reason"] == "绩效评价良好"
    assert steps[1]["actor"] == "county_official-441882" and steps[1]["at"]
    feed = funds.client.get("/api/v1/events", params={"limit": 100}, headers=county(funds)).json()["items"]
    mine = [e["type"] for e in feed if e["data"].get("project_id") == project["id"]]
    assert mine == ["project.proposed", "payment_plan.set"] + ["project.step_taken"] * 3 + [
        "notice.drafted", "notice.published", "objection.recorded", "objection.answered", "funds.allocated",
        "project.step_taken", "progress.recorded", "progress.verified", "payment.made"] + [
        "project.step_taken"] * 3
    audit = funds.client.get("/api/v1/audit", params={"limit": 100},
                             headers=funds.headers("province_official", "44")).json()
    actions = {a["action"] for a in audit["items"]}
    assert {"project.propose", "project.appraise", "notice.publish", "objection.record", "objection.answer",
            "allocation.record", "payment.make", "project.evaluate"} <= actions


def test_steps_out_of_order_are_refused_and_change_nothing(funds, register):
    created = propose(funds)
    project_id, etag = created.json()["id"], created.headers["ETag"]
    for name in ("start", "accept", "evaluate"):
        r = step(funds, project_id, etag, name, headers=funds.headers(
            "city_official" if name == "evaluate" else "county_official",
            "4418" if name == "evaluate" else "441882", **{"If-Match": etag}))
        assert (r.status_code, r.json()["code"]) == (409, "step_out_of_order"), r.text
    r = step(funds, project_id, etag, "appraise")
    again = step(funds, project_id, r.headers["ETag"], "appraise")
    assert (again.status_code, again.json()["code"]) == (409, "step_out_of_order")
    assert again.json()["possible_steps"] == ["admit", "adjust", "cancel"]
    stale = step(funds, project_id, etag, "admit")
    assert (stale.status_code, stale.json()["code"]) == (412, "version_stale")
    none = funds.client.post(f"{PROJECTS}/{project_id}/steps", json={"step": "admit", "reason": "x"},
                             headers=county(funds))
    assert none.status_code == 428
    propose_again = step(funds, project_id, r.headers["ETag"], "propose")
    assert (propose_again.status_code, propose_again.json()["errors"][0]["field"]) == (422, "step")
    assert funds.client.get(f"{PROJECTS}/{project_id}", headers=county(funds)).json()["status"] == "appraised"


def test_each_step_is_taken_by_its_level_and_region(funds, register):
    created = propose(funds)
    project_id, etag = created.json()["id"], created.headers["ETag"]
    cases = [(funds.headers("town_official", "441882100", **{"If-Match": etag}), 403, "step_level_mismatch"),
             (funds.headers("city_official", "4418", **{"If-Match": etag}), 403, "step_level_mismatch"),
             (funds.headers("county_official", "441881", **{"If-Match": etag}), 404, "not_found"),
             (funds.headers("village_cadre", "441882100201", **{"If-Match": etag}), 403, "forbidden"),
             (funds.headers("inspector", "441882", **{"If-Match": etag}), 403, "forbidden")]
    for headers, status, code in cases:
        r = step(funds, project_id, etag, "appraise", headers=headers)
        assert (r.status_code, r.json()["code"]) == (status, code), r.text
    province = funds.headers("province_official", "44", **{"If-Match": etag})
    assert step(funds, project_id, etag, "appraise", headers=province).json()["code"] == "step_level_mismatch"
    walked = etag
    for name, reason in WALK:
        walked = step(funds, project_id, walked, name, reason).headers["ETag"]
    r = step(funds, project_id, walked, "evaluate")
    assert (r.status_code, r.json()["code"]) == (403, "step_level_mismatch")
    other_city = funds.headers("city_official", "4419", **{"If-Match": walked})
    assert step(funds, project_id, walked, "evaluate", headers=other_city).status_code == 404
    r = step(funds, project_id, walked, "evaluate", headers=funds.headers("province_official", "44",
                                                                            **{"If-Match": walked}))
    assert r.status_code == 200, r.text


def test_an_industry_project_is_appraised_only_with_its_risks_assessed(funds, register):
    created = propose(funds, project_type="industry", name="百香果种植基地")
    r = step(funds, created.json()["id"], created.headers["ETag"], "appraise")
    assert (r.status_code, r.json()["code"]) == (422, "risk_assessment_missing")
    assert [e["field"] for e in r.json()["errors"]] == ["risk.technical", "risk.market", "risk.measures"]
    assert r.json()["rule"] == "funds.project.risk_assessment"
    risk = {"technical": "medium", "market": "high", "measures": "订单收购、农业保险"}
    adjusted = funds.client.patch(f"{PROJECTS}/{created.json()['id']}", json={"reason": "补充风险评估",
                                                                               "risk": risk},
                                  headers=county(funds, **{"If-Match": created.headers["ETag"]}))
    assert adjusted.status_code == 200, adjusted.text
    assert adjusted.json()["risk"] == risk
    r = step(funds, created.json()["id"], adjusted.headers["ETag"], "appraise")
    assert r.status_code == 200, r.text
    road = propose(funds, project_type="road", name="村道硬化")
    assert step(funds, road.json()["id"], road.headers["ETag"], "appraise").status_code == 200


def test_beneficiaries_the_register_does_not_hold_in_the_county_are_refused_with_the_reason(funds, register):
    good = register.household()
    removed = register.household("removed")
    candidate = register.household("candidate")
    elsewhere = register.household(region=FOREIGN_VILLAGE)
    unknown = "0b7c3f6e-2f7a-4c55-9d5a-6f1de0a0c001"
    body = project_body(beneficiaries=[{"household_id": h} for h in (good, removed, candidate, elsewhere,
                                                                      unknown)],
                        village_codes=[VILLAGE, FOREIGN_VILLAGE, "441882100299", "441882100000"])
    r = funds.client.post(PROJECTS, json=body, headers=county(funds, **{"Accept-Language": "zh-CN"}))
    assert (r.status_code, r.json()["code"]) == (422, "beneficiary_refused"), r.text
    assert [(e["field"], e["code"]) for e in r.json()["errors"]] == [
        ("village_codes[1]", "village_out_of_region"), ("village_codes[2]", "village_unknown"),
        ("village_codes[3]", "village_unknown")]
    body["village_codes"] = [VILLAGE]
    r = funds.client.post(PROJECTS, json=body, headers=county(funds, **{"Accept-Language": "zh-CN"}))
    assert [(e["field"], e["code"]) for e in r.json()["errors"]] == [
        ("beneficiaries[1].household_id", "household_removed"),
        ("beneficiaries[2].household_id", "household_not_registered"),
        ("beneficiaries[3].household_id", "household_out_of_region"),
        ("beneficiaries[4].household_id", "household_unknown")]
    assert "已被清退" in r.json()["detail"]
    assert funds.client.get(PROJECTS, headers=county(funds)).json()["items"] == []
    exited = register.household("exited")
    body["beneficiaries"] = [{"household_id": good}, {"household_id": exited}]
    assert funds.client.post(PROJECTS, json=body, headers=county(funds)).status_code == 201


def test_a_household_removed_after_entry_is_refused_when_the_register_says_so(funds, register):
    household = register.household()
    register.change_status(household, "removed")
    r = funds.client.post(PROJECTS, json=project_body(beneficiaries=[{"household_id": household}]),
                          headers=county(funds))
    assert r.json()["errors"][0]["code"] == "household_removed"


def test_bad_amounts_and_dates_are_422_naming_the_field(funds, register):
    cases = [({"budget": [{"source": "county", "amount": "100.005"}]}, "budget[0].amount"),
             ({"budget": [{"source": "county", "amount": "-5.00"}]}, "budget[0].amount"),
             ({"budget": [{"source": "county", "amount": "0.00"}]}, "budget[0].amount"),
             ({"budget": [{"source": "county", "amount": "1.00"}, {"source": "county", "amount": "2.00"}]},
              "budget"),
             ({"budget": []}, "budget"),
             ({"planned_end": "2019-02-28"}, "planned_end"),
             ({"county_code": "441882100201"}, "county_code"),
             ({"year": 2050}, "year"),
             ({"project_type": "casino"}, "project_type")]
    for changes, field in cases:
        r = funds.client.post(PROJECTS, json=project_body(**changes),
                              headers=county(funds, **{"Accept-Language": "zh-CN"}))
        assert r.status_code == 422, (changes, r.text)
        assert r.headers["content-type"] == "application/problem+json"
        assert field in [e["field"] for e in r.json()["errors"]], (changes, r.json())
    r = funds.client.post(PROJECTS, json=project_body(planned_end="2019-02-28"),
                          headers=county(funds, **{"Accept-Language": "zh-CN"}))
    assert r.json()["errors"][0]["message"] == "计划完工日期早于计划开工日期"
    unknown_county = funds.client.post(PROJECTS, json=project_body(county_code="441899000000"),
                                       headers=funds.headers("city_official", "4418"))
    assert unknown_county.json()["code"] == "step_level_mismatch"
    assert funds.client.get(PROJECTS, headers=county(funds)).json()["items"] == []


def test_adjustments_and_cancellation_need_a_reason_and_are_recorded(funds, register):
    created = propose(funds)
    url, etag = f"{PROJECTS}/{created.json()['id']}", created.headers["ETag"]
    r = funds.client.patch(url, json={"budget": [{"source": "county", "amount": "150000.00"}]},
                           headers=county(funds, **{"If-Match": etag}))
    assert (r.status_code, r.json()["errors"][0]["field"]) == (422, "reason")
    r = funds.client.patch(url, json={"reason": "县级配套增加", "planned_end": "2019-01-01"},
                           headers=county(funds, **{"If-Match": etag}))
    assert (r.status_code, r.json()["errors"][0]["field"]) == (422, "planned_end")
    r = funds.client.patch(url, json={"reason": "县级配套增加", "budget": [
        {"source": "county", "amount": "150000.00"}, {"source": "social", "amount": "5000.00"}]},
                           headers=county(funds, **{"If-Match": etag}))
    assert r.status_code == 200, r.text
    assert r.headers["ETag"] != etag and r.json()["budget_total"] == "455000.00"
    r = step(funds, created.json()["id"], r.headers["ETag"], "cancel", "村民另有安置")
    assert (r.status_code, r.json()["status"]) == (200, "cancelled")
    after = step(funds, created.json()["id"], r.headers["ETag"], "appraise")
    assert after.json()["code"] == "step_out_of_order"
    no_reason = funds.client.post(f"{url}/steps", json={"step": "cancel"},
                                  headers=county(funds, **{"If-Match": r.headers["ETag"]}))
    assert (no_reason.status_code, no_reason.json()["errors"][0]["field"]) == (422, "reason")
    steps = funds.client.get(f"{url}/steps", headers=county(funds)).json()
    assert [(s["step"], s["reason"]) for s in steps[1:]] == [("adjust", "县级配套增加"),
                                                            ("cancel", "村民另有安置")]


def test_accounts_are_masked_without_pii_read_and_an_unmasked_read_is_audited(funds, register):
    household = register.household()
    created = propose(funds, beneficiaries=[{"household_id": household, "subsidy": "20000.00",
                                             "account": "6228480088886666123"}])
    assert created.json()["beneficiaries"][0]["account"] == "***************6123"
    url = f"{PROJECTS}/{created.json()['id']}"
    unmasked = funds.client.get(url, headers=funds.headers("county_official", "441882", ["pii:read"]))
    assert unmasked.json()["beneficiaries"][0]["account"] == "6228480088886666123"
    audit = funds.client.get("/api/v1/audit", headers=funds.headers("province_official", "44")).json()
    assert any(a["action"] == "pii.read" and a["entity_id"] == created.json()["id"] for a in audit["items"])
    feed = funds.client.get("/api/v1/events", params={"limit": 500}, headers=county(funds)).text
    assert "6228480088886666123" not in feed and "6666123" not in feed


def test_scope_shows_a_county_its_projects_and_a_village_the_projects_that_benefit_it(funds, register):
    mine = propose(funds).json()
    other_village = propose(funds, village_codes=[OTHER_VILLAGE], name="石兰村饮水").json()
    village = funds.headers("village_cadre", VILLAGE)
    assert [p["id"] for p in funds.client.get(PROJECTS, headers=village).json()["items"]] == [mine["id"]]
    assert funds.client.get(f"{PROJECTS}/{other_village['id']}", headers=village).status_code == 404
    other_county = funds.headers("county_official", "441881")
    assert funds.client.get(PROJECTS, headers=other_county).json()["items"] == []
    assert funds.client.get(f"{PROJECTS}/{mine['id']}", headers=other_county).status_code == 404
    page = funds.client.get(PROJECTS, params={"limit": 1}, headers=county(funds)).json()
    rest = funds.client.get(PROJECTS, params={"limit": 1, "cursor": page["next_cursor"]},
                            headers=county(funds)).json()
    assert {page["items"][0]["id"], rest["items"][0]["id"]} == {mine["id"], other_village["id"]}
    assert rest["next_cursor"] is None
    appraised = funds.client.get(PROJECTS, params={"status": "appraised"}, headers=county(funds))
    assert appraised.json()["items"] == []
    assert funds.client.get(PROJECTS, params={"region": COUNTY[:6]}, headers=county(funds)).status_code == 200


def test_the_rules_catalogue_lists_funds_rules_with_their_source(funds):
    r = funds.client.get("/api/v1/policy/rules", headers=funds.headers("evaluator", "441882"))
    assert r.status_code == 200, r.text
    rules = {rule["code"]: rule for rule in r.json()["items"]}
    assert rules["funds.project.risk_assessment"]["sources"][0]["item"] == 32
    assert all(rule["in_plan"] for rule in rules.values())
    codes = funds.client.get("/api/v1/codes", headers=county(funds)).json()
    assert {"code": "housing_renovation", "label_zh": "危房改造", "label_en": "housing renovation"} in \
        codes["project_type"]
