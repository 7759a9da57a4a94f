"""Region scope: a caller sees and changes only its own region; outside it answers 404."""

from __future__ import annotations

import pytest

from tests.identification.register_data import create, household, member

OTHER_TOWN = {"role": "town_official", "region": "441882101"}
OWN_TOWN = {"role": "town_official", "region": "441882100"}


@pytest.fixture
def house(ident) -> dict:
    return create(ident)  # in 连州镇 441882100


def test_other_town_cannot_read(ident, house):
    r = ident.client.get(f"/api/v1/households/{house['id']}", headers=ident.headers(**OTHER_TOWN))
    assert r.status_code == 404
    assert r.json()["detail"] == f"Household {house['id']} was not found"


def test_other_town_cannot_list(ident, house):
    r = ident.client.get("/api/v1/households", headers=ident.headers(**OTHER_TOWN))
    assert r.json()["items"] == []
    r = ident.client.get("/api/v1/households", params={"region": "441882100"},
                         headers=ident.headers(**OTHER_TOWN))
    assert r.json() == {"items": [], "next_cursor": None, "has_more": False}
    r = ident.client.get("/api/v1/households", params={"region": "44"}, headers=ident.headers(**OTHER_TOWN))
    assert r.json()["items"] == []


def test_own_town_sees_it(ident, house):
    r = ident.client.get(f"/api/v1/households/{house['id']}", headers=ident.headers(**OWN_TOWN))
    assert r.status_code == 200
    r = ident.client.get("/api/v1/households", params={"region": "44"}, headers=ident.headers(**OWN_TOWN))
    assert [h["id"] for h in r.json()["items"]] == [house["id"]]


@pytest.mark.parametrize(("method", "suffix", "body"), [
    ("PATCH", "", {"address": "越权修改"}),
    ("POST", "/members", member(44, "son")),
    ("POST", "/incomes", {"year": 2019, "wages": "1", "production_business": "0", "property_income": "0",
                          "transfer_income": "0", "production_costs": "0"}),
    ("GET", "/status-history", None),
    ("GET", "/incomes", None),
])
def test_other_town_cannot_touch_it(ident, house, method, suffix, body):
    r = ident.client.request(method, f"/api/v1/households/{house['id']}{suffix}", json=body,
                             headers=ident.headers(**OTHER_TOWN, **{"If-Match": '"1"'}))
    assert r.status_code == 404
    after = ident.client.get(f"/api/v1/households/{house['id']}", headers=ident.headers()).json()
    assert (after["address"], after["version"], after["member_count"]) == ("三古滩村1号", 1, 1)


@pytest.mark.parametrize("path", ["/members/{mid}", "/members/{mid}/leave"])
def test_other_town_cannot_touch_members(ident, house, path):
    mid = house["members"][0]["id"]
    body = {"name": "x"} if path.endswith("{mid}") else {"reason": "death", "left_on": "2019-01-01"}
    method = "PATCH" if path.endswith("{mid}") else "POST"
    r = ident.client.request(method, f"/api/v1/households/{house['id']}{path.format(mid=mid)}", json=body,
                             headers=ident.headers(**OTHER_TOWN, **{"If-Match": '"1"'}))
    assert r.status_code == 404


def test_other_county_and_city(ident, house):
    for caller in ({"role": "county_official", "region": "441881"},
                   {"role": "city_official", "region": "4401"},
                   {"role": "village_cadre", "region": "441882100202"}):
        r = ident.client.get(f"/api/v1/households/{house['id']}", headers=ident.headers(**caller))
        assert r.status_code == 404, caller


def test_wider_scopes_see_it(ident, house):
    for caller in ({"role": "city_official", "region": "4418"}, {"role": "province_official", "region": "44"},
                   {"role": "village_cadre", "region": "441882100201"}):
        r = ident.client.get(f"/api/v1/households/{house['id']}", headers=ident.headers(**caller))
        assert r.status_code == 200, caller


def test_cadre_cannot_create_outside_its_village(ident):
    r = ident.client.post("/api/v1/households", json=household([member(13)], region="441882100202"),
                          headers=ident.headers("village_cadre", "441882100201"))
    assert r.status_code == 403
    r = ident.client.post("/api/v1/households", json=household([member(13)]),
                          headers=ident.headers("village_cadre", "441882100201"))
    assert r.status_code == 201


def test_scope_filters_are_range_predicates_on_the_code(ident):
    create(ident)
    create(ident, household([member(13)], region="441882101201"))
    r = ident.client.get("/api/v1/households", params={"region": "4418821"}, headers=ident.headers())
    assert [h["region_code"] for h in r.json()["items"]] == ["441882100201", "441882101201"]
    r = ident.client.get("/api/v1/households", params={"region": "441882101201"}, headers=ident.headers())
    assert [h["region_code"] for h in r.json()["items"]] == ["441882101201"]
