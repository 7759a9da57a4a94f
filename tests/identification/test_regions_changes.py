"""Village designations, conditions and natural villages: who may change them, and how."""

from shared.concurrency import version_of

VILLAGE = "441882100201"  # 三古滩村, 连州镇


def _etag(ident, headers=None):
    r = ident.client.get(f"/api/v1/regions/{VILLAGE}", headers=headers or ident.headers())
    assert r.status_code == 200
    return r.headers["etag"], r.json()


def test_guangdong_reference_regions_are_loaded(ident):
    r = ident.client.get("/api/v1/regions", headers=ident.headers())
    assert [x["code"] for x in r.json()] == ["440000000000"]
    cities = ident.client.get("/api/v1/regions?parent=440000000000", headers=ident.headers()).json()
    assert len(cities) == 21 and {"name": "清远市", "code": "441800000000"}.items() <= next(
        c for c in cities if c["code"] == "441800000000").items()
    counties = ident.client.get("/api/v1/regions?parent=441800000000", headers=ident.headers()).json()
    assert "连州市" in [c["name"] for c in counties]


def test_county_official_records_tidy_village_with_if_match(ident):
    etag, before = _etag(ident)
    assert before["tidy_village"] is False
    r = ident.client.patch(f"/api/v1/regions/{VILLAGE}/conditions", json={"tidy_village": True},
                           headers=ident.headers(**{"If-Match": etag}))
    assert r.status_code == 200, r.text
    assert r.json()["tidy_village"] is True and r.headers["etag"] != etag
    stale = ident.client.patch(f"/api/v1/regions/{VILLAGE}/conditions", json={"tidy_village": False},
                               headers=ident.headers(**{"If-Match": etag}))
    assert stale.status_code == 412
    missing = ident.client.patch(f"/api/v1/regions/{VILLAGE}/conditions", json={"tidy_village": False},
                                 headers=ident.headers())
    assert missing.status_code == 428


def test_designations_need_a_policy_administrator(ident):
    etag, _ = _etag(ident)
    county = ident.client.patch(f"/api/v1/regions/{VILLAGE}/designations", json={"relatively_poor": False},
                                headers=ident.headers(**{"If-Match": etag}))
    assert county.status_code == 403
    admin = ident.headers("admin", "44", **{"If-Match": etag})
    r = ident.client.patch(f"/api/v1/regions/{VILLAGE}/designations", json={"relatively_poor": False},
                           headers=admin)
    assert r.status_code == 200 and r.json()["relatively_poor"] is False


def test_natural_village_road_change_bumps_the_village_and_is_announced(ident):
    etag, region = _etag(ident)
    natural = region["natural_villages"][0]
    body = {"name": natural["name"], "households": 42, "hardened_road": True}
    r = ident.client.put(f"/api/v1/regions/{VILLAGE}/natural-villages/{natural['id']}", json=body,
                         headers=ident.headers(**{"If-Match": etag}))
    assert r.status_code == 200, r.text
    changed = next(n for n in r.json()["natural_villages"] if n["id"] == natural["id"])
    assert changed == {**natural, "households": 42, "hardened_road": True}
    assert version_of(r.headers["etag"]) == version_of(etag) + 1
    feed = ident.client.get("/api/v1/events?type=region.changed", headers=ident.headers()).json()
    assert [e["subject"] for e in feed["items"]] == [VILLAGE]


def test_duplicate_natural_village_is_409_and_writes_nothing(ident):
    etag, region = _etag(ident)
    body = {"name": region["natural_villages"][0]["name"], "households": 10, "hardened_road": False}
    r = ident.client.post(f"/api/v1/regions/{VILLAGE}/natural-villages", json=body,
                          headers=ident.headers(**{"If-Match": etag}))
    assert r.status_code == 409 and r.json()["errors"][0]["field"] == "name"
    assert _etag(ident)[1]["natural_villages"] == region["natural_villages"]


def test_other_county_cannot_change_the_village(ident):
    headers = ident.headers("county_official", "441881", **{"If-Match": '"1"'})
    r = ident.client.patch(f"/api/v1/regions/{VILLAGE}/conditions", json={"tidy_village": True},
                           headers=headers)
    assert r.status_code == 404


def test_a_town_is_not_a_village(ident):
    r = ident.client.patch("/api/v1/regions/441882100000/conditions", json={"tidy_village": True},
                           headers=ident.headers(**{"If-Match": '"1"'}))
    assert r.status_code == 422 and r.json()["errors"][0]["code"] == "region_not_village"
