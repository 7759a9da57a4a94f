"""Requests at once: a batch sent twice stores each visit once; one serving secretary; one hand-over."""

from __future__ import annotations

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select

from services.supervision.models import Official, Visit
from tests.supervision.register import POOR_VILLAGES, TOWN, household, load_households
from tests.supervision.support import ADMIN, headers_of, official

THREADS = 4


def _together(calls):
    """Run the calls at the same moment; return their responses."""
    barrier = threading.Barrier(len(calls))

    def run(call):
        barrier.wait()
        return call()

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(run, calls))


def test_the_same_batch_sent_at_once_stores_each_visit_once(sup):
    homes = load_households(sup, [household(POOR_VILLAGES[0], n) for n in range(1, 6)])
    secretary = official(sup, "town", TOWN, subject="town-secretary")
    batch = [
        {
            "client_id": str(uuid.uuid4()),
            "official_id": secretary["id"],
            "target_kind": "household",
            "household_id": str(h.id),
            "visited_at": f"2019-05-12T{9 + i:02d}:00:00+08:00",
            "latitude": 24.78,
            "longitude": 112.38,
            "findings": "正常",
        }
        for i, h in enumerate(homes)
    ]
    headers = headers_of(sup, "town-secretary", "town_official", "441882100")
    responses = _together(
        [lambda: sup.client.post("/api/v1/visits/batches", json={"visits": batch}, headers=headers)] * THREADS
    )
    assert {r.status_code for r in responses} <= {200, 409}
    created = sum(r.json()["created"] for r in responses if r.status_code == 200)
    assert created == len(batch)
    with sup.db.transaction(write=False) as session:
        assert session.scalar(select(func.count()).select_from(Visit)) == len(batch)
    feed = sup.client.get("/api/v1/events", params={"limit": 500}, headers=sup.headers(**ADMIN))
    assert [e["type"] for e in feed.json()["items"]].count("visit.recorded") == len(batch)


def test_appointments_at_once_leave_one_serving_secretary(sup):
    bodies = [
        {
            "name": f"书记{i}",
            "level": "town",
            "post": "party_secretary",
            "region_code": TOWN,
            "appointed_on": "2019-01-02",
        }
        for i in range(THREADS)
    ]
    responses = _together(
        [
            lambda b=b: sup.client.post("/api/v1/officials", json=b, headers=sup.headers(**ADMIN))
            for b in bodies
        ]
    )
    assert sorted(r.status_code for r in responses) == [201] + [409] * (THREADS - 1)
    with sup.db.transaction(write=False) as session:
        assert session.scalar(select(func.count()).select_from(Official)) == 1
