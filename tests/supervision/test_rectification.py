"""Interviews and inspections through rectification to closure (plan §25, §27)."""

from __future__ import annotations

from tests.supervision.register import COUNTY, POOR_VILLAGES, TOWN, household, load_households
from tests.supervision.support import ADMIN, headers_of, official

COUNTY_OFFICE = {"role": "county_official", "region": "441882"}


def _interview(sup, **changes):
    body = {
        "unit_name": "连州镇人民政府",
        "region_code": TOWN,
        "interviewer": "连州市委书记",
        "reason": "遍访贫困户进度滞后",
        "source": "complaint",
        "held_on": "2019-05-06",
        "issues": ["部分贫困户一年未遍访"],
        "items": [
            {
                "description": "一个月内完成剩余贫困户遍访",
                "owner_name": "连州镇党委",
                "deadline": "2019-06-06",
            },
            {"description": "补齐遍访台账", "owner_name": "连州镇党委", "deadline": "2019-06-30"},
        ],
    }
    return sup.client.post("/api/v1/interviews", json=body | changes, headers=sup.headers(**COUNTY_OFFICE))


def _step(sup, item, action, body, headers):
    etag = sup.client.get(f"/api/v1/rectification-items/{item}", headers=sup.headers(**ADMIN)).headers["ETag"]
    return sup.client.post(
        f"/api/v1/rectification-items/{item}/{action}", json=body, headers=headers | {"If-Match": etag}
    )


def test_an_interview_from_a_red_flag_through_rectification_to_closure(sup):
    homes = load_households(sup, [household(POOR_VILLAGES[0], n) for n in (1, 2)])
    secretary = official(sup, "town", TOWN, subject="town-secretary")
    scan = {"level": "town", "start": "2019-01-01", "end": "2019-04-30", "region": "441882"}
    assert sup.client.post(
        "/api/v1/red-flags/missed-visit-scans", json=scan, headers=sup.headers(**ADMIN)
    ).json()["raised"] == len(homes)
    flag = sup.client.get("/api/v1/red-flags", headers=sup.headers(**ADMIN)).json()["items"][0]
    opened = _interview(
        sup, unit_name=None, official_id=secretary["id"], source="red_flag", red_flag_id=flag["id"]
    )
    assert opened.status_code == 201, opened.text
    interview = opened.json()
    assert (interview["state"], [i["state"] for i in interview["items"]]) == ("open", ["open", "open"])

    town = headers_of(sup, "town-office", "town_official", "441882100")
    early_close = sup.client.post(
        f"/api/v1/interviews/{interview['id']}/close",
        json={"closed_on": "2019-07-01"},
        headers=sup.headers(**COUNTY_OFFICE, **{"If-Match": opened.headers["ETag"]}),
    )
    assert (early_close.status_code, early_close.json()["code"]) == (409, "items_still_open")
    for item in interview["items"]:
        reported = _step(sup, item["id"], "report", {"report": "已完成", "reported_on": "2019-06-01"}, town)
        assert (reported.status_code, reported.json()["state"]) == (200, "reported"), reported.text
    first, second = (i["id"] for i in interview["items"])
    own_check = _step(
        sup,
        first,
        "verification",
        {"accepted": True, "note": "自查", "verified_on": "2019-06-02"},
        headers_of(sup, "town-office", "county_official", "441882"),
    )
    assert (own_check.status_code, own_check.json()["code"]) == (403, "verifier_not_independent")
    assert own_check.json()["rule"] == "supervision.rectification.verified_by_other"
    refused = _step(
        sup,
        second,
        "verification",
        {"accepted": False, "note": "台账缺2户", "verified_on": "2019-06-03"},
        sup.headers(**COUNTY_OFFICE),
    )
    assert refused.json()["state"] == "open"
    _step(sup, second, "report", {"report": "已补齐", "reported_on": "2019-06-10"}, town)
    for item in (first, second):
        closed = _step(
            sup,
            item,
            "verification",
            {"accepted": True, "note": "现场核实", "verified_on": "2019-06-12"},
            sup.headers(**COUNTY_OFFICE),
        )
        assert (closed.json()["state"], closed.json()["closed_on"]) == ("closed", "2019-06-12")
    etag = sup.client.get(f"/api/v1/interviews/{interview['id']}", headers=sup.headers(**ADMIN)).headers[
        "ETag"
    ]
    done = sup.client.post(
        f"/api/v1/interviews/{interview['id']}/close",
        json={"closed_on": "2019-06-15"},
        headers=sup.headers(**COUNTY_OFFICE, **{"If-Match": etag}),
    )
    assert (done.status_code, done.json()["state"]) == (200, "closed"), done.text
    feed = sup.client.get("/api/v1/events", params={"limit": 500}, headers=sup.headers(**ADMIN))
    types = [e["type"] for e in feed.json()["items"]]
    assert types.count("interview.opened") == types.count("interview.closed") == 1
    assert types.count("rectification_item.closed") == 2 and types.count("rectification_item.returned") == 1


def test_a_deadline_not_after_the_interview_is_refused_naming_the_item(sup):
    r = _interview(sup, items=[{"description": "整改", "owner_name": "连州镇党委", "deadline": "2019-05-06"}])
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "items[0].deadline"
    assert sup.client.get("/api/v1/interviews", headers=sup.headers(**ADMIN)).json()["items"] == []


def test_an_interview_names_one_subject_and_its_cause(sup):
    both = _interview(sup, official_id=official(sup, "town", TOWN)["id"])
    assert (both.status_code, both.json()["errors"][0]["field"]) == (422, "official_id")
    assert both.json()["rule"] == "supervision.interview.cause"
    no_cause = _interview(sup, source="inspection")
    assert (no_cause.status_code, no_cause.json()["errors"][0]["field"]) == (422, "inspection_id")


def test_an_inspection_feeds_the_same_tracking_and_overdue_items_are_flagged_once(sup):
    body = {
        "title": "2019年督查巡查",
        "region_code": COUNTY,
        "year": 2019,
        "held_on": "2019-04-10",
        "findings": ["帮扶台账不全"],
        "items": [{"description": "补齐帮扶台账", "owner_name": "连州市扶贫办", "deadline": "2019-05-10"}],
    }
    inspection = sup.client.post("/api/v1/inspections", json=body, headers=sup.headers(**COUNTY_OFFICE))
    assert inspection.status_code == 201, inspection.text
    [item] = inspection.json()["items"]
    assert (item["inspection_id"], item["overdue"]) == (inspection.json()["id"], True)
    overdue = sup.client.get(
        "/api/v1/rectification-items", params={"overdue": "true"}, headers=sup.headers(**COUNTY_OFFICE)
    ).json()["items"]
    assert [i["id"] for i in overdue] == [item["id"]]
    scans = [
        sup.client.post(
            "/api/v1/rectification-items/overdue-scans",
            json={"as_of": "2019-05-11"},
            headers=sup.headers(**COUNTY_OFFICE),
        ).json()["flagged"]
        for _ in range(2)
    ]
    assert scans == [1, 0]
    before = sup.client.post(
        "/api/v1/rectification-items/overdue-scans",
        json={"as_of": "2019-05-10"},
        headers=sup.headers(**ADMIN),
    ).json()
    assert before["flagged"] == 0
