"""Tracking audits and spot checks: a sample anyone can redraw, findings, rectification to closure."""

from __future__ import annotations

import hashlib
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from threading import Barrier

import pytest

from services.funds import clock
from services.funds.audits.errors import RectificationOutOfOrder
from services.funds.audits.rules import draw, draw_key, next_status, overdue, population_digest
from tests.funds.money_flow import housing_project, pay_payee
from tests.funds.support import county

AUDITS, FINDINGS = "/api/v1/audits", "/api/v1/findings"


def _city(funds, subject: str | None = None):
    return {"Authorization": f"Bearer {funds.token('city_official', '4418', subject=subject)}"}


def _payments(funds, register, count: int = 6) -> str:
    project_id = housing_project(funds, [register.household()])
    for i in range(count):
        assert pay_payee(funds, project_id, "1000.00", f"{project_id}-{i}").status_code == 201
    return project_id


def _audit(funds, **changes):
    body = {
        "kind": "spot_check",
        "subject": "payments",
        "title": "2019年扶贫资金专项抽查",
        "region_code": "4418",
        "year": 2019,
        "sample_size": 3,
        "seed": "2019-qingyuan-spot-check",
    }
    return funds.client.post(AUDITS, json=body | changes, headers=_city(funds))


def _population(funds, audit_id: str) -> list[str]:
    ids, cursor = [], None
    while True:
        params = {"limit": 4} | ({"cursor": cursor} if cursor else {})
        page = funds.client.get(
            f"{AUDITS}/{audit_id}/population", params=params, headers=county(funds)
        ).json()
        ids += [i["item_id"] for i in page["items"]]
        if not (cursor := page["next_cursor"]):
            return ids


def _finding(funds, audit, **changes):
    body = {
        "item_id": audit["sample"][0]["item_id"],
        "description": "拨付凭证缺少乡镇核验签字",
        "owner": "连州市财政局",
        "deadline": "2019-09-30",
    }
    return funds.client.post(f"{AUDITS}/{audit['id']}/findings", json=body | changes, headers=_city(funds))


def test_a_spot_check_from_its_sample_through_a_finding_to_a_closed_rectification(
    funds, register, monkeypatch
):
    monkeypatch.setattr(clock, "today", lambda: date(2019, 6, 1))
    _payments(funds, register)
    assert _audit(funds, region_code="441882").json()["drawn_by"] == "city_official-4418"
    by_county = funds.client.post(
        AUDITS,
        json={
            "kind": "tracking_audit",
            "subject": "projects",
            "title": "t",
            "region_code": "441882",
            "year": 2019,
            "sample_size": 1,
        },
        headers=county(funds),
    )
    assert (by_county.status_code, by_county.json()["code"]) == (403, "step_level_mismatch")
    r = _audit(funds)
    assert r.status_code == 201, r.text
    audit = r.json()
    assert (audit["population_size"], len(audit["sample"]), audit["algorithm"]) == (6, 3, "sha256-rank-v1")

    # Anyone redraws it from the published seed and population with hashlib alone.
    population = _population(funds, audit["id"])
    assert hashlib.sha256("\n".join(sorted(population)).encode()).hexdigest() == audit["population_digest"]
    ranked = sorted(population, key=lambda i: hashlib.sha256(f"{audit['seed']}:{i}".encode()).hexdigest())
    assert [s["item_id"] for s in audit["sample"]] == ranked[:3]
    assert [s["item_id"] for s in audit["sample"]] == [i for i, _ in draw(audit["seed"], population, 3)]
    assert population_digest(population) == audit["population_digest"]
    redrawn = funds.client.get(f"{AUDITS}/{audit['id']}/redraw", headers=county(funds)).json()
    assert (redrawn["sample_matches"], redrawn["digest_matches"]) == (True, True)
    assert redrawn["sample"] == ranked[:3]

    not_sampled = _finding(funds, audit, item_id=ranked[5])
    assert (not_sampled.status_code, not_sampled.json()["errors"][0]["field"]) == (422, "item_id")
    past = _finding(funds, audit, deadline="2019-05-31")
    assert (past.status_code, past.json()["errors"][0]["field"]) == (422, "deadline")
    r = _finding(funds, audit)
    assert r.status_code == 201, r.text
    finding = r.json()
    assert (finding["status"], finding["overdue"], finding["county_code"]) == ("open", False, "441882000000")
    url = f"{FINDINGS}/{finding['id']}"
    early_close = funds.client.post(f"{url}/closure", json={"note": "销号"}, headers=_city(funds))
    assert (early_close.status_code, early_close.json()["code"]) == (409, "rectification_out_of_order")
    by_city = funds.client.post(f"{url}/report", json={"report": "已整改"}, headers=_city(funds))
    assert (by_city.status_code, by_city.json()["code"]) == (403, "step_level_mismatch")
    other_county = funds.client.post(
        f"{url}/report", json={"report": "已整改"}, headers=funds.headers("county_official", "441881")
    )
    assert other_county.status_code == 404

    monkeypatch.setattr(clock, "today", lambda: date(2019, 10, 8))
    overdue = funds.client.get(FINDINGS, params={"overdue": "true"}, headers=county(funds)).json()["items"]
    assert [(f["id"], f["overdue"]) for f in overdue] == [(finding["id"], True)]
    reported = funds.client.post(f"{url}/report", json={"report": "已补齐签字"}, headers=county(funds))
    assert (reported.status_code, reported.json()["status"], reported.json()["overdue"]) == (
        200,
        "reported",
        False,
    )
    rejected = funds.client.post(
        f"{url}/verification", json={"accepted": False, "note": "签字仍不全"}, headers=_city(funds)
    )
    assert rejected.json()["status"] == "open"
    funds.client.post(f"{url}/report", json={"report": "已全部补齐"}, headers=county(funds))
    accepted = funds.client.post(
        f"{url}/verification",
        json={"accepted": True, "note": "核查属实"},
        headers=_city(funds, "city-auditor-2"),
    )
    assert (accepted.json()["status"], accepted.json()["verified_by"]) == ("verified", "city-auditor-2")
    closed = funds.client.post(f"{url}/closure", json={"note": "整改到位，予以销号"}, headers=_city(funds))
    assert (closed.status_code, closed.json()["status"], closed.json()["closed_by"]) == (
        200,
        "closed",
        "city_official-4418",
    )
    again = funds.client.post(f"{url}/report", json={"report": "x"}, headers=county(funds))
    assert (again.status_code, again.json()["code"]) == (409, "rectification_out_of_order")

    feed = [
        e["type"]
        for e in funds.client.get(
            "/api/v1/events", params={"limit": 500}, headers=funds.headers("province_official", "44")
        ).json()["items"]
    ]
    for kind, times in (
        ("audit.drawn", 2),
        ("finding.recorded", 1),
        ("rectification.reported", 2),
        ("rectification.verified", 2),
        ("rectification.closed", 1),
    ):
        assert feed.count(kind) == times, kind


