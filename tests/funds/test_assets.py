"""Asset-income projects over HTTP: shares for beneficiaries, one exact split a year, the disabled first."""

from __future__ import annotations

from tests.funds.money_flow import PROJECTS, walk
from tests.funds.support import county, project_body

RISK = {"technical": "low", "market": "medium", "measures": "与电网签订购电协议"}


def _solar(funds, households):
    body = project_body(name="光伏扶贫电站", project_type="asset_income", risk=RISK,
                        beneficiaries=[{"household_id": h} for h in households])
    created = funds.client.post(PROJECTS, json=body, headers=county(funds))
    assert created.status_code == 201, created.text
    return created.json()["id"], created.headers["ETag"]


def test_a_year_is_split_as_guarantee_plus_dividend_exactly_and_once(funds, register):
    plain, disabled, removed = register.household(), register.household(disabled=True), register.household()
    project_id, etag = _solar(funds, [plain, disabled, removed])
    holdings = [{"household_id": plain, "shares": 3}, {"household_id": disabled, "shares": 1},
                {"household_id": removed, "shares": 2}]
    r = funds.client.put(f"{PROJECTS}/{project_id}/shares", json={"holdings": holdings},
                         headers=county(funds))
    assert r.status_code == 200, r.text
    too_soon = funds.client.post(f"{PROJECTS}/{project_id}/distributions",
                                 json={"year": 2019, "total": "1000.00", "guaranteed": "100.00"},
                                 headers=county(funds))
    assert (too_soon.status_code, too_soon.json()["code"]) == (409, "money_not_open")
    walk(funds, project_id, etag, ["appraise", "admit", "plan", "start"])
    register.change_status(removed, "removed")
    r = funds.client.post(f"{PROJECTS}/{project_id}/distributions",
                          json={"year": 2019, "total": "1000.01", "guaranteed": "100.00"},
                          headers=county(funds))
    assert r.status_code == 201, r.text
    result = r.json()
    lines = {line["household_id"]: line for line in result["lines"]}
    assert set(lines) == {plain, disabled} and result["excluded_household_ids"] == [removed]
    assert (lines[plain]["guaranteed"], lines[plain]["dividend"], lines[plain]["total"]) == (
        "100.00", "600.01", "700.01")
    assert (lines[disabled]["dividend"], lines[disabled]["disabled_member"]) == ("200.00", True)
    again = funds.client.post(f"{PROJECTS}/{project_id}/distributions",
                              json={"year": 2019, "total": "5.00", "guaranteed": "0.00"},
                              headers=county(funds))
    assert (again.status_code, again.json()["code"]) == (409, "already_distributed")
    short = funds.client.post(f"{PROJECTS}/{project_id}/distributions",
                              json={"year": 2020, "total": "150.00", "guaranteed": "100.00"},
                              headers=county(funds)).json()
    parts = {line["household_id"]: line["total"] for line in short["lines"]}
    assert short["short"] and parts == {disabled: "100.00", plain: "50.00"}
    listed = funds.client.get(f"{PROJECTS}/{project_id}/distributions", headers=county(funds)).json()
    assert [d["year"] for d in listed] == [2019, 2020]
    feed = funds.client.get("/api/v1/events", params={"limit": 200}, headers=county(funds)).json()
    assert [e["type"] for e in feed["items"]].count("dividends.distributed") == 2


def test_shares_belong_to_asset_income_projects_and_their_beneficiaries(funds, register):
    household = register.household()
    road = funds.client.post(PROJECTS, json=project_body(beneficiaries=[{"household_id": household}]),
                             headers=county(funds)).json()
    r = funds.client.put(f"{PROJECTS}/{road['id']}/shares",
                         json={"holdings": [{"household_id": household, "shares": 1}]}, headers=county(funds))
    assert (r.status_code, r.json()["code"]) == (409, "not_asset_income")
    project_id, _ = _solar(funds, [household])
    stranger = register.household()
    cases = [({"holdings": [{"household_id": stranger, "shares": 1}]}, "holdings[0].household_id"),
             ({"holdings": [{"household_id": household, "shares": 0}]}, "holdings[0].shares"),
             ({"holdings": [{"household_id": household, "shares": 1},
                            {"household_id": household, "shares": 2}]}, "holdings"),
             ({"holdings": []}, "holdings")]
    for body, field in cases:
        r = funds.client.put(f"{PROJECTS}/{project_id}/shares", json=body, headers=county(funds))
        assert r.status_code == 422 and field in [e["field"] for e in r.json()["errors"]], (body, r.text)
    bad = funds.client.post(f"{PROJECTS}/{project_id}/distributions",
                            json={"year": 2019, "total": "10.001", "guaranteed": "-1"}, headers=county(funds))
    assert {e["field"] for e in bad.json()["errors"]} == {"total", "guaranteed"}
