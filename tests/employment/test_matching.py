"""Matching through the API: ranks with scores and reasons, exclusions with why, stated tie-breaks."""

from __future__ import annotations

from tests.employment.support import Someone, employer, import_households, position, register, sync

PROVINCE = {"role": "province_official", "region": "44"}


def _labourers(ident, emp, count: int = 1, **fields) -> list[str]:
    households = import_households(ident, [[Someone(35)] for _ in range(count)])
    sync(emp, ident)
    ids = [h["members"][0]["id"] for h in households]
    profile = {"skills": ["sewing", "cooking"], "education": "junior_secondary",
               "places": ["home_county", "pearl_river_delta"], "wage_expectation": "3000.00", **fields}
    for member in ids:
        register(emp, member, **profile)
    return ids


def _by_code(reasons: list[dict]) -> dict[str, dict]:
    return {r["rule"].rsplit(".", 1)[1]: r for r in reasons}


def test_jobs_for_a_person_rank_by_score_with_reasons_and_the_stated_tie_break(ident, emp):
    [me] = _labourers(ident, emp)
    owner = employer(emp)["id"]
    top_wage = position(emp, owner, title="车间主管", kind="workshop", monthly_wage="3200.00",
                        required_skills=["sewing"])["id"]
    equal = sorted(position(emp, owner, title=f"缝纫工{n}", kind="workshop", required_skills=["sewing"])["id"]
                   for n in range(2))
    low_wage = position(emp, owner, title="保洁", kind="public_welfare", public_welfare_kind="cleaning",
                        monthly_wage="2400.00")["id"]
    same_city = position(emp, owner, title="清城普工", region_code="441802")["id"]
    delta = position(emp, owner, title="电子厂", region_code="441900", monthly_wage="5000.00",
                     required_skills=["sewing", "electronics_assembly"])["id"]
    too_young = position(emp, owner, title="青年岗", max_age=30)["id"]
    schooled = position(emp, owner, title="文员", min_education="senior_secondary")["id"]
    elsewhere = position(emp, owner, title="英德定向", target_regions=["441881"])["id"]

    r = emp.client.get(f"/api/v1/labourers/{me}/matches", params={"limit": 10}, headers=emp.headers())
    assert r.status_code == 200, r.text
    body = r.json()
    ranked = [(m["position_id"], m["score"]) for m in body["items"]]
    assert ranked == [(top_wage, 100), (equal[0], 100), (equal[1], 100), (low_wage, 94), (same_city, 70),
                      (delta, 68)]
    assert [m["rank"] for m in body["items"]] == [1, 2, 3, 4, 5, 6]
    assert body["order"] == "score desc, then monthly wage desc, then position id asc"
    assert (body["eligible"], body["excluded_total"]) == (6, 3)

    dongguan = _by_code(body["items"][5]["reasons"])
    assert (dongguan["skills"]["points"], dongguan["skills"]["code"]) == (20, "skills_overlap")
    assert "lacks electronics_assembly" in dongguan["skills"]["detail_en"]
    assert (dongguan["place"]["points"], dongguan["place"]["code"]) == (18, "place_pearl_river_delta")
    assert dongguan["wage"]["points"] == 30 and all(
        dongguan[hard]["met"]
        for hard in ("willingness", "openings", "age", "health", "education", "targeting"))
    city = _by_code(body["items"][4]["reasons"])
    assert (city["place"]["points"], city["place"]["code"], city["place"]["met"]) == (0, "place_not_accepted",
                                                                                      False)
    cleaning = _by_code(body["items"][3]["reasons"])
    assert (cleaning["wage"]["points"], cleaning["wage"]["code"]) == (24, "wage_below_expectation")

    excluded = {e["id"]: [(x["rule"], x["code"]) for x in e["reasons"]] for e in body["excluded"]}
    assert excluded == {
        too_young: [("employment.match.age", "age_outside_limits")],
        schooled: [("employment.match.education", "education_below_minimum")],
        elsewhere: [("employment.match.targeting", "not_in_target_regions")]}
    again = emp.client.get(f"/api/v1/labourers/{me}/matches", params={"limit": 10}, headers=emp.headers())
    assert again.json() == body  # the same data gives the same answer


def test_people_for_a_job_rank_by_score_and_earlier_registration(ident, emp):
    first, second, third = _labourers(ident, emp, 3)
    [unwilling] = _labourers(ident, emp, wants_work=False)
    [unskilled] = _labourers(ident, emp, skills=[])
    owner = employer(emp)["id"]
    job = position(emp, owner, kind="workshop", required_skills=["sewing"])["id"]
    r = emp.client.get(f"/api/v1/positions/{job}/matches", params={"limit": 3}, headers=emp.headers())
    assert r.status_code == 200, r.text
    body = r.json()
    assert [(m["member_id"], m["score"]) for m in body["items"]] == [
        (first, 100), (second, 100), (third, 100)]
    assert body["order"] == "score desc, then registered earlier first, then member id asc"
    assert (body["eligible"], body["excluded_total"]) == (4, 1)
    assert body["excluded"] == [{"id": unwilling, "reasons": [
        {"rule": "employment.match.willingness", "code": "not_willing", "met": False, "points": None,
         "max_points": None, "detail_en": "does not want work now", "detail_zh": "暂无就业意愿"}]}]
    everyone = emp.client.get(f"/api/v1/positions/{job}/matches", params={"limit": 10},
                              headers=emp.headers()).json()
    assert everyone["items"][-1]["member_id"] == unskilled and everyone["items"][-1]["score"] == 60
    other_town = emp.client.get(f"/api/v1/positions/{job}/matches",
                                headers=emp.headers(role="town_official", region="441882101")).json()
    assert other_town["items"] == [] and other_town["eligible"] == 0


def test_one_pair_explains_why_it_is_excluded_even_for_a_closed_position(ident, emp):
    [me] = _labourers(ident, emp, education=None)
    owner = employer(emp)["id"]
    job = position(emp, owner, min_age=40, max_age=55, health="healthy", min_education="primary")
    r = emp.client.patch(f"/api/v1/positions/{job['id']}", json={"state": "closed"},
                         headers=emp.headers(**PROVINCE, **{"If-Match": '"1"'}))
    assert r.status_code == 200, r.text
    pair = emp.client.get(f"/api/v1/labourers/{me}/matches/{job['id']}", headers=emp.headers()).json()
    assert (pair["eligible"], pair["score"]) == (False, None)
    failed = [(x["rule"], x["code"]) for x in pair["reasons"] if not x["met"] and x["points"] is None]
    assert failed == [("employment.match.openings", "position_closed"),
                      ("employment.match.age", "age_outside_limits"),
                      ("employment.match.education", "education_below_minimum")]
    listed = emp.client.get(f"/api/v1/labourers/{me}/matches", headers=emp.headers()).json()
    assert listed["items"] == [] and listed["excluded_total"] == 0  # a closed position is not offered at all
