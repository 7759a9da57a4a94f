"""The identification procedure (精准识别): order, levels, notice, documents, dates, decisions."""

from __future__ import annotations

from datetime import date

from tests.identification.procedure_flow import (
    COUNTY,
    TOWN,
    VILLAGE,
    create_household,
    events,
    headers,
    read,
    record_income,
    start,
    take,
    walk,
)


def _candidate(ident, serial=11, wages="6000.00"):
    household = create_household(ident, serial)
    record_income(ident, household["id"], 2017, wages)
    return household


def test_identification_walk_records_every_step_and_identifies(ident):
    household = _candidate(ident)
    proc = start(ident, household["id"], "identification", date(2018, 3, 1), year=2017,
                 comment="农户申请")
    assert proc["state"] == "open"
    assert proc["next_step"] == {"step": "survey", "label_zh": "入户调查", "level": "village",
                                 "needs_document": True, "not_before": None}
    done = walk(ident, proc["id"], [("survey", date(2018, 3, 5)), ("appraisal", date(2018, 3, 10)),
                                    ("notice", date(2018, 3, 12)), ("town_review", date(2018, 3, 19)),
                                    ("county_approval", date(2018, 3, 25))])
    assert done["state"] == "completed"
    assert done["closed_on"] == "2018-03-25"
    assert done["notice_posted_on"] == "2018-03-12"
    assert done["notice_ends_on"] == "2018-03-18"
    log = [(s["seq"], s["step"], s["outcome"], s["actor_role"], s["actor_region"], s["effective_on"])
           for s in done["steps"]]
    assert log == [
        (1, "application", "done", "village_cadre", VILLAGE, "2018-03-01"),
        (2, "survey", "done", "village_cadre", VILLAGE, "2018-03-05"),
        (3, "appraisal", "done", "village_cadre", VILLAGE, "2018-03-10"),
        (4, "notice", "done", "village_cadre", VILLAGE, "2018-03-12"),
        (5, "town_review", "done", "town_official", TOWN, "2018-03-19"),
        (6, "county_approval", "done", "county_official", COUNTY, "2018-03-25"),
    ]
    assert done["steps"][0]["comment"] == "农户申请"
    assert done["steps"][0]["documents"] == ["申请书"]
    assert done["steps"][5]["documents"] == ["county_approval-记录"]
    assert done["steps"][1]["evaluation_id"] is not None
    assert done["steps"][0]["actor"] == f"village_cadre-{VILLAGE}"
    h = ident.client.get(f"/api/v1/households/{household['id']}", headers=ident.headers()).json()
    assert (h["status"], h["identified_on"]) == ("identified", "2018-03-25")
    identified = events(ident, "household.identified")
    assert [e["data"] for e in identified] == [{
        "household_id": household["id"], "region_code": VILLAGE, "identified_on": "2018-03-25",
        "procedure_id": proc["id"], "via": "identification", "cause": None}]
    history = ident.client.get(f"/api/v1/households/{household['id']}/status-history",
                               headers=ident.headers()).json()
    assert [(c["from_status"], c["to_status"], c["effective_on"]) for c in history][-1] == \
        ("candidate", "identified", "2018-03-25")
    assert history[-1]["reference"] == f"procedure {proc['id']}"


def test_next_step_is_refused_until_the_notice_period_has_ended(ident):
    household = _candidate(ident)
    proc = start(ident, household["id"], "identification", date(2018, 3, 1), year=2017)
    walk(ident, proc["id"], [("survey", date(2018, 3, 2)), ("appraisal", date(2018, 3, 3)),
                             ("notice", date(2018, 3, 12))])
    assert read(ident, proc["id"])["next_step"]["not_before"] == "2018-03-19"
    early = take(ident, proc["id"], "town_review", date(2018, 3, 18))
    assert early.status_code == 409
    assert early.json()["code"] == "notice_period_running"
    assert early.json()["notice_ends_on"] == "2018-03-18"
    assert read(ident, proc["id"])["next_step"]["step"] == "town_review"
    assert take(ident, proc["id"], "town_review", date(2018, 3, 19)).status_code == 200


