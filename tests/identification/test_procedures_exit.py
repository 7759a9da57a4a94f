"""The exit procedure (贫困退出): verification by the explained rules, then the usual steps."""

from __future__ import annotations

from datetime import date

from tests.identification.procedure_flow import (
    events,
    household_status,
    identify,
    read,
    record_income,
    start,
    take,
    walk,
)

# 2019: 45% × 18,818 = 8,468.10 a head.
LINE_2019 = "8468.10"


def _nominated(ident, wages, serial=11, **income):
    household = identify(ident, serial)
    record_income(ident, household["id"], 2019, wages, **income)
    proc = start(ident, household["id"], "exit", date(2019, 12, 1), year=2019, exit_pathway="employment",
                 documents=["村委会提名名单"])
    return household, proc


def test_verification_below_the_line_is_refused_with_the_failed_line(ident):
    household, proc = _nominated(ident, "16000.00")  # 8,000.00 a head for two people
    r = take(ident, proc["id"], "verification", date(2019, 12, 2))
    assert r.status_code == 409
    body = r.json()
    assert body["code"] == "exit_standard_unmet"
    assert [c["code"] for c in body["unmet"]] == ["income"]
    line = body["unmet"][0]
    assert (line["value"], line["threshold"], line["passed"]) == ("8000.00", LINE_2019, False)
    assert line["explanation"] == ("income per head 8,000.00 < 45% × 18,818 = 8,468.10 "
                                   "(2019 standard v1): not met")
    assert line["explanation_zh"] == ("人均可支配收入 8,000.00 < 45% × 18,818 = 8,468.10"
                                      "（2019年标准 第1版）：未达标")
    assert [c["code"] for c in body["conditions"] if c["passed"]] == [
        "food_clothing", "compulsory_education", "basic_medical", "housing_safe", "safe_water"]
    after = read(ident, proc["id"])
    assert (after["state"], after["next_step"]["step"]) == ("open", "verification")
    assert after["evaluation_id"] is None
    refused = after["steps"][-1]
    assert (refused["step"], refused["outcome"], refused["evaluation_id"]) == \
        ("verification", "refused", body["evaluation_id"])
    assert [c["code"] for c in refused["detail"]["unmet"]] == ["income"]
    stored = ident.client.get(f"/api/v1/evaluations/{body['evaluation_id']}", headers=ident.headers())
    assert stored.status_code == 200 and stored.json()["verdict"] is False
    assert household_status(ident, household["id"])["status"] == "identified"


def test_verification_exactly_at_the_line_passes_and_is_kept(ident):
    _household, proc = _nominated(ident, "16936.20")  # 8,468.10 a head: exactly the line
    r = take(ident, proc["id"], "verification", date(2019, 12, 2))
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["evaluation_id"] is not None
    assert body["steps"][-1]["evaluation_id"] == body["evaluation_id"]
    stored = ident.client.get(f"/api/v1/evaluations/{body['evaluation_id']}", headers=ident.headers()).json()
    assert stored["verdict"] is True
    income = next(c for c in stored["conditions"] if c["code"] == "income")
    assert (income["value"], income["threshold"]) == ("8468.10", LINE_2019)


def test_one_fen_below_the_line_is_refused(ident):
    _household, proc = _nominated(ident, "16936.18")  # 8,468.09 a head
    r = take(ident, proc["id"], "verification", date(2019, 12, 2))
    assert r.status_code == 409
    assert r.json()["unmet"][0]["value"] == "8468.09"


def test_every_unmet_guarantee_is_listed(ident):
    household, proc = _nominated(ident, "20000.00")
    h = household_status(ident, household["id"])
    son = next(m for m in h["members"] if m["relation"] == "son")
    r = ident.client.patch(f"/api/v1/households/{household['id']}/members/{son['id']}",
                           json={"medical_insured": False},
                           headers={**ident.headers(), "If-Match": f'"{h["version"]}"'})
    assert r.status_code == 200, r.text
    h = r.json()
    r = ident.client.patch(f"/api/v1/households/{household['id']}",
                           json={"housing_grade": "grade_d", "renovation_state": "in_progress",
                                 "safe_drinking_water": False},
                           headers={**ident.headers(), "If-Match": f'"{h["version"]}"'})
    assert r.status_code == 200, r.text
    refused = take(ident, proc["id"], "verification", date(2019, 12, 2)).json()
    unmet = {c["code"]: (c["value"], c["threshold"]) for c in refused["unmet"]}
    assert unmet == {"basic_medical": ("1/2", "2/2"),
                     "housing_safe": ("grade_d/in_progress", "not grade_c/grade_d|completed"),
                     "safe_water": ("no", "yes")}


def test_no_income_record_for_the_year_is_refused(ident):
    household = identify(ident)
    proc = start(ident, household["id"], "exit", date(2019, 12, 1), year=2019, exit_pathway="industry")
    body = take(ident, proc["id"], "verification", date(2019, 12, 2)).json()
    assert body["unmet"][0]["code"] == "income"
    assert body["unmet"][0]["explanation"].startswith("income per head: no income record for 2019")


def test_full_exit_records_pathway_date_and_evaluation(ident):
    household, proc = _nominated(ident, "18000.00")
    done = walk(ident, proc["id"], [("verification", date(2019, 12, 2)), ("appraisal", date(2019, 12, 3)),
                                    ("notice", date(2019, 12, 4)), ("town_review", date(2019, 12, 11)),
                                    ("county_approval", date(2019, 12, 15)),
                                    ("confirmation", date(2019, 12, 16))])
    assert [s["step"] for s in done["steps"]] == ["nomination", "verification", "appraisal", "notice",
                                                  "town_review", "county_approval", "confirmation"]
    assert done["state"] == "completed"
    h = household_status(ident, household["id"])
    assert (h["status"], h["exited_on"], h["exit_pathway"]) == ("exited", "2019-12-16", "employment")
    exited = events(ident, "household.exited")
    assert [e["data"] for e in exited] == [{
        "household_id": household["id"], "region_code": household["region_code"], "exited_on": "2019-12-16",
        "exit_pathway": "employment", "procedure_id": proc["id"], "evaluation_id": done["evaluation_id"]}]


def test_the_household_confirms_before_exit_and_the_village_records_it(ident):
    _household, proc = _nominated(ident, "18000.00")
    walk(ident, proc["id"], [("verification", date(2019, 12, 2)), ("appraisal", date(2019, 12, 3)),
                             ("notice", date(2019, 12, 4)), ("town_review", date(2019, 12, 11)),
                             ("county_approval", date(2019, 12, 15))])
    by_county = take(ident, proc["id"], "confirmation", date(2019, 12, 16), level="county")
    assert (by_county.status_code, by_county.json()["required_level"]) == (403, "village")
    unsigned = take(ident, proc["id"], "confirmation", date(2019, 12, 16), documents=[])
    assert unsigned.json()["code"] == "document_required"
    assert read(ident, proc["id"])["state"] == "open"


def test_exit_needs_a_pathway(ident):
    household = identify(ident)
    r = start(ident, household["id"], "exit", date(2019, 12, 1), expect=422)
    assert (r["errors"][0]["code"], r["errors"][0]["field"]) == ("field_required_for_kind", "exit_pathway")
