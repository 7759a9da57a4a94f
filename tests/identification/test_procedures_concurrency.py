"""Two cadres acting at once: one step taken once, one open procedure, one resolution."""

from __future__ import annotations

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import date

from sqlalchemy import func, select

from services.identification.models import Procedure
from tests.identification.procedure_flow import (
    create_household,
    headers,
    read,
    record_income,
    start,
    walk,
)

THREADS = 6


def _together(calls):
    """Run the calls at the same moment; return their responses."""
    barrier = threading.Barrier(len(calls))

    def run(call):
        barrier.wait()
        return call()

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(run, calls))


def _candidate(ident):
    household = create_household(ident)
    record_income(ident, household["id"], 2017, "6000.00")
    return household


def test_the_same_step_is_taken_once_when_cadres_act_at_once(ident):
    household = _candidate(ident)
    proc = start(ident, household["id"], "identification", date(2018, 3, 1), year=2017)
    auth = {**headers(ident, "village"), "If-Match": f'"{proc["version"]}"'}
    body = {"step": "survey", "on": "2018-03-02", "documents": ["入户调查表"]}
    url = f"/api/v1/procedures/{proc['id']}/steps"
    responses = _together([lambda: ident.client.post(url, json=body, headers=auth)] * THREADS)
    assert sorted(r.status_code for r in responses) == [200] + [412] * (THREADS - 1)
    steps = read(ident, proc["id"])["steps"]
    assert [s["step"] for s in steps] == ["application", "survey"]


def test_concurrent_starts_open_one_procedure(ident):
    household = _candidate(ident)
    url = f"/api/v1/households/{household['id']}/procedures"
    body = {"kind": "identification", "on": "2018-03-01", "year": 2017, "documents": ["申请书"]}
    auth = headers(ident, "village")
    responses = _together([lambda: ident.client.post(url, json=body, headers=auth)] * THREADS)
    assert sorted(r.status_code for r in responses) == [201] + [409] * (THREADS - 1)
    assert {r.json()["code"] for r in responses if r.status_code == 409} == {"procedure_already_open"}
    with ident.db.transaction(write=False) as s:
        count = s.execute(select(func.count()).select_from(Procedure)
                          .where(Procedure.household_id == uuid.UUID(household["id"]))).scalar_one()
    assert count == 1


def test_an_objection_is_resolved_once(ident):
    household = _candidate(ident)
    proc = start(ident, household["id"], "identification", date(2018, 3, 1), year=2017)
    walk(ident, proc["id"], [("survey", date(2018, 3, 2)), ("appraisal", date(2018, 3, 3)),
                             ("notice", date(2018, 3, 4))])
    objection = ident.client.post(f"/api/v1/procedures/{proc['id']}/objections",
                                  json={"on": "2018-03-05", "content": "有异议"},
                                  headers=headers(ident, "village")).json()
    url = f"/api/v1/objections/{objection['id']}/resolution"
    upheld = {"outcome": "upheld", "on": "2018-03-06", "resolution": "成立"}
    dismissed = {"outcome": "dismissed", "on": "2018-03-06", "resolution": "不成立"}
    auth = headers(ident, "town")
    calls = [lambda b=b: ident.client.post(url, json=b, headers=auth)
             for b in [upheld, dismissed] * (THREADS // 2)]
    responses = _together(calls)
    assert sorted(r.status_code for r in responses) == [200] + [409] * (THREADS - 1)
    winner = next(r.json() for r in responses if r.status_code == 200)
    final = read(ident, proc["id"])
    assert final["state"] == ("refused" if winner["state"] == "upheld" else "open")
    assert [o["state"] for o in final["objections"]] == [winner["state"]]