def test_steps_cannot_be_skipped_or_repeated(ident):
    household = _candidate(ident)
    proc = start(ident, household["id"], "identification", date(2018, 3, 1), year=2017)
    skipped = take(ident, proc["id"], "appraisal", date(2018, 3, 2), level="village")
    assert skipped.status_code == 409
    assert (skipped.json()["code"], skipped.json()["expected_step"]) == ("step_out_of_order", "survey")
    repeated = take(ident, proc["id"], "application", date(2018, 3, 2), level="village")
    assert repeated.json()["expected_step"] == "survey"
    unknown = take(ident, proc["id"], "confirmation", date(2018, 3, 2), level="village")
    assert (unknown.status_code, unknown.json()["errors"][0]["field"]) == (422, "step")
    assert len(read(ident, proc["id"])["steps"]) == 1


def test_each_step_needs_its_level_and_region(ident):
    household = _candidate(ident)
    proc = start(ident, household["id"], "identification", date(2018, 3, 1), year=2017)
    walk(ident, proc["id"], [("survey", date(2018, 3, 2)), ("appraisal", date(2018, 3, 3)),
                             ("notice", date(2018, 3, 4)), ("town_review", date(2018, 3, 11))])
    cadre = take(ident, proc["id"], "county_approval", date(2018, 3, 12), level="village")
    assert cadre.status_code == 403
    assert cadre.json()["code"] == "step_level_mismatch"
    assert (cadre.json()["required_level"], cadre.json()["caller_levels"]) == ("county", ["village"])
    town = take(ident, proc["id"], "county_approval", date(2018, 3, 12), level="town")
    assert (town.status_code, town.json()["caller_levels"]) == (403, ["town"])
    # A county official whose token reaches the whole city acts for no single county.
    city_scope = take(ident, proc["id"], "county_approval", date(2018, 3, 12),
                      auth=ident.headers("county_official", "4418"))
    assert (city_scope.status_code, city_scope.json()["code"]) == (403, "step_region_mismatch")
    assert city_scope.json()["required_region"] == "441882"
    other_county = take(ident, proc["id"], "county_approval", date(2018, 3, 12),
                        auth=ident.headers("county_official", "441881"))
    assert other_county.status_code == 404
    assert len(read(ident, proc["id"])["steps"]) == 5


def test_a_cadre_of_another_village_cannot_see_the_procedure(ident):
    household = _candidate(ident)
    proc = start(ident, household["id"], "identification", date(2018, 3, 1), year=2017)
    neighbour = ident.headers("village_cadre", "441882100202")
    assert ident.client.get(f"/api/v1/procedures/{proc['id']}", headers=neighbour).status_code == 404
    r = take(ident, proc["id"], "survey", date(2018, 3, 2), auth=neighbour)
    assert r.status_code == 404
    other_town = take(ident, proc["id"], "survey", date(2018, 3, 2),
                      auth=ident.headers("village_cadre", "441882101201"))
    assert other_town.status_code == 404


def test_dates_are_never_in_the_future_nor_before_the_previous_step(ident):
    household = _candidate(ident)
    proc = start(ident, household["id"], "identification", date(2018, 3, 10), year=2017)
    before = take(ident, proc["id"], "survey", date(2018, 3, 9))
    assert before.status_code == 409
    assert (before.json()["code"], before.json()["errors"][0]["field"]) == ("date_before_previous_step", "on")
    future = take(ident, proc["id"], "survey", date(2999, 1, 1))
    assert future.status_code == 422  # the schema states it (`x-not-after: today`): refused field by field
    refused = future.json()["errors"][0]
    assert (refused["field"], refused["code"]) == ("on", "date_in_future")
    same_day = take(ident, proc["id"], "survey", date(2018, 3, 10))
    assert same_day.status_code == 200


def test_a_step_that_needs_its_document_refuses_without_one(ident):
    household = _candidate(ident)
    proc = start(ident, household["id"], "identification", date(2018, 3, 1), year=2017)
    r = take(ident, proc["id"], "survey", date(2018, 3, 2), documents=[])
    assert r.status_code == 422
    assert (r.json()["code"], r.json()["errors"][0]["field"]) == ("document_required", "documents")


