"""The labour force: taken from the register replica, kept current, plus employment's own records."""

from __future__ import annotations

from datetime import date

from shared.concurrency import version_of
from tests.employment.support import (
    OTHER_TOWN_VILLAGE,
    Someone,
    born,
    import_households,
    labour_force,
    register,
    sync,
)
from tests.identification.procedure_flow import start, walk


def _ids(household: dict) -> dict[str, str]:
    return {m["relation"]: m["id"] for m in household["members"]}


def test_labour_force_is_working_age_members_with_capacity_of_households_in_the_register(ident, emp):
    [family] = import_households(ident, [[
        Someone(35), Someone(60, relation="spouse"), Someone(15, relation="son"),
        Someone(30, "lost", relation="daughter"), Someone(40, "weak", relation="sibling"),
        Someone(59, relation="parent"), Someone(16, relation="grandchild")]])
    import_households(ident, [[Someone(30)]], status="exited")
    sync(emp, ident)
    ids = _ids(family)
    found = {item["member_id"]: item for item in labour_force(emp)}
    assert set(found) == {ids["head"], ids["sibling"], ids["parent"], ids["grandchild"]}
    assert found[ids["parent"]]["age"] == 59 and found[ids["grandchild"]]["age"] == 16
    assert found[ids["sibling"]]["labour_capacity"] == "weak"
    assert all(not item["registered"] and item["wants_work"] is None for item in found.values())
    assert "birth_date" not in found[ids["head"]]  # age only: a birth date beside the region unmasks the ID


def test_registering_records_skills_and_wishes_and_the_list_shows_it(ident, emp):
    [family] = import_households(ident, [[Someone(35), Someone(33, relation="spouse")]])
    sync(emp, ident)
    head = _ids(family)["head"]
    r = emp.client.post("/api/v1/labourers", headers=emp.headers(), json={
        "member_id": head, "skills": ["sewing", "cooking", "sewing"], "education": "junior_secondary",
        "wants_work": True, "wants_training": False, "places": ["home_county", "pearl_river_delta"],
        "wage_expectation": "3500.00",
        "certificates": [{"skill": "cooking", "level": "level_5", "issued_on": "2017-05-02"}]})
    assert r.status_code == 201, r.text
    body = r.json()
    assert r.headers["location"] == f"/api/v1/labourers/{head}" and version_of(r.headers["etag"]) == 1
    assert body["skills"] == ["cooking", "sewing"] and body["wage_expectation"] == "3500.00"
    assert body["in_labour_force"] is True and body["employment"] == "unemployed"
    assert body["certificates"] == [{"skill": "cooking", "level": "level_5", "issued_on": "2017-05-02",
                                     "programme_id": None}]
    registered = labour_force(emp, registered=True)
    assert [(i["member_id"], i["wants_work"], i["wants_training"]) for i in registered] == [
        (head, True, False)]
    assert [i["member_id"] for i in labour_force(emp, registered=False)] == [_ids(family)["spouse"]]
    again = emp.client.post("/api/v1/labourers", headers=emp.headers(),
                            json={"member_id": head, "wants_work": True, "wants_training": True,
                                  "places": ["anywhere"]})
    assert again.status_code == 409 and again.json()["code"] == "labourer_already_registered"


def test_a_person_outside_the_labour_force_is_refused_with_the_reason(ident, emp):
    [family] = import_households(ident, [[Someone(35), Someone(62, relation="parent"),
                                          Someone(30, "none", relation="son")]])
    sync(emp, ident)
    ids = _ids(family)
    for member, reason in ((ids["parent"], "outside_working_age"), (ids["son"], "no_labour_capacity")):
        r = emp.client.post("/api/v1/labourers", json={"member_id": member, "wants_work": True,
                                                       "wants_training": True, "places": ["anywhere"]},
                            headers=emp.headers(**{"Accept-Language": "zh-CN"}))
        assert r.status_code == 422, r.text
        problem = r.json()
        assert problem["code"] == "not_in_labour_force" and problem["reason"] == reason
        assert problem["errors"][0]["field"] == "member_id" and "不在劳动力范围内" in problem["detail"]
    assert labour_force(emp, registered=True) == []


def test_a_person_outside_the_callers_region_is_not_found(ident, emp):
    [family] = import_households(ident, [[Someone(35)]], region=OTHER_TOWN_VILLAGE)
    sync(emp, ident)
    head = _ids(family)["head"]
    town = emp.headers(role="town_official", region="441882100")
    r = emp.client.post("/api/v1/labourers", headers=town, json={
        "member_id": head, "wants_work": True, "wants_training": True, "places": ["anywhere"]})
    assert r.status_code == 404 and r.json()["code"] == "not_found"
    assert emp.client.get("/api/v1/labour-force", headers=town).json()["items"] == []
    register(emp, head)
    assert emp.client.get(f"/api/v1/labourers/{head}", headers=town).status_code == 404
    assert emp.client.get(f"/api/v1/labourers/{head}", headers=emp.headers()).status_code == 200


