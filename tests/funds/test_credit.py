"""Micro-credit: loans to registered households, renewal without repaying principal, and the §32 flags."""

from __future__ import annotations

from datetime import date

from services.funds import clock
from tests.funds.support import county

LOANS = "/api/v1/loans"
HEAD, SPOUSE, STRANGER = "441882197805123415", "441882198003153422", "441882199001011230"


def _loan(funds, household, borrower=HEAD, **changes):
    body = {"household_id": household, "borrower_id_number": borrower, "lender": "连州农商银行",
            "purpose": "breeding", "amount": "50000.00", "term_months": 36, "issued_on": "2018-05-31"}
    return funds.client.post(LOANS, json=body | changes, headers=county(funds))


def test_a_loan_is_renewed_without_repaying_principal_and_misuse_and_overdue_are_flagged(funds, register,
                                                                                       monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: date(2018, 6, 1))
    household = register.household(id_numbers=(HEAD, SPOUSE))
    r = _loan(funds, household)
    assert r.status_code == 201, r.text
    loan = r.json()
    assert (loan["due_on"], loan["borrower_id_number"], loan["flags"]) == ("2021-05-31", "44" + "*" * 16, [])
    used = funds.client.post(f"{LOANS}/{loan['id']}/use", json={"actual_use": "consumption"},
                             headers=county(funds))
    assert used.json()["flags"] == ["use_mismatch"]
    monkeypatch.setattr(clock, "today", lambda: date(2021, 6, 1))
    assert funds.client.get(f"{LOANS}/{loan['id']}", headers=county(funds)).json()["flags"] == [
        "use_mismatch", "overdue"]
    renewal = {"renewed_on": "2021-05-30", "term_months": 12}
    renewed = funds.client.post(f"{LOANS}/{loan['id']}/renewal", json=renewal, headers=county(funds))
    assert renewed.status_code == 201, renewed.text
    assert (renewed.json()["amount"], renewed.json()["renews_id"], renewed.json()["due_on"]) == (
        "50000.00", loan["id"], "2022-05-30")
    old = funds.client.get(f"{LOANS}/{loan['id']}", headers=county(funds)).json()
    assert (old["status"], old["flags"]) == ("renewed", ["use_mismatch"])
    again = funds.client.post(f"{LOANS}/{loan['id']}/renewal", json=renewal, headers=county(funds))
    assert (again.status_code, again.json()["code"]) == (409, "loan_closed")
    repaid = funds.client.post(f"{LOANS}/{renewed.json()['id']}/repayment", json={"repaid_on": "2022-05-01"},
                               headers=county(funds))
    assert repaid.json()["status"] == "repaid"
    unmasked = funds.client.get(f"{LOANS}/{loan['id']}", headers=funds.headers("county_official", "441882",
                                                                              ["pii:read"])).json()
    assert unmasked["borrower_id_number"] == HEAD
    feed = funds.client.get("/api/v1/events", params={"limit": 200}, headers=county(funds)).text
    assert "loan.recorded" in feed and "loan.changed" in feed and HEAD not in feed


def test_borrowing_in_another_name_is_flagged(funds, register, monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: date(2018, 6, 1))
    first = register.household(id_numbers=(HEAD,))
    second = register.household(id_numbers=(SPOUSE,))
    own = _loan(funds, first).json()
    assert own["flags"] == []
    stranger = _loan(funds, second, borrower=STRANGER).json()
    assert stranger["flags"] == ["borrower_not_member"]
    in_two = _loan(funds, second, borrower=HEAD).json()
    assert in_two["flags"] == ["borrower_not_member", "several_households"]
    assert funds.client.get(f"{LOANS}/{own['id']}", headers=county(funds)).json()["flags"] == [
        "several_households"]
    flagged = funds.client.get(LOANS, params={"flag": "several_households"}, headers=county(funds)).json()
    assert {item["id"] for item in flagged["items"]} == {own["id"], in_two["id"]}


def test_loans_go_to_registered_households_only(funds, register):
    cases = {"removed": register.household("removed", id_numbers=(HEAD,)),
             "candidate": register.household("candidate", id_numbers=(HEAD,)),
             "unknown": "0b7c3f6e-2f7a-4c55-9d5a-6f1de0a0c001"}
    for case, household in cases.items():
        r = _loan(funds, household)
        assert (r.status_code, r.json()["code"], r.json()["errors"][0]["field"]) == (
            422, "household_not_eligible", "household_id"), case
        assert r.json()["rule"] == "funds.credit.registered_households"
    active = register.household(id_numbers=(HEAD,))
    loan = _loan(funds, active).json()
    register.change_status(active, "removed")
    r = funds.client.post(f"{LOANS}/{loan['id']}/renewal", json={"renewed_on": "2021-05-30",
                                                                  "term_months": 12}, headers=county(funds))
    assert (r.status_code, r.json()["code"]) == (422, "household_not_eligible")
    bad = [({"amount": "0.00"}, "amount"), ({"amount": "10.001"}, "amount"),
           ({"term_months": 0}, "term_months"),
           ({"borrower_id_number": "441882197805123416"}, "borrower_id_number"),
           ({"issued_on": "2999-01-01"}, "issued_on"), ({"purpose": "gambling"}, "purpose")]
    for changes, field in bad:
        r = _loan(funds, active, **changes)
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == field, (changes, r.text)
    other_county = funds.client.get(f"{LOANS}/{loan['id']}",
                                    headers=funds.headers("county_official", "441881"))
    assert other_county.status_code == 404
