"""The work list: procedures in a region, filtered by kind, state and the step that is next."""

from __future__ import annotations

from datetime import date

from tests.identification.procedure_flow import OTHER_VILLAGE, create_household, record_income, start, walk


def _waiting_for_town(ident, serial, started):
    household = create_household(ident, serial)
    record_income(ident, household["id"], 2017, "6000.00")
    proc = start(ident, household["id"], "identification", started, year=2017)
    walk(ident, proc["id"], [("survey", started), ("appraisal", started), ("notice", started)])
    return proc


def _at_survey(ident, serial, region):
    household = create_household(ident, serial, region)
    r = ident.client.post(f"/api/v1/households/{household['id']}/procedures",
                          json={"kind": "identification", "on": "2018-03-01", "year": 2017,
                                "documents": ["申请书"]},
                          headers=ident.headers("village_cadre", region))
    assert r.status_code == 201, r.text


def test_a_town_finds_what_awaits_its_review_page_by_page(ident):
    first = _waiting_for_town(ident, 11, date(2018, 3, 1))
    second = _waiting_for_town(ident, 13, date(2018, 3, 2))
    third = _waiting_for_town(ident, 15, date(2018, 3, 3))
    _at_survey(ident, 17, OTHER_VILLAGE)
    town = ident.headers("town_official", "441882100")
    page = ident.client.get("/api/v1/procedures?next_step=town_review&limit=2", headers=town)
    assert page.status_code == 200, page.text
    assert [p["id"] for p in page.json()["items"]] == [first["id"], second["id"]]
    rest = ident.client.get(f"/api/v1/procedures?next_step=town_review&limit=2"
                            f"&cursor={page.json()['next_cursor']}", headers=town).json()
    assert ([p["id"] for p in rest["items"]], rest["next_cursor"]) == ([third["id"]], None)
    everything = ident.client.get("/api/v1/procedures?kind=identification&state=open", headers=town).json()
    assert len(everything["items"]) == 4
    other_town = ident.client.get("/api/v1/procedures", headers=ident.headers("town_official", "441882101"))
    assert other_town.json()["items"] == []
    outside = ident.client.get("/api/v1/procedures?region=441882101", headers=town).json()
    assert outside["items"] == []
    bad = ident.client.get("/api/v1/procedures?cursor=xyz", headers=town)
    assert (bad.status_code, bad.json()["errors"][0]["field"]) == (422, "cursor")