def test_survey_refuses_a_household_above_the_line_and_records_why(ident):
    household = _candidate(ident, wages="8000.02")  # 4,000.01 a head for two people
    proc = start(ident, household["id"], "identification", date(2018, 3, 1), year=2017)
    r = take(ident, proc["id"], "survey", date(2018, 3, 2))
    assert r.status_code == 409
    body = r.json()
    assert body["code"] == "identification_standard_unmet"
    assert body["unmet"] == []
    income = next(c for c in body["conditions"] if c["code"] == "income_line")
    assert (income["value"], income["threshold"], income["passed"]) == ("4000.01", "4000.00", True)
    after = read(ident, proc["id"])
    assert after["state"] == "open" and after["next_step"]["step"] == "survey"
    refused = after["steps"][-1]
    assert (refused["step"], refused["outcome"], refused["evaluation_id"]) == \
        ("survey", "refused", body["evaluation_id"])
    assert after["version"] == proc["version"] + 1  # the step log changed, so the ETag moves


def test_a_rejection_closes_the_procedure_and_the_household_is_not_identified(ident):
    household = _candidate(ident)
    proc = start(ident, household["id"], "identification", date(2018, 3, 1), year=2017)
    walk(ident, proc["id"], [("survey", date(2018, 3, 2))])
    no_reason = take(ident, proc["id"], "appraisal", date(2018, 3, 3), decision="reject")
    assert (no_reason.status_code, no_reason.json()["errors"][0]["field"]) == (422, "comment")
    r = take(ident, proc["id"], "appraisal", date(2018, 3, 3), decision="reject",
             comment="评议认为家有营运车辆")
    assert r.status_code == 200
    assert (r.json()["state"], r.json()["next_step"], r.json()["close_reason"]) == \
        ("refused", None, "评议认为家有营运车辆")
    assert r.json()["steps"][-1]["outcome"] == "rejected"
    h = ident.client.get(f"/api/v1/households/{household['id']}", headers=ident.headers()).json()
    assert h["status"] == "rejected"
    closed = take(ident, proc["id"], "notice", date(2018, 3, 4), level="village")
    assert (closed.status_code, closed.json()["code"]) == (409, "procedure_closed")


def test_the_application_cannot_be_rejected(ident):
    household = _candidate(ident)
    proc = start(ident, household["id"], "identification", date(2018, 3, 1), year=2017)
    walk(ident, proc["id"], [("survey", date(2018, 3, 2)), ("appraisal", date(2018, 3, 3))])
    r = take(ident, proc["id"], "notice", date(2018, 3, 4), decision="reject", comment="x")
    assert (r.status_code, r.json()["errors"][0]["field"]) == (422, "decision")


def test_steps_need_the_current_etag(ident):
    household = _candidate(ident)
    proc = start(ident, household["id"], "identification", date(2018, 3, 1), year=2017)
    walk(ident, proc["id"], [("survey", date(2018, 3, 2))])
    stale = take(ident, proc["id"], "appraisal", date(2018, 3, 3), version=proc["version"])
    assert (stale.status_code, stale.json()["code"]) == (412, "version_stale")
    missing = ident.client.post(f"/api/v1/procedures/{proc['id']}/steps",
                                json={"step": "appraisal", "on": "2018-03-03", "documents": ["x"]},
                                headers=headers(ident, "village"))
    assert missing.status_code == 428


def test_a_procedure_starts_only_from_its_statuses_and_by_the_village(ident):
    household = _candidate(ident)
    exit_ = start(ident, household["id"], "exit", date(2018, 3, 1), expect=409, exit_pathway="industry")
    assert (exit_["code"], exit_["status"]) == ("status_not_allowed", 409)
    assert exit_["allowed"] == ["identified", "returned"]
    by_town = start(ident, household["id"], "identification", date(2018, 3, 1), level="town", expect=403)
    assert by_town["code"] == "step_level_mismatch"
    village = start(ident, household["id"], "village_exit", date(2018, 3, 1), expect=422)
    assert village["errors"][0]["field"] == "kind"


def test_kind_specific_fields_are_required_and_refused_elsewhere(ident):
    household = _candidate(ident)
    stray = start(ident, household["id"], "identification", date(2018, 3, 1), expect=422,
                  exit_pathway="industry")
    assert stray["errors"][0]["code"] == "field_not_for_kind"
    fast = start(ident, household["id"], "fast_entry", date(2018, 3, 1), expect=422, cause="lack_of_land")
    assert fast["errors"][0]["code"] == "cause_not_sudden"
    no_cause = start(ident, household["id"], "fast_entry", date(2018, 3, 1), expect=422)
    assert no_cause["errors"][0]["code"] == "field_required_for_kind"