def test_the_reporter_never_verifies(funds, register, monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: date(2019, 6, 1))
    _payments(funds, register, 2)
    audit = _audit(funds, sample_size=1).json()
    finding = _finding(funds, audit).json()
    both = funds.token("county_official", "441882", subject="one-person")
    # One official holding a county and a city role would report and verify alike: the rule refuses.
    funds.client.post(
        f"{FINDINGS}/{finding['id']}/report",
        json={"report": "已整改"},
        headers={"Authorization": f"Bearer {both}"},
    )
    same = funds.client.post(
        f"{FINDINGS}/{finding['id']}/verification",
        json={"accepted": True, "note": "好"},
        headers=_city(funds, "one-person"),
    )
    assert (same.status_code, same.json()["code"]) == (403, "verifier_is_reporter")


def test_a_population_is_frozen_and_bad_draws_are_refused(funds, register, monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: date(2019, 6, 1))
    _payments(funds, register, 2)
    too_many = _audit(funds, sample_size=3)
    assert (too_many.status_code, too_many.json()["errors"][0]["field"]) == (422, "sample_size")
    empty = _audit(funds, year=2018)
    assert (empty.status_code, empty.json()["errors"][0]["field"]) == (422, "region_code")
    outside = _audit(funds, region_code="4419")
    assert (outside.status_code, outside.json()["code"]) == (403, "step_region_mismatch")
    generated = _audit(funds, seed=None, subject="projects", sample_size=1).json()
    assert len(generated["seed"]) == 32 and generated["population_size"] == 1
    audit = _audit(funds, sample_size=2).json()
    _payments(funds, register, 3)  # later payments stay outside the frozen population
    redrawn = funds.client.get(f"{AUDITS}/{audit['id']}/redraw", headers=county(funds)).json()
    assert (len(_population(funds, audit["id"])), redrawn["sample_matches"]) == (2, True)


def test_two_verifications_at_once_verify_once(funds, register, monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: date(2019, 6, 1))
    _payments(funds, register, 2)
    audit = _audit(funds, sample_size=1).json()
    finding = _finding(funds, audit).json()
    funds.client.post(f"{FINDINGS}/{finding['id']}/report", json={"report": "已整改"}, headers=county(funds))
    barrier = Barrier(6)

    def verify(i: int):
        barrier.wait()
        return funds.client.post(
            f"{FINDINGS}/{finding['id']}/verification",
            json={"accepted": i % 2 == 0, "note": f"核验{i}"},
            headers=_city(funds, f"auditor-{i}"),
        )

    with ThreadPoolExecutor(max_workers=6) as pool:
        answers = list(pool.map(verify, range(6)))
    codes = sorted(r.json().get("code", "ok") if r.status_code != 200 else "ok" for r in answers)
    assert codes.count("ok") == 1 and set(codes) <= {"ok", "rectification_out_of_order", "conflict"}, codes
    events = [
        e
        for e in funds.client.get(
            "/api/v1/events", params={"limit": 500}, headers=funds.headers("province_official", "44")
        ).json()["items"]
        if e["type"] == "rectification.verified"
    ]
    assert len(events) == 1


def test_the_draw_depends_on_the_seed_and_population_only():
    population = [f"00000000-0000-4000-8000-{i:012d}" for i in range(40)]
    drawn = draw("s-1", population, 5)
    assert drawn == draw("s-1", list(reversed(population)), 5)  # the order ids arrive in does not matter
    assert [i for i, _ in drawn] == sorted(population, key=lambda i: draw_key("s-1", i))[:5]
    assert [i for i, _ in draw("s-2", population, 5)] != [i for i, _ in drawn]
    assert draw("s-1", population, 40)[:5] == drawn  # a larger sample extends the smaller one
    assert population_digest(reversed(population)) == population_digest(population)


def test_rectification_steps_go_in_order_and_overdue_means_still_open_after_the_deadline():
    assert next_status("open", "report") == "reported"
    assert next_status("reported", "reject") == "open"
    assert next_status("reported", "accept") == "verified"
    assert next_status("verified", "close") == "closed"
    for status, step in (("open", "accept"), ("open", "close"), ("reported", "close"), ("closed", "report")):
        with pytest.raises(RectificationOutOfOrder):
            next_status(status, step)
    deadline = date(2019, 9, 30)
    assert not overdue("open", deadline, deadline)
    assert overdue("open", deadline, date(2019, 10, 1))
    assert not overdue("reported", deadline, date(2019, 10, 1))
