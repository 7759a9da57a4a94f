"""Money: allocations within budget; stages paid once, after verified progress, never to the removed."""

from __future__ import annotations

from tests.funds.money_flow import (
    ACCOUNT,
    PROJECTS,
    funds_of,
    housing_project,
    pay_payee,
    pay_stage,
    progress,
)
from tests.funds.support import county


def test_a_stage_is_paid_after_verified_progress_into_the_account_once(funds, register):
    household = register.household()
    project_id = housing_project(funds, [household])
    r = pay_stage(funds, project_id, household, 1, "p-1")
    assert (r.status_code, r.json()["code"], r.json()["rule"]) == (
        409, "progress_not_verified", "funds.money.staged_by_progress")
    recorded = progress(funds, project_id, household, 1, verify=False)
    r = pay_stage(funds, project_id, household, 1, "p-1")
    assert r.json()["code"] == "progress_not_verified"
    same = funds.client.post(f"{PROJECTS}/{project_id}/progress/{recorded['id']}/verify",
                             headers=funds.headers("town_official", "441882100"))
    assert (same.status_code, same.json()["code"]) == (403, "verifier_is_recorder")
    other_town = funds.client.post(f"{PROJECTS}/{project_id}/progress/{recorded['id']}/verify",
                                   headers=funds.headers("town_official", "441882101"))
    assert other_town.status_code == 404  # another town does not see the project
    verified = funds.client.post(f"{PROJECTS}/{project_id}/progress/{recorded['id']}/verify",
                                 headers=county(funds))
    assert verified.json()["verified_by"] == "county_official-441882"
    no_key = funds.client.post(f"{PROJECTS}/{project_id}/payments", json={
        "source": "provincial", "paid_on": "2019-05-02", "household_id": household, "stage_no": 1},
        headers=county(funds))
    assert (no_key.status_code, no_key.json()["code"]) == (428, "idempotency_key_required")
    paid = pay_stage(funds, project_id, household, 1, "p-1")
    assert paid.status_code == 201, paid.text
    assert (paid.json()["amount"], paid.json()["account"]) == ("6000.00", "*" * 15 + ACCOUNT[-4:])
    replay = pay_stage(funds, project_id, household, 1, "p-1")
    assert (replay.status_code, replay.headers.get("idempotent-replayed")) == (201, "true")
    assert replay.json()["id"] == paid.json()["id"]
    twice = pay_stage(funds, project_id, household, 1, "p-2")
    assert (twice.status_code, twice.json()["code"]) == (409, "stage_already_paid")
    payments = funds.client.get(f"{PROJECTS}/{project_id}/payments", headers=county(funds)).json()
    assert [(p["stage_no"], p["amount"]) for p in payments] == [(1, "6000.00")]
    assert funds_of(funds, project_id)["provincial"] == ("300000.00", "300000.00", "6000.00")
    unmasked = funds.client.get(f"{PROJECTS}/{project_id}/payments",
                                headers=funds.headers("county_official", "441882", ["pii:read"])).json()
    assert unmasked[0]["account"] == ACCOUNT
    feed = funds.client.get("/api/v1/events", params={"limit": 100}, headers=county(funds)).json()
    types = [e["type"] for e in feed["items"]]
    assert {"payment_plan.set", "beneficiary.account_set", "funds.allocated", "progress.recorded",
            "progress.verified"} <= set(types) and types.count("payment.made") == 1
    assert ACCOUNT[-7:] not in str(feed)


def test_the_stages_add_up_to_the_subsidy_to_the_fen(funds, register):
    household = register.household()
    project_id = housing_project(funds, [household], subsidy="10000.01", shares=("33.33", "33.33", "33.34"))
    amounts = []
    for stage in (3, 1, 2):
        progress(funds, project_id, household, stage)
        r = pay_stage(funds, project_id, household, stage, f"s-{stage}")
        assert r.status_code == 201, r.text
        amounts.append(r.json()["amount"])
    assert amounts == ["3334.01", "3333.00", "3333.00"]
    assert funds_of(funds, project_id)["provincial"][2] == "10000.01"


def test_nothing_is_paid_to_a_household_the_register_shows_removed(funds, register):
    household = register.household()
    project_id = housing_project(funds, [household])
    progress(funds, project_id, household, 1)
    register.change_status(household, "removed")
    r = pay_stage(funds, project_id, household, 1, "removed-1")
    assert (r.status_code, r.json()["code"]) == (409, "household_removed")
    assert r.json()["rule"] == "funds.money.no_payment_to_removed"
    assert funds.client.get(f"{PROJECTS}/{project_id}/payments", headers=county(funds)).json() == []


