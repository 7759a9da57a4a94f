"""One person, one household: a conflict outside the caller's scope names no household."""

from __future__ import annotations

import time
from datetime import date

from tests.identification.bulk_support import csv_bytes, csv_row, person
from tests.identification.register_data import create, household, member

OTHER_TOWN = "441882101"
OTHER_TOWN_VILLAGE = "441882101201"


def _town_headers(ident, **extra: str) -> dict[str, str]:
    return ident.headers("town_official", OTHER_TOWN, **extra)


def test_a_conflict_outside_the_scope_says_only_registered_elsewhere(ident):
    existing = create(ident)
    r = ident.client.post("/api/v1/households", json=household(region=OTHER_TOWN_VILLAGE),
                          headers=_town_headers(ident))
    assert r.status_code == 409, r.text
    body = r.json()
    assert body["code"] == "person_registered_elsewhere"
    assert [(e["field"], e["code"]) for e in body["errors"]] == [
        ("members[0].id_number", "person_registered_elsewhere")]
    assert existing["household_no"] not in r.text and existing["id"] not in r.text
    assert "other_household_no" not in body and "other_household_id" not in body


def test_adding_a_member_registered_outside_the_scope_names_nothing(ident):
    existing = create(ident)
    own = create(ident, household([member(13)], region=OTHER_TOWN_VILLAGE))
    r = ident.client.post(f"/api/v1/households/{own['id']}/members", json=member(11, "spouse"),
                          headers=_town_headers(ident, **{"If-Match": f'"{own["version"]}"'}))
    assert r.status_code == 409, r.text
    assert r.json()["code"] == "person_registered_elsewhere"
    assert existing["household_no"] not in r.text and existing["id"] not in r.text


def test_a_conflict_inside_the_scope_still_names_the_household(ident):
    existing = create(ident)
    r = ident.client.post("/api/v1/households", json=household(region=OTHER_TOWN_VILLAGE),
                          headers=ident.headers())
    assert r.status_code == 409
    assert (r.json()["code"], r.json()["other_household_no"], r.json()["other_household_id"]) == (
        "person_in_other_household", existing["household_no"], existing["id"])


def _finished(ident, job_id: str) -> dict:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        job = ident.client.get(f"/api/v1/jobs/{job_id}", headers=_town_headers(ident)).json()
        if job["state"] in ("succeeded", "failed", "cancelled"):
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} did not finish")


def test_an_import_row_clashing_outside_the_region_names_nothing(ident):
    existing = create(ident, household([member(11, birth=date(1970, 3, 1))]))
    content = csv_bytes([csv_row("4418821012019001", "李大山", person(11), village=OTHER_TOWN_VILLAGE)])
    r = ident.client.post("/api/v1/imports", params={"mode": "accept_valid"},
                          files={"file": ("households.csv", content)}, headers=_town_headers(ident))
    assert r.status_code == 202, r.text
    assert _finished(ident, r.json()["id"])["rows_rejected"] >= 1
    report = ident.client.get(f"/api/v1/jobs/{r.json()['id']}/errors.csv", headers=_town_headers(ident))
    assert "person_registered_elsewhere" in report.text
    assert existing["household_no"] not in report.text
