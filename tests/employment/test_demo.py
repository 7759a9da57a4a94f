"""The demo loads employers, positions, labourers, training and placements once, on the replica."""

from __future__ import annotations

import random

from services.employment.demo import load_demo
from tests.employment.support import Someone, import_households, sync


def test_the_demo_loads_once_and_shows_a_working_service(ident, emp):
    rng = random.Random(5)
    import_households(
        ident,
        [
            [Someone(rng.randrange(18, 58)), Someone(rng.randrange(18, 58), relation="spouse")]
            for _ in range(30)
        ],
    )
    sync(emp, ident)
    said = load_demo(emp.settings, 2000)
    assert said.startswith("loaded 5 employers, 8 positions, 60 labourers, 1 programme"), said
    assert load_demo(emp.settings, 2000) == "demo data present"
    kinds = {
        p["kind"]
        for p in emp.client.get("/api/v1/positions", params={"limit": 50}, headers=emp.headers()).json()[
            "items"
        ]
    }
    assert kinds == {"ordinary", "workshop", "employment_base", "public_welfare", "home_based"}
    states = {
        p["state"]
        for p in emp.client.get("/api/v1/placements", params={"limit": 500}, headers=emp.headers()).json()[
            "items"
        ]
    }
    assert states == {"recommended", "applied", "hired", "employed"}
    [county] = emp.client.get("/api/v1/coverage", params={"level": "county"}, headers=emp.headers()).json()
    assert county["trained"] == 9 and county["served"] > 0
