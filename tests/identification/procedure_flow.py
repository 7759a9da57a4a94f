"""Actors and HTTP helpers for walking procedures step by step in tests."""

from __future__ import annotations

from datetime import date
from typing import Any

from services.identification.demo import compose_id_number

VILLAGE = "441882100201"  # 三古滩村, a relatively poor village of town 连州镇
OTHER_VILLAGE = "441882100202"  # 昆陂村, same town
TOWN = "441882100"  # 连州镇 (441882100000) as a token's region scope: 9 digits
OTHER_TOWN = "441882101"  # 星子镇
COUNTY = "441882"

# Who takes each level's steps for a household of VILLAGE.
ACTORS = {"village": ("village_cadre", VILLAGE), "town": ("town_official", TOWN),
          "county": ("county_official", COUNTY)}


def headers(ident: Any, level: str, **extra: str) -> dict[str, str]:
    """Return the headers of the actor who works at a level for VILLAGE."""
    role, region = ACTORS[level]
    return ident.headers(role, region, **extra)


def member(serial: int, relation: str, birth: date = date(1970, 5, 1), **extra: Any) -> dict[str, Any]:
    """Return a member body with basic medical insurance."""
    return {"name": f"成员{serial}", "id_number": compose_id_number("441882", birth, serial),
            "relation": relation, "labour_capacity": "normal", "medical_insured": True, **extra}


def create_household(ident: Any, serial: int = 11, region: str = VILLAGE, size: int = 2,
                     **extra: Any) -> dict[str, Any]:
    """Register a candidate household of `size` insured adults (head first) and return its JSON."""
    members = [member(serial, "head")] + [member(serial + 2 * i, "son", date(1995, 3, 1))
                                          for i in range(1, size)]
    body = {"region_code": region, "address": "三古滩村8号", "category": "general",
            "primary_cause": "illness", "safe_drinking_water": True, "housing_grade": "grade_a",
            "members": members, **extra}
    r = ident.client.post("/api/v1/households", json=body, headers=ident.headers())
    assert r.status_code == 201, r.text
    return r.json()


def record_income(ident: Any, household_id: str, year: int, wages: str, **parts: str) -> dict[str, Any]:
    """Record a year's income (other components zero unless given)."""
    body = {"year": year, "wages": wages, "production_business": "0.00", "property_income": "0.00",
            "transfer_income": "0.00", "production_costs": "0.00", **parts}
    r = ident.client.post(f"/api/v1/households/{household_id}/incomes", json=body, headers=ident.headers())
    assert r.status_code == 201, r.text
    return r.json()


def start(ident: Any, household_id: str, kind: str, on: date, level: str = "village",
          expect: int = 201, **fields: Any) -> dict[str, Any]:
    """Start a household procedure; return its JSON (or the problem when `expect` is an error)."""
    body = {"kind": kind, "on": on.isoformat(), "documents": fields.pop("documents", ["申请书"]), **fields}
    r = ident.client.post(f"/api/v1/households/{household_id}/procedures", json=body,
                          headers=headers(ident, level))
    assert r.status_code == expect, r.text
    return r.json()


def read(ident: Any, procedure_id: str) -> dict[str, Any]:
    """Read a procedure as the county sees it."""
    r = ident.client.get(f"/api/v1/procedures/{procedure_id}", headers=ident.headers())
    assert r.status_code == 200, r.text
    return r.json()


def take(ident: Any, procedure_id: str, step: str, on: date, level: str | None = None,
         auth: dict[str, str] | None = None, documents: list[str] | None = None,
         version: int | None = None, **fields: Any) -> Any:
    """Take a step as the level's actor (or `auth`), with If-Match of the current version."""
    current = version if version is not None else read(ident, procedure_id)["version"]
    level = level or read(ident, procedure_id)["next_step"]["level"]
    body = {"step": step, "on": on.isoformat(), "documents": documents if documents is not None
            else [f"{step}-记录"], **fields}
    request_headers = {**(auth or headers(ident, level)), "If-Match": f'"{current}"'}
    return ident.client.post(f"/api/v1/procedures/{procedure_id}/steps", json=body, headers=request_headers)


