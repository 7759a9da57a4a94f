"""The demo loads once on the replica of the demo county, and its coverage report has figures."""

from __future__ import annotations

from services.supervision.demo import load_demo
from tests.supervision.register import POOR_VILLAGES, household, load_households
from tests.supervision.support import ADMIN


def test_the_demo_loads_once_and_shows_coverage_and_flags(sup):
    load_households(sup, [household(village, n) for village in POOR_VILLAGES for n in range(1, 7)])
    first = load_demo(sup.settings, 0)
    assert first.startswith("loaded") and load_demo(sup.settings, 0) == "demo data present"
    params = {"level": "town", "start": "2019-01-01", "end": "2019-12-31", "region": "441882"}
    report = sup.client.get("/api/v1/visits/coverage", params=params, headers=sup.headers(**ADMIN)).json()
    assert report["targets"] == 12 and 0 < report["visited"] < 12
    teams = sup.client.get("/api/v1/work-teams", headers=sup.headers(**ADMIN)).json()["items"]
    assert len(teams) == 3 and any(len(t["postings"]) == 2 for t in teams)
    reserve = sup.client.get(
        "/api/v1/reserve-report", params={"short_only": "true"}, headers=sup.headers(**ADMIN)
    )
    assert len(reserve.json()["items"]) == 1
    flags = sup.client.get("/api/v1/red-flags", headers=sup.headers(**ADMIN)).json()["items"]
    assert [f["kind"] for f in flags] == ["impossible_travel"]
    [interview] = sup.client.get("/api/v1/interviews", headers=sup.headers(**ADMIN)).json()["items"]
    assert len(interview["items"]) == 2 and interview["state"] == "open"
