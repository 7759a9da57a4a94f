"""Officials of the five levels, work teams with hand-over, and the 1:2 reserve of village secretaries."""

from __future__ import annotations

from sqlalchemy import func, select

from services.supervision.models import Official, replica
from tests.supervision.register import COUNTY, OTHER_VILLAGE, POOR_VILLAGES, TOWN
from tests.supervision.support import ADMIN, official


def test_officials_of_all_five_levels_are_registered_at_their_regions(sup):
    for level, code in (
        ("province", "440000000000"),
        ("city", "441800000000"),
        ("county", COUNTY),
        ("town", TOWN),
        ("village", POOR_VILLAGES[0]),
    ):
        assert official(sup, level, code)["level"] == level
    listed = sup.client.get(
        "/api/v1/officials", params={"level": "town"}, headers=sup.headers(**ADMIN)
    ).json()
    assert [(o["level"], o["region_code"]) for o in listed["items"]] == [("town", TOWN)]


def test_a_region_of_another_level_is_refused_naming_region_code(sup):
    body = {
        "name": "王强",
        "level": "county",
        "post": "party_secretary",
        "region_code": TOWN,
        "appointed_on": "2018-01-15",
    }
    r = sup.client.post(
        "/api/v1/officials", json=body, headers=sup.headers(**ADMIN, **{"Accept-Language": "zh"})
    )
    assert r.status_code == 422
    assert (r.json()["code"], r.json()["errors"][0]["field"]) == ("region_not_at_level", "region_code")


def test_a_region_outside_the_callers_scope_is_refused(sup):
    body = {
        "name": "王强",
        "level": "county",
        "post": "cadre",
        "region_code": "441881000000",
        "appointed_on": "2018-01-15",
    }
    r = sup.client.post("/api/v1/officials", json=body, headers=sup.headers("county_official", "441882"))
    assert (r.status_code, r.json()["code"]) == (403, "region_out_of_scope")


def test_a_second_serving_secretary_is_a_conflict_until_the_first_leaves(sup):
    first = official(sup, "town", TOWN)
    body = {
        "name": "赵六",
        "level": "town",
        "post": "party_secretary",
        "region_code": TOWN,
        "appointed_on": "2019-01-02",
    }
    assert (
        sup.client.post("/api/v1/officials", json=body, headers=sup.headers(**ADMIN)).json()["code"]
        == "secretary_serving"
    )
    left = sup.client.post(
        f"/api/v1/officials/{first['id']}/departure",
        json={"left_on": "2019-01-01"},
        headers=sup.headers(**ADMIN, **{"If-Match": '"1"'}),
    )
    assert left.status_code == 200, left.text
    assert sup.client.post("/api/v1/officials", json=body, headers=sup.headers(**ADMIN)).status_code == 201


def test_reserve_report_counts_each_poor_village_against_one_to_two(sup):
    for name in ("甲", "乙"):
        official(sup, "village", POOR_VILLAGES[0], post="reserve_secretary", name=name)
    official(sup, "village", POOR_VILLAGES[1], post="reserve_secretary", name="丙")
    official(sup, "village", OTHER_VILLAGE, post="reserve_secretary", name="丁")
    official(sup, "village", POOR_VILLAGES[1], name="村支书")
    r = sup.client.get(
        "/api/v1/reserve-report", params={"region": "441882100", "limit": 500}, headers=sup.headers(**ADMIN)
    ).json()
    rows = {row["village_code"]: row for row in r["items"]}
    assert (rows[POOR_VILLAGES[0]]["reserve"], rows[POOR_VILLAGES[0]]["meets"]) == (2, True)
    assert (rows[POOR_VILLAGES[1]]["reserve"], rows[POOR_VILLAGES[1]]["meets"]) == (1, False)
    assert rows[POOR_VILLAGES[1]]["secretary"] == "村支书"
    assert OTHER_VILLAGE not in rows  # only relatively poor villages owe the reserve
    with sup.db.transaction(write=False) as session:
        poor = session.scalar(
            select(func.count())
            .select_from(replica.regions)
            .where(
                replica.regions.c.relatively_poor.is_(True), replica.regions.c.code.startswith("441882100")
            )
        )
        short = [
            c
            for c in rows
            if session.scalar(
                select(func.count()).where(Official.region_code == c, Official.post == "reserve_secretary")
            )
            < 2
        ]
    assert len(rows) == poor
    short_only = sup.client.get(
        "/api/v1/reserve-report",
        params={"region": "441882100", "short_only": "true", "limit": 500},
        headers=sup.headers(**ADMIN),
    )
    assert sorted(row["village_code"] for row in short_only.json()["items"]) == sorted(short)


def test_a_reserve_secretary_is_kept_by_a_village_only(sup):
    body = {
        "name": "王强",
        "level": "town",
        "post": "reserve_secretary",
        "region_code": TOWN,
        "appointed_on": "2018-01-15",
    }
    r = sup.client.post("/api/v1/officials", json=body, headers=sup.headers(**ADMIN))
    assert (r.status_code, r.json()["errors"][0]["field"]) == (422, "post")