def test_allocations_stay_within_budget_and_payments_within_allocations(funds, register):
    project_id = housing_project(funds, [register.household()], allocate="100000.00")
    url = f"{PROJECTS}/{project_id}/allocations"
    over = funds.client.post(url, json={"source": "provincial", "amount": "200000.01", "document_no": "x",
                                        "allocated_on": "2019-03-11"}, headers=county(funds))
    assert (over.status_code, over.json()["code"], over.json()["errors"][0]["field"]) == (
        409, "over_budget", "amount")
    none = funds.client.post(url, json={"source": "central", "amount": "1.00", "document_no": "x",
                                        "allocated_on": "2019-03-11"}, headers=county(funds))
    assert (none.status_code, none.json()["code"]) == (422, "source_not_budgeted")
    exact = funds.client.post(url, json={"source": "provincial", "amount": "200000.00", "document_no": "x",
                                         "allocated_on": "2019-03-11"},
                             headers=funds.headers("city_official", "4418"))
    assert exact.status_code == 201, exact.text
    assert pay_payee(funds, project_id, "299999.99", "c-1").status_code == 201
    over_paid = pay_payee(funds, project_id, "0.02", "c-2")
    assert (over_paid.status_code, over_paid.json()["code"]) == (409, "over_allocated")
    county_money = pay_payee(funds, project_id, "1.00", "c-3", source="county")
    assert county_money.json()["code"] == "over_allocated"
    assert funds_of(funds, project_id) == {"provincial": ("300000.00", "300000.00", "299999.99"),
                                           "county": ("100000.00", "0.00", "0.00")}
    lowered = funds.client.patch(f"{PROJECTS}/{project_id}", json={
        "reason": "压减预算", "budget": [{"source": "provincial", "amount": "299999.00"}]},
        headers=county(funds, **{"If-Match": funds.client.get(f"{PROJECTS}/{project_id}",
                                                               headers=county(funds)).headers["ETag"]}))
    assert (lowered.status_code, lowered.json()["code"]) == (409, "budget_below_allocated")


def test_money_waits_for_its_state_and_bad_bodies_name_the_field(funds, register):
    household = register.household()
    project_id = housing_project(funds, [household], allocate=None, steps=["appraise", "admit"])
    r = funds.client.post(f"{PROJECTS}/{project_id}/allocations", json={
        "source": "provincial", "amount": "1.00", "document_no": "x", "allocated_on": "2019-03-11"},
        headers=county(funds))
    assert (r.status_code, r.json()["code"]) == (409, "money_not_open")
    cases = [({"source": "provincial", "amount": "1.001", "document_no": "x", "allocated_on": "2019-03-11"},
              "amount"),
             ({"source": "provincial", "amount": "-1.00", "document_no": "x", "allocated_on": "2019-03-11"},
              "amount"),
             ({"source": "provincial", "amount": "1.00", "document_no": "x", "allocated_on": "2999-01-01"},
              "allocated_on")]
    for body, field in cases:
        r = funds.client.post(f"{PROJECTS}/{project_id}/allocations", json=body, headers=county(funds))
        assert (r.status_code, r.json()["errors"][0]["field"]) == (422, field), r.text
    over = funds.client.put(f"{PROJECTS}/{project_id}/payment-plan", json={"stages": [
        {"name": "开工", "share": "60"}, {"name": "竣工", "share": "40.01"}]}, headers=county(funds))
    assert (over.status_code, over.json()["errors"][0]["field"]) == (422, "stages")
    three = funds.client.put(f"{PROJECTS}/{project_id}/payment-plan", json={"stages": [
        {"name": "开工", "share": "33.333"}]}, headers=county(funds))
    assert (three.status_code, three.json()["errors"][0]["field"]) == (422, "stages[0].share")
    mixed = funds.client.post(f"{PROJECTS}/{project_id}/payments", json={
        "source": "provincial", "paid_on": "2019-05-02", "household_id": household, "stage_no": 1,
        "amount": "5.00"}, headers=county(funds, **{"Idempotency-Key": "m-1"}))
    assert (mixed.status_code, mixed.json()["errors"][0]["field"]) == (422, "amount")
    half = funds.client.post(f"{PROJECTS}/{project_id}/payments", json={
        "source": "provincial", "paid_on": "2019-05-02", "household_id": household},
        headers=county(funds, **{"Idempotency-Key": "m-2"}))
    assert (half.status_code, half.json()["errors"][0]["field"]) == (422, "stage_no")


def test_the_plan_is_frozen_once_progress_is_recorded_and_the_subsidy_once_paid(funds, register):
    household = register.household()
    project_id = housing_project(funds, [household])
    progress(funds, project_id, household, 1)
    r = funds.client.put(f"{PROJECTS}/{project_id}/payment-plan", json={"stages": [
        {"name": "开工", "share": "50"}, {"name": "竣工", "share": "50"}]}, headers=county(funds))
    assert (r.status_code, r.json()["code"]) == (409, "plan_frozen")
    assert pay_stage(funds, project_id, household, 1, "f-1").status_code == 201
    r = funds.client.put(f"{PROJECTS}/{project_id}/beneficiaries/{household}",
                         json={"subsidy": "30000.00", "account": ACCOUNT}, headers=county(funds))
    assert (r.status_code, r.json()["code"]) == (409, "subsidy_frozen")
    dup = funds.client.post(f"{PROJECTS}/{project_id}/progress", json={
        "household_id": household, "stage_no": 1, "reached_on": "2019-05-01", "note": "再次登记"},
        headers=funds.headers("town_official", "441882100"))
    assert (dup.status_code, dup.json()["code"]) == (409, "progress_exists")
    stranger = register.household()
    r = funds.client.post(f"{PROJECTS}/{project_id}/progress", json={
        "household_id": stranger, "stage_no": 1, "reached_on": "2019-05-01", "note": "x"},
        headers=funds.headers("town_official", "441882100"))
    assert (r.status_code, r.json()["code"]) == (422, "not_a_beneficiary")
