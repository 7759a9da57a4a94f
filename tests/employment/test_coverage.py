"""Coverage against the 100% targets by region, agreeing with a direct count, and the people behind gaps."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from services.employment.models import Contact, Counselling, Enrolment, Labourer, Placement
from tests.employment.support import (
    OTHER_TOWN_VILLAGE,
    VILLAGE,
    Someone,
    import_households,
    labour_force,
    sync,
)
from tests.employment.test_training import _attend, _enrol, _post, _programme


def _register(emp, member: str, train: bool, work: bool) -> None:
    r = emp.client.post(
        "/api/v1/labourers",
        headers=emp.headers(),
        json={"member_id": member, "wants_work": work, "wants_training": train, "places": ["anywhere"]},
    )
    assert r.status_code == 201, r.text


def _counsel(emp, member: str, contact: bool) -> None:
    r = emp.client.put(
        f"/api/v1/labourers/{member}/counsellor",
        headers=emp.headers(),
        json={"counsellor": "helper-1", "counsellor_name": "张帮扶", "on": "2019-03-01"},
    )
    assert r.status_code == 200, r.text
    if contact:
        r = emp.client.post(
            f"/api/v1/labourers/{member}/contacts",
            headers=emp.headers(),
            json={"contacted_on": "2019-03-02", "channel": "visit", "summary": "入户"},
        )
        assert r.status_code == 201, r.text


def _direct_count(emp, village: str) -> dict[str, int]:
    """Count person by person, with plain queries, what the coverage report aggregates."""
    people = [i["member_id"] for i in labour_force(emp) if i["region_code"] == village]
    counts = dict.fromkeys(("unregistered", "willing_to_train", "trained", "willing_to_work", "served"), 0)
    with emp.db.transaction(write=False) as s:
        for member in map(uuid.UUID, people):
            labourer = s.get(Labourer, member)
            if labourer is None:
                counts["unregistered"] += 1
                continue
            completed = s.execute(
                select(Enrolment).where(Enrolment.member_id == member, Enrolment.state == "completed")
            ).first()
            counselled = s.get(Counselling, member) is not None
            touched = (
                s.execute(select(Contact).where(Contact.member_id == member)).first()
                or s.execute(select(Placement).where(Placement.member_id == member)).first()
            )
            counts["willing_to_train"] += labourer.wants_training
            counts["trained"] += labourer.wants_training and completed is not None
            counts["willing_to_work"] += labourer.wants_work
            counts["served"] += labourer.wants_work and counselled and touched is not None
    return counts


def test_coverage_by_village_agrees_with_a_direct_count_and_lists_the_people_behind_gaps(ident, emp):
    here = import_households(
        ident, [[Someone(35), Someone(33, relation="spouse"), Someone(20, relation="son")]]
    )
    there = import_households(
        ident, [[Someone(40), Someone(38, relation="spouse")]], region=OTHER_TOWN_VILLAGE
    )
    sync(emp, ident)
    a1, a2, a3 = (m["id"] for m in here[0]["members"])
    b1, _b2 = (m["id"] for m in there[0]["members"])
    _register(emp, a1, train=True, work=True)
    _register(emp, a2, train=True, work=True)
    _register(emp, a3, train=False, work=True)
    _register(emp, b1, train=True, work=False)
    programme = _programme(emp)
    _post(emp, _attend(emp, _enrol(emp, programme, a1), range(1, 9)), "complete", on="2019-04-30")
    _enrol(emp, programme, a2)
    _counsel(emp, a1, contact=True)
    _counsel(emp, a2, contact=False)

    r = emp.client.get("/api/v1/coverage", params={"level": "village"}, headers=emp.headers())
    assert r.status_code == 200, r.text
    rows = {row["region_code"]: row for row in r.json()}
    assert set(rows) == {VILLAGE, OTHER_TOWN_VILLAGE}
    for village in (VILLAGE, OTHER_TOWN_VILLAGE):
        direct = _direct_count(emp, village)
        assert {k: rows[village][k] for k in direct} == direct
    assert (rows[VILLAGE]["training_share"], rows[VILLAGE]["training_gap"]) == ("0.5000", 1)
    assert (rows[VILLAGE]["services_share"], rows[VILLAGE]["services_gap"]) == ("0.3333", 2)
    assert (rows[OTHER_TOWN_VILLAGE]["services_share"], rows[OTHER_TOWN_VILLAGE]["unregistered"]) == (
        "1.0000",
        1,
    )
    assert rows[VILLAGE]["target_share"] == "1.0000"

    county = emp.client.get("/api/v1/coverage", params={"level": "county"}, headers=emp.headers()).json()
    assert [(c["region_code"], c["willing_to_train"], c["trained"]) for c in county] == [("441882", 3, 1)]

    gap = emp.client.get(
        "/api/v1/coverage/gaps", params={"gap": "services", "limit": 1}, headers=emp.headers()
    ).json()
    people = gap["items"]
    while gap["next_cursor"]:
        gap = emp.client.get(
            "/api/v1/coverage/gaps",
            params={"gap": "services", "limit": 1, "cursor": gap["next_cursor"]},
            headers=emp.headers(),
        ).json()
        people += gap["items"]
    assert {(p["member_id"], p["has_counsellor"]) for p in people} == {(a2, True), (a3, False)}
    assert all(
        set(p) == {"member_id", "household_no", "region_code", "age", "has_counsellor", "enrolled"}
        for p in people
    )
    training = emp.client.get(
        "/api/v1/coverage/gaps", params={"gap": "training"}, headers=emp.headers()
    ).json()
    assert {(p["member_id"], p["enrolled"]) for p in training["items"]} == {(a2, True), (b1, False)}
    town = emp.client.get(
        "/api/v1/coverage/gaps",
        params={"gap": "training"},
        headers=emp.headers(role="town_official", region="441882101"),
    ).json()
    assert [p["member_id"] for p in town["items"]] == [b1]
