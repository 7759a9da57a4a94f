"""Red flags the data raises by itself: far from the target, impossible journeys, missed households (§31)."""

from __future__ import annotations

import uuid

from tests.supervision.register import COUNTY, POOR_VILLAGES, TOWN, household, load_households
from tests.supervision.support import ADMIN, headers_of, official

LIANZHOU_TOWN = (24.7805, 112.3822)  # 连州镇, 连州市
YUEXIU = (23.1290, 113.2640)  # 越秀区北京街道, 广州市: 204 km from 连州镇 by great circle


def _visit(official_id, kind, target, when, position):
    record = {
        "client_id": str(uuid.uuid4()),
        "official_id": official_id,
        "target_kind": kind,
        "visited_at": when,
        "latitude": position[0],
        "longitude": position[1],
        "findings": "了解脱贫进展。",
    }
    return record | ({"household_id": str(target)} if kind == "household" else {"target_code": target})


def _send(sup, headers, visits):
    r = sup.client.post("/api/v1/visits/batches", json={"visits": visits}, headers=headers)
    assert r.status_code == 200 and r.json()["rejected"] == 0, r.text
    return r.json()


def _flags(sup, kind):
    r = sup.client.get("/api/v1/red-flags", params={"kind": kind}, headers=sup.headers(**ADMIN))
    items = r.json()["items"]
    assert all(item["rule"] == f"supervision.flag.{item['kind']}" for item in items)  # each names its rule
    return items


def test_two_towns_200_km_apart_within_10_minutes_raise_an_impossible_journey(sup):
    secretary = official(sup, "province", "440000000000", subject="province-secretary")
    headers = headers_of(sup, "province-secretary", "province_official", "44")
    sent = _send(
        sup,
        headers,
        [
            _visit(secretary["id"], "county", COUNTY, "2019-03-01T10:00:00+08:00", LIANZHOU_TOWN),
            _visit(secretary["id"], "county", "440104000000", "2019-03-01T10:10:00+08:00", YUEXIU),
        ],
    )
    [flag] = _flags(sup, "impossible_travel")
    assert 200 < flag["detail"]["distance_km"] < 210 and flag["detail"]["minutes"] == 10
    assert flag["detail"]["speed_kmh"] > 1200
    assert (flag["other_visit_id"], flag["visit_id"]) == tuple(r["visit_id"] for r in sent["results"])
    feed = sup.client.get("/api/v1/events", params={"limit": 500}, headers=sup.headers(**ADMIN))
    assert [e["type"] for e in feed.json()["items"]].count("red_flag.raised") == 1


def test_the_same_journey_at_road_speed_raises_nothing(sup):
    secretary = official(sup, "province", "440000000000", subject="province-secretary")
    headers = headers_of(sup, "province-secretary", "province_official", "44")
    _send(
        sup,
        headers,
        [
            _visit(secretary["id"], "county", COUNTY, "2019-03-01T08:00:00+08:00", LIANZHOU_TOWN),
            _visit(secretary["id"], "county", "440104000000", "2019-03-01T10:00:00+08:00", YUEXIU),
        ],
    )  # 102 km/h
    assert _flags(sup, "impossible_travel") == []


def test_a_journey_is_found_across_batches_and_flagged_once(sup):
    secretary = official(sup, "province", "440000000000", subject="province-secretary")
    headers = headers_of(sup, "province-secretary", "province_official", "44")
    later = _visit(secretary["id"], "county", "440104000000", "2019-03-01T10:10:00+08:00", YUEXIU)
    _send(sup, headers, [later])
    _send(
        sup, headers, [_visit(secretary["id"], "county", COUNTY, "2019-03-01T10:00:00+08:00", LIANZHOU_TOWN)]
    )
    _send(sup, headers, [later])  # sent again: a duplicate, no second flag
    assert len(_flags(sup, "impossible_travel")) == 1


