"""Regions: Guangdong's real cities and counties, the demo county's towns and villages, attributes."""

from __future__ import annotations

import pytest

from services.identification.regions.reference import read_csv


def _get(ident, path: str, params: dict | None = None):
    return ident.client.get(f"/api/v1/regions{path}", params=params or {}, headers=ident.headers())


def test_top_level_is_the_province(ident):
    r = _get(ident, "")
    assert r.status_code == 200
    assert [(x["code"], x["name"], x["level"]) for x in r.json()] == [("440000000000", "广东省", "province")]


def test_guangdong_has_21_cities(ident):
    cities = _get(ident, "", {"parent": "440000000000"}).json()
    assert len(cities) == 21
    assert {"level"} == {k for c in cities for k, v in c.items() if v == "city"}
    names = {c["code"]: c["name"] for c in cities}
    assert names["440100000000"] == "广州市"
    assert names["440300000000"] == "深圳市"
    assert names["441800000000"] == "清远市"
    assert [c["code"] for c in cities] == sorted(c["code"] for c in cities)


def test_guangdong_has_122_county_level_divisions(ident):
    rows = read_csv("guangdong_regions.csv")
    counties = [r for r in rows if r["level"] == "county"]
    assert len(counties) == 122
    assert all(r["code"].endswith("000000") and len(r["code"]) == 12 for r in rows)
    assert all(r["parent_code"] == r["code"][:4] + "00000000" for r in counties)
    total = sum(len(_get(ident, "", {"parent": c["code"]}).json())
                for c in _get(ident, "", {"parent": "440000000000"}).json())
    assert total == 122


def test_qingyuan_counties(ident):
    counties = _get(ident, "", {"parent": "441800000000"}).json()
    assert [(c["code"], c["name"]) for c in counties] == [
        ("441802000000", "清城区"), ("441803000000", "清新区"), ("441821000000", "佛冈县"),
        ("441823000000", "阳山县"), ("441825000000", "连山壮族瑶族自治县"),
        ("441826000000", "连南瑶族自治县"),
        ("441881000000", "英德市"), ("441882000000", "连州市")]


def test_demo_county_towns_and_villages(ident):
    towns = _get(ident, "", {"parent": "441882000000"}).json()
    assert len(towns) == 11
    assert (towns[0]["code"], towns[0]["name"], towns[0]["level"]) == ("441882100000", "连州镇", "town")
    villages = _get(ident, "", {"parent": "441882100000"}).json()
    assert len(villages) == 8
    assert {v["level"] for v in villages} == {"village"}
    assert all(v["code"].startswith("441882100") for v in villages)


def test_level_filter(ident):
    assert _get(ident, "", {"parent": "441882100000", "level": "town"}).json() == []
    assert len(_get(ident, "", {"parent": "441882100000", "level": "village"}).json()) == 8


def test_village_attributes_and_natural_villages(ident):
    r = _get(ident, "/441882100201")
    assert r.status_code == 200
    village = r.json()
    assert (village["name"], village["level"]) == ("三古滩村", "village")
    assert village["parent_code"] == "441882100000"
    assert (village["relatively_poor"], village["old_revolutionary_base"]) == (True, False)
    assert (village["central_soviet_area"], village["ethnic_minority_area"], village["tidy_village"]) == (
        False, False, False)
    assert [(n["name"], n["households"], n["hardened_road"]) for n in village["natural_villages"]] == [
        ("下坳村", 56, False), ("北江组", 75, False), ("小洞组", 97, True)]
    assert _get(ident, "/441882100202").json()["old_revolutionary_base"] is True


def test_demo_data_files_are_consistent():
    villages = read_csv("demo_villages.csv")
    codes = {v["code"] for v in villages}
    assert len(codes) == len(villages) == 83
    for v in villages:
        assert len(v["code"]) == 12 and v["code"].startswith("441882")
        expected_parent = "441882000000" if v["level"] == "town" else v["code"][:9] + "000"
        assert v["parent_code"] == expected_parent
    naturals = read_csv("demo_natural_villages.csv")
    assert {n["village_code"] for n in naturals} <= {v["code"] for v in villages if v["level"] == "village"}


def test_unknown_region_is_404(ident):
    r = _get(ident, "/441882199999")
    assert (r.status_code, r.json()["code"]) == (404, "not_found")


@pytest.mark.parametrize("code", ["4418821002", "44188210020x", "4418821002011"])
def test_bad_region_code_is_422(ident, code):
    assert _get(ident, f"/{code}").status_code == 422


def test_bad_parent_is_422(ident):
    r = _get(ident, "", {"parent": "4418"})
    assert (r.status_code, r.json()["errors"][0]["field"]) == (422, "parent")


def test_regions_need_a_token(ident):
    assert ident.client.get("/api/v1/regions").status_code == 401
