"""Requests at the same moment never pass a limit or pay twice (run on SQLite and PostgreSQL)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

from tests.funds.money_flow import PROJECTS, funds_of, housing_project, pay_payee, pay_stage, progress
from tests.funds.support import county

THREADS = 8


def _at_once(call, count: int = THREADS) -> list:
    barrier = Barrier(count)

    def run(i: int):
        barrier.wait()
        return call(i)

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(run, range(count)))


def test_concurrent_payments_never_pass_the_allocation(funds, register):
    project_id = housing_project(funds, [register.household()], allocate="1000.00")
    answers = _at_once(lambda i: pay_payee(funds, project_id, "300.00", f"race-{i}"))
    statuses = sorted(r.status_code for r in answers)
    assert statuses.count(201) == 3, [r.text for r in answers if r.status_code not in (201, 409)]
    assert set(statuses) == {201, 409}
    assert funds_of(funds, project_id)["provincial"][1:] == ("1000.00", "900.00")
    payments = funds.client.get(f"{PROJECTS}/{project_id}/payments", headers=county(funds)).json()
    assert len(payments) == 3


def test_concurrent_allocations_never_pass_the_budget(funds, register):
    project_id = housing_project(funds, [register.household()], allocate=None)

    def allocate(i: int):
        return funds.client.post(f"{PROJECTS}/{project_id}/allocations", json={
            "source": "county", "amount": "30000.00", "document_no": f"连财〔2019〕{i}号",
            "allocated_on": "2019-03-11"}, headers=county(funds))

    answers = _at_once(allocate)
    assert sorted(r.status_code for r in answers).count(201) == 3
    assert funds_of(funds, project_id)["county"] == ("100000.00", "90000.00", "0.00")


def test_one_stage_sent_at_once_under_different_keys_is_paid_once(funds, register):
    household = register.household()
    project_id = housing_project(funds, [household])
    progress(funds, project_id, household, 2)
    answers = _at_once(lambda i: pay_stage(funds, project_id, household, 2, f"stage-{i}"))
    codes = sorted(r.json().get("code", "paid") if r.status_code != 201 else "paid" for r in answers)
    assert codes.count("paid") == 1 and set(codes) == {"paid", "stage_already_paid"}, codes
    assert funds_of(funds, project_id)["provincial"][2] == "8000.00"


def test_one_request_retried_at_once_under_one_key_pays_once(funds, register):
    household = register.household()
    project_id = housing_project(funds, [household])
    progress(funds, project_id, household, 1)
    answers = _at_once(lambda i: pay_stage(funds, project_id, household, 1, "same-key"))
    assert {r.status_code for r in answers} <= {201, 409}
    paid_ids = {r.json()["id"] for r in answers if r.status_code == 201}
    assert len(paid_ids) == 1
    assert len(funds.client.get(f"{PROJECTS}/{project_id}/payments", headers=county(funds)).json()) == 1
    assert funds_of(funds, project_id)["provincial"][2] == "6000.00"