def test_a_visit_far_from_its_targets_place_is_flagged(sup):
    [near, far] = load_households(sup, [household(POOR_VILLAGES[0], n) for n in (1, 2)])
    place = sup.client.put(
        f"/api/v1/places/{POOR_VILLAGES[0]}",
        headers=sup.headers(**ADMIN),
        json={"target_kind": "village", "latitude": LIANZHOU_TOWN[0], "longitude": LIANZHOU_TOWN[1]},
    )
    assert place.status_code == 200, place.text
    secretary = official(sup, "town", TOWN, subject="town-secretary")
    headers = headers_of(sup, "town-secretary", "town_official", "441882100")
    sent = _send(
        sup,
        headers,
        [
            _visit(
                secretary["id"], "household", near.id, "2019-03-01T09:00:00+08:00", (24.7890, 112.3822)
            ),  # 0.9 km
            _visit(secretary["id"], "household", far.id, "2019-03-01T15:00:00+08:00", (24.8705, 112.3822)),
        ],
    )  # 10 km
    [flag] = _flags(sup, "far_from_target")
    assert flag["visit_id"] == sent["results"][1]["visit_id"] and 9.9 < flag["detail"]["distance_km"] < 10.1


def test_a_scan_flags_each_household_its_secretary_missed_once(sup):
    homes = load_households(sup, [household(POOR_VILLAGES[0], n) for n in (1, 2, 3)])
    secretary = official(sup, "town", TOWN, subject="town-secretary")
    headers = headers_of(sup, "town-secretary", "town_official", "441882100")
    _send(
        sup,
        headers,
        [_visit(secretary["id"], "household", homes[0].id, "2019-03-01T09:00:00+08:00", LIANZHOU_TOWN)],
    )
    scan = {"level": "town", "start": "2019-01-01", "end": "2019-12-31", "region": "441882"}
    first = sup.client.post("/api/v1/red-flags/missed-visit-scans", json=scan, headers=sup.headers(**ADMIN))
    assert first.json() == {"raised": 2, "already_raised": 0}, first.text
    again = sup.client.post("/api/v1/red-flags/missed-visit-scans", json=scan, headers=sup.headers(**ADMIN))
    assert again.json() == {"raised": 0, "already_raised": 2}
    flagged = {f["household_id"] for f in _flags(sup, "household_not_visited")}
    assert flagged == {str(homes[1].id), str(homes[2].id)}


def test_a_visit_sent_late_is_compared_with_its_stored_neighbours_on_both_sides(sup):
    secretary = official(sup, "province", "440000000000", subject="province-secretary")
    headers = headers_of(sup, "province-secretary", "province_official", "44")
    stored = _send(
        sup,
        headers,
        [
            _visit(secretary["id"], "county", COUNTY, f"2019-03-01T{t}:00+08:00", LIANZHOU_TOWN)
            for t in ("08:00", "09:00", "10:00", "10:20", "11:00")
        ],
    )
    assert _flags(sup, "impossible_travel") == []
    [late] = _send(
        sup, headers, [_visit(secretary["id"], "county", "440104000000", "2019-03-01T10:10:00+08:00", YUEXIU)]
    )["results"]
    ids = [r["visit_id"] for r in stored["results"]]
    pairs = {(f["other_visit_id"], f["visit_id"]) for f in _flags(sup, "impossible_travel")}
    assert pairs == {(ids[2], late["visit_id"]), (late["visit_id"], ids[3])}


def test_a_place_is_read_only_inside_the_readers_region(sup):
    [home] = load_households(sup, [household(POOR_VILLAGES[0], 1)])
    for key, kind in ((str(home.id), "household"), (POOR_VILLAGES[0], "village")):
        put = sup.client.put(
            f"/api/v1/places/{key}",
            headers=sup.headers(**ADMIN),
            json={"target_kind": kind, "latitude": LIANZHOU_TOWN[0], "longitude": LIANZHOU_TOWN[1]},
        )
        assert put.status_code == 200, put.text
        inside = sup.client.get(
            f"/api/v1/places/{key}", headers=headers_of(sup, "t1", "town_official", "441882100")
        )
        assert inside.status_code == 200 and inside.json()["latitude"] == LIANZHOU_TOWN[0], inside.text
        # Another town's official learns nothing, not even that a position is recorded.
        outside = sup.client.get(
            f"/api/v1/places/{key}", headers=headers_of(sup, "t2", "town_official", "441882201")
        )
        assert outside.status_code == 404, outside.text