def test_only_one_open_procedure_per_household(ident):
    household = _candidate(ident)
    first = start(ident, household["id"], "identification", date(2018, 3, 1), year=2017)
    second = start(ident, household["id"], "fast_entry", date(2018, 3, 2), expect=409, cause="illness")
    assert (second["code"], second["open_procedure_id"]) == ("procedure_already_open", first["id"])
    listed = ident.client.get(f"/api/v1/households/{household['id']}/procedures", headers=ident.headers())
    assert [p["id"] for p in listed.json()] == [first["id"]]


def test_cancelled_procedure_frees_the_household_for_a_new_one(ident):
    household = _candidate(ident)
    first = start(ident, household["id"], "identification", date(2018, 3, 1), year=2017)
    r = ident.client.post(f"/api/v1/procedures/{first['id']}/cancellation",
                          json={"on": "2018-03-02", "reason": "农户撤回申请"},
                          headers={**headers(ident, "village"), "If-Match": f'"{first["version"]}"'})
    assert r.status_code == 200, r.text
    assert (r.json()["state"], r.json()["close_reason"]) == ("cancelled", "农户撤回申请")
    assert r.json()["steps"][-1]["step"] == "cancellation"
    second = start(ident, household["id"], "identification", date(2018, 4, 1), year=2017)
    assert second["state"] == "open"
    h = ident.client.get(f"/api/v1/households/{household['id']}", headers=ident.headers()).json()
    assert h["status"] == "candidate"


def test_every_step_and_the_transition_are_audited(ident):
    household = _candidate(ident)
    proc = start(ident, household["id"], "identification", date(2018, 3, 1), year=2017)
    walk(ident, proc["id"], [("survey", date(2018, 3, 2)), ("appraisal", date(2018, 3, 3)),
                             ("notice", date(2018, 3, 4)), ("town_review", date(2018, 3, 11)),
                             ("county_approval", date(2018, 3, 12))])
    auditor = ident.headers("province_official", "44")
    trail = ident.client.get(f"/api/v1/audit?entity_id={proc['id']}", headers=auditor).json()["items"]
    assert [(a["action"], a["after"]["step"], a["actor"]) for a in trail] == [
        ("procedure.step.done", "application", f"village_cadre-{VILLAGE}"),
        ("procedure.step.done", "survey", f"village_cadre-{VILLAGE}"),
        ("procedure.step.done", "appraisal", f"village_cadre-{VILLAGE}"),
        ("procedure.step.done", "notice", f"village_cadre-{VILLAGE}"),
        ("procedure.step.done", "town_review", f"town_official-{TOWN}"),
        ("procedure.step.done", "county_approval", f"county_official-{COUNTY}")]
    assert trail[3]["after"]["documents"] == ["notice-记录"]
    moved = ident.client.get(f"/api/v1/audit?entity_id={household['id']}", headers=auditor).json()["items"]
    transition = next(a for a in moved if a["action"] == "household.identified")
    assert (transition["before"]["status"], transition["after"]["status"]) == ("candidate", "identified")
    assert transition["after"]["identified_on"] == "2018-03-12"
    steps = [e["data"]["step"] for e in events(ident, "procedure.step_recorded")]
    assert steps == ["application", "survey", "appraisal", "notice", "town_review", "county_approval"]


def test_cancellation_needs_the_current_etag_a_cadre_and_an_open_procedure(ident):
    household = _candidate(ident)
    proc = start(ident, household["id"], "identification", date(2018, 3, 1), year=2017)
    walk(ident, proc["id"], [("survey", date(2018, 3, 2))])
    url = f"/api/v1/procedures/{proc['id']}/cancellation"
    body = {"on": "2018-03-03", "reason": "农户撤回申请"}
    stale = ident.client.post(url, json=body, headers={**headers(ident, "village"), "If-Match": '"1"'})
    assert stale.status_code == 412
    current = f'"{read(ident, proc["id"])["version"]}"'
    admin = ident.client.post(url, json=body, headers={**ident.headers("admin", "44"), "If-Match": current})
    assert (admin.status_code, admin.json()["code"]) == (403, "step_level_mismatch")
    done = ident.client.post(url, json=body, headers={**headers(ident, "town"), "If-Match": current})
    assert done.status_code == 200, done.text
    assert done.json()["steps"][-1]["actor_role"] == "town_official"
    again = ident.client.post(url, json=body, headers={**headers(ident, "town"),
                                                       "If-Match": done.headers["etag"]})
    assert (again.status_code, again.json()["code"]) == (409, "procedure_closed")
