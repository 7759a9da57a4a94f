"""Helpers of the money tests: a housing project walked to implementation, with its plan and accounts."""

from __future__ import annotations

from typing import Any

from tests.funds.support import county, project_body, publish_notice

PROJECTS = "/api/v1/projects"
TO_IMPLEMENTING = ["appraise", "admit", "plan", "start"]
ACCOUNT = "6228480088886666123"


def walk(funds: Any, project_id: str, etag: str, steps: list[str]) -> str:
    """Take steps in order as the county; return the last ETag."""
    for name in steps:
        r = funds.client.post(f"{PROJECTS}/{project_id}/steps", json={"step": name, "reason": "依程序办理"},
                              headers=county(funds, **{"If-Match": etag}))
        assert r.status_code == 200, r.text
        etag = r.headers["ETag"]
    return etag


def housing_project(funds: Any, households: list[str], subsidy: str = "20000.00",
                    shares: tuple[str, ...] = ("30", "40", "30"), allocate: str | None = "300000.00",
                    steps: list[str] = TO_IMPLEMENTING, notice: bool = True) -> str:
    """Propose a housing project, set its plan and accounts, walk it, post its notice, allocate money."""
    body = project_body(beneficiaries=[{"household_id": h} for h in households])
    r = funds.client.post(PROJECTS, json=body, headers=county(funds))
    assert r.status_code == 201, r.text
    project_id, etag = r.json()["id"], r.headers["ETag"]
    names = ["开工", "封顶", "竣工验收", "入住"]
    plan = {"stages": [{"name": names[i], "share": s} for i, s in enumerate(shares)]}
    r = funds.client.put(f"{PROJECTS}/{project_id}/payment-plan", json=plan, headers=county(funds))
    assert r.status_code == 200, r.text
    for household in households:
        r = funds.client.put(f"{PROJECTS}/{project_id}/beneficiaries/{household}",
                             json={"subsidy": subsidy, "account": ACCOUNT}, headers=county(funds))
        assert r.status_code == 200, r.text
    walk(funds, project_id, etag, steps)
    if notice and "plan" in steps:  # its plan notice ran 1–10 February 2019, with no objection
        publish_notice(funds, project_id)
    if allocate:
        r = funds.client.post(f"{PROJECTS}/{project_id}/allocations", json={
            "source": "provincial", "amount": allocate, "document_no": "粤财农〔2019〕1号",
            "allocated_on": "2019-03-10"}, headers=county(funds))
        assert r.status_code == 201, r.text
    return project_id


def progress(funds: Any, project_id: str, household: str, stage: int, verify: bool = True) -> dict:
    """Record a stage's progress as the town, and verify it as the county."""
    r = funds.client.post(f"{PROJECTS}/{project_id}/progress", json={
        "household_id": household, "stage_no": stage, "reached_on": "2019-05-01", "note": "现场核查并拍照"},
        headers=funds.headers("town_official", "441882100"))
    assert r.status_code == 201, r.text
    if verify:
        r = funds.client.post(f"{PROJECTS}/{project_id}/progress/{r.json()['id']}/verify",
                              headers=county(funds))
        assert r.status_code == 200, r.text
    return r.json()


def pay_stage(funds: Any, project_id: str, household: str, stage: int, key: str,
              headers: dict[str, str] | None = None) -> Any:
    """Pay a household's stage under an Idempotency-Key."""
    return funds.client.post(f"{PROJECTS}/{project_id}/payments", json={
        "source": "provincial", "paid_on": "2019-05-02", "household_id": household, "stage_no": stage},
        headers=headers or county(funds, **{"Idempotency-Key": key}))


def pay_payee(funds: Any, project_id: str, amount: str, key: str, source: str = "provincial") -> Any:
    """Pay an amount to a contractor under an Idempotency-Key."""
    return funds.client.post(f"{PROJECTS}/{project_id}/payments", json={
        "source": source, "paid_on": "2019-05-02", "payee": "连州市建安工程有限公司", "amount": amount},
        headers=county(funds, **{"Idempotency-Key": key}))


def funds_of(funds: Any, project_id: str) -> dict[str, tuple[str, str, str]]:
    """Budget, allocated and disbursed per source."""
    project = funds.client.get(f"{PROJECTS}/{project_id}", headers=county(funds)).json()
    return {f["source"]: (f["budget"], f["allocated"], f["disbursed"]) for f in project["funds"]}
