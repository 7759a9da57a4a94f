"""Person lookup by ID number: through the keyed hash, inside the caller's region only."""

from __future__ import annotations

from datetime import date

from tests.identification.register_data import create, household, id_number, member


def _lookup(ident, number: str, **caller):
    return ident.client.post("/api/v1/people/lookup", json={"id_number": number},
                             headers=ident.headers(**caller))


def test_lookup_lists_active_first_then_history(ident):
    first = create(ident, household([member(11), member(22, "daughter", "李小妹", birth=date(1995, 3, 3))]))
    daughter = first["members"][1]
    r = ident.client.post(f"/api/v1/households/{first['id']}/members/{daughter['id']}/leave",
                          json={"reason": "marriage", "left_on": "2019-10-01"},
                          headers=ident.headers(**{"If-Match": '"1"'}))
    assert r.status_code == 200
    second = create(ident, household([member(13), member(22, "spouse", "李小妹", birth=date(1995, 3, 3))],
                                     region="441882100202"))
    found = _lookup(ident, id_number(22, date(1995, 3, 3))).json()
    assert [(f["household_no"], f["active"], f["household_status"]) for f in found] == [
        (second["household_no"], True, "candidate"), (first["household_no"], False, "candidate")]


def test_lookup_of_an_unknown_person_is_empty(ident):
    create(ident)
    r = _lookup(ident, id_number(99))
    assert (r.status_code, r.json()) == (200, [])


def test_lookup_respects_the_region_scope(ident):
    create(ident)
    assert _lookup(ident, id_number(11), role="town_official", region="441882101").json() == []
    assert len(_lookup(ident, id_number(11), role="town_official", region="441882100").json()) == 1


def test_lookup_validates_the_number(ident):
    bad = id_number(11)[:-1] + ("0" if id_number(11)[-1] != "0" else "1")
    r = _lookup(ident, bad)
    assert (r.status_code, r.json()["errors"][0]["field"]) == (422, "id_number")
    r = ident.client.post("/api/v1/people/lookup", json={"id_number": id_number(11), "name": "x"},
                          headers=ident.headers())
    assert (r.status_code, r.json()["errors"][0]["field"]) == (422, "name")


def test_lookup_needs_identification_read(ident):
    assert _lookup(ident, id_number(11), role="service").status_code == 403