def walk(ident: Any, procedure_id: str, steps: list[tuple[str, date]]) -> dict[str, Any]:
    """Take several steps in order, each by its level's actor, asserting each succeeds."""
    body: dict[str, Any] = {}
    for step, on in steps:
        r = take(ident, procedure_id, step, on)
        assert r.status_code == 200, r.text
        body = r.json()
    return body


def events(ident: Any, type_: str) -> list[dict[str, Any]]:
    """Return the change feed's events of a type."""
    r = ident.client.get(f"/api/v1/events?type={type_}&limit=500", headers=ident.headers())
    assert r.status_code == 200, r.text
    return r.json()["items"]


IDENTIFICATION_STEPS = ["survey", "appraisal", "notice", "town_review", "county_approval"]


def identify(ident: Any, serial: int = 11, region: str = VILLAGE, size: int = 2) -> dict[str, Any]:
    """Register a household with a 2017 income below the line and identify it in March 2018."""
    household = create_household(ident, serial, region, size)
    record_income(ident, household["id"], 2017, "3000.00")
    proc = start(ident, household["id"], "identification", date(2018, 3, 1), year=2017)
    dates = [date(2018, 3, 2), date(2018, 3, 3), date(2018, 3, 4), date(2018, 3, 11), date(2018, 3, 12)]
    walk(ident, proc["id"], list(zip(IDENTIFICATION_STEPS, dates, strict=True)))
    return household


def household_status(ident: Any, household_id: str) -> dict[str, Any]:
    """Read a household as the county sees it."""
    r = ident.client.get(f"/api/v1/households/{household_id}", headers=ident.headers())
    assert r.status_code == 200, r.text
    return r.json()


def record_village_income(ident: Any, amount: str, year: int = 2019) -> None:
    """Record the village's income per head for a year."""
    r = ident.client.post(f"/api/v1/villages/{VILLAGE}/incomes",
                          json={"year": year, "income_per_head": amount}, headers=ident.headers())
    assert r.status_code == 201, r.text


def meet_village_conditions(ident: Any) -> None:
    """Harden every natural village's road and record the tidy-village standard as met."""
    region = ident.client.get(f"/api/v1/regions/{VILLAGE}", headers=ident.headers())
    version = region.headers["etag"]
    for natural in region.json()["natural_villages"]:
        body = {"name": natural["name"], "households": natural["households"], "hardened_road": True}
        r = ident.client.put(f"/api/v1/regions/{VILLAGE}/natural-villages/{natural['id']}", json=body,
                             headers={**ident.headers(), "If-Match": version})
        assert r.status_code == 200, r.text
        version = r.headers["etag"]
    r = ident.client.patch(f"/api/v1/regions/{VILLAGE}/conditions", json={"tidy_village": True},
                           headers={**ident.headers(), "If-Match": version})
    assert r.status_code == 200, r.text


NATIONAL_EXIT_MECHANISM = "《关于建立贫困退出机制的意见》（中共中央办公厅、国务院办公厅，2016年4月）"


def switch_on_remaining_poor_share(ident: Any, year: int = 2019, region: str = COUNTY) -> dict[str, Any]:
    """Issue a standard version that switches the households-still-poor condition (2%) on, with its source."""
    admin = ident.headers("admin", "44")
    r = ident.client.post("/api/v1/policy/standards", headers=admin, json={
        "year": year, "region_prefix": region, "village_remaining_poor_share_max": "0.0200",
        "village_remaining_poor_share_source": NATIONAL_EXIT_MECHANISM, "reason": "县采用国家贫困村退出做法"})
    assert r.status_code == 201, r.text
    return r.json()