def test_the_labour_force_follows_removals_departures_and_member_changes(ident, emp):
    first, second = import_households(ident, [[Someone(35), Someone(33, relation="spouse")],
                                              [Someone(40)]])
    sync(emp, ident)
    head, spouse = _ids(first)["head"], _ids(first)["spouse"]
    other = _ids(second)["head"]
    register(emp, head)
    assert {i["member_id"] for i in labour_force(emp)} == {head, spouse, other}

    # identification removes the first household, the spouse of the second... and a capacity changes
    proc = start(ident, first["id"], "removal", date(2019, 9, 1), removal_reason="vehicle_owned",
                 documents=["部门比对：车辆登记"])
    walk(ident, proc["id"], [("notice", date(2019, 9, 2)), ("town_review", date(2019, 9, 9)),
                             ("county_approval", date(2019, 9, 10))])
    etag = ident.client.get(f"/api/v1/households/{second['id']}", headers=ident.headers()).headers["etag"]
    r = ident.client.patch(f"/api/v1/households/{second['id']}/members/{other}",
                           json={"labour_capacity": "lost"}, headers=ident.headers(**{"If-Match": etag}))
    assert r.status_code == 200, r.text
    assert {i["member_id"] for i in labour_force(emp)} == {head, spouse, other}  # not yet replicated
    sync(emp, ident)
    assert labour_force(emp) == []
    labourer = emp.client.get(f"/api/v1/labourers/{head}", headers=emp.headers()).json()
    assert (labourer["in_labour_force"], labourer["outside_reason"]) == (False, "household_not_in_register")


def test_a_member_who_leaves_leaves_the_labour_force(ident, emp):
    [family] = import_households(ident, [[Someone(35), Someone(33, relation="spouse")]])
    sync(emp, ident)
    spouse = _ids(family)["spouse"]
    etag = ident.client.get(f"/api/v1/households/{family['id']}", headers=ident.headers()).headers["etag"]
    r = ident.client.post(f"/api/v1/households/{family['id']}/members/{spouse}/leave",
                          json={"left_on": "2019-06-01", "reason": "marriage"},
                          headers=ident.headers(**{"If-Match": etag}))
    assert r.status_code == 200, r.text
    sync(emp, ident)
    assert [i["member_id"] for i in labour_force(emp)] == [_ids(family)["head"]]
    refused = register(emp, spouse, expect=422)
    assert refused["reason"] == "member_left"


def test_working_age_counts_the_birthday_itself(ident, emp):
    today = date.today()
    turning_16_today = born(16, before_birthday_days=0)
    turning_60_today = born(60, before_birthday_days=0)
    sixteen_tomorrow = born(16, before_birthday_days=-1)
    [family] = import_households(ident, [[Someone(birth=turning_16_today), Someone(
        birth=turning_60_today, relation="parent"), Someone(birth=sixteen_tomorrow, relation="son")]])
    sync(emp, ident)
    ages = {i["member_id"]: i["age"] for i in labour_force(emp)}
    assert ages == {_ids(family)["head"]: 16}, (today, ages)


def test_updating_a_labourer_needs_the_current_etag_and_names_bad_fields(ident, emp):
    [family] = import_households(ident, [[Someone(35)]])
    sync(emp, ident)
    head = _ids(family)["head"]
    register(emp, head, wage_expectation="3000.00")
    url = f"/api/v1/labourers/{head}"
    assert emp.client.patch(url, json={"skills": ["welding"]}, headers=emp.headers()).status_code == 428
    r = emp.client.patch(url, json={"skills": ["welding"], "wage_expectation": None},
                         headers=emp.headers(**{"If-Match": '"1"'}))
    assert r.status_code == 200, r.text
    assert (r.json()["skills"], r.json()["wage_expectation"]) == (["welding"], None)
    assert version_of(r.headers["etag"]) == 2
    stale = emp.client.patch(url, json={"wants_work": False}, headers=emp.headers(**{"If-Match": '"1"'}))
    assert stale.status_code == 412
    cleared = emp.client.patch(url, json={"wants_work": None}, headers=emp.headers(**{"If-Match": '"2"'}))
    assert cleared.status_code == 422 and cleared.json()["errors"][0]["field"] == "wants_work"
    bad = emp.client.patch(url, json={"places": []}, headers=emp.headers(**{"If-Match": '"2"'}))
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "places"
    events = emp.client.get("/api/v1/events", headers=emp.headers()).json()["items"]
    assert [e["type"] for e in events] == ["labourer.registered", "labourer.updated"]
    assert events[1]["data"]["changed"] == ["skills", "wage_expectation"]
