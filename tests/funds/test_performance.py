"""Performance management: indicators with baseline, targets and actuals by period, and scored evaluations."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from services.funds import clock
from services.funds.codes import Direction, Grade
from services.funds.performance.rules import evaluation_score, grade, period_score
from tests.funds.support import COUNTY, county, project_body

INDICATORS, EVALUATIONS = "/api/v1/performance/indicators", "/api/v1/performance/evaluations"
YEAR_2019 = {"period_start": "2019-01-01", "period_end": "2019-12-31"}


def _city(funds):
    return funds.headers("city_official", "4418")


def _indicator(funds, **changes):
    body = {
        "region_code": COUNTY,
        "name": "贫困发生率",
        "unit": "%",
        "direction": "lower",
        "baseline": "8.20",
    }
    return funds.client.post(INDICATORS, json=body | changes, headers=county(funds))


def _period(funds, indicator_id, target, **changes):
    return funds.client.post(
        f"{INDICATORS}/{indicator_id}/periods",
        json=YEAR_2019 | {"target": target} | changes,
        headers=county(funds),
    )


def _actual(funds, indicator, actual):
    period_id = indicator["periods"][0]["id"]
    return funds.client.put(
        f"{INDICATORS}/{indicator['id']}/periods/{period_id}/actual",
        json={"actual": actual},
        headers=county(funds),
    )


def test_a_county_sets_indicators_and_the_city_evaluates_them_from_stored_inputs(
    funds, register, monkeypatch
):
    monkeypatch.setattr(clock, "today", lambda: date(2020, 1, 10))
    poverty = _indicator(funds)
    assert poverty.status_code == 201, poverty.text
    assert poverty.headers["Location"] == f"{INDICATORS}/{poverty.json()['id']}"
    income = _indicator(
        funds, name="贫困户人均可支配收入", unit="元", direction="higher", baseline="4000.00"
    ).json()
    for indicator_id, target in ((poverty.json()["id"], "3.00"), (income["id"], "8000.00")):
        assert _period(funds, indicator_id, target).status_code == 201
    poverty = funds.client.get(f"{INDICATORS}/{poverty.json()['id']}", headers=county(funds)).json()
    income = funds.client.get(f"{INDICATORS}/{income['id']}", headers=county(funds)).json()
    assert _actual(funds, poverty, "2.40").json()["periods"][0]["actual"] == "2.40"
    assert _actual(funds, income, "7000.00").status_code == 200

    by_county = funds.client.post(
        EVALUATIONS, json={"region_code": COUNTY} | YEAR_2019, headers=county(funds)
    )
    assert (by_county.status_code, by_county.json()["code"]) == (403, "step_level_mismatch")
    r = funds.client.post(EVALUATIONS, json={"region_code": COUNTY} | YEAR_2019, headers=_city(funds))
    assert r.status_code == 201, r.text
    evaluation = r.json()
    assert (evaluation["score"], evaluation["grade"], evaluation["rule"]) == (
        "87.50",
        "good",
        "funds.performance.score",
    )
    assert [
        (i["name"], i["baseline"], i["target"], i["actual"], i["score"]) for i in evaluation["inputs"]
    ] == [
        ("贫困发生率", "8.20", "3.00", "2.40", "100.00"),
        ("贫困户人均可支配收入", "4000.00", "8000.00", "7000.00", "75.00"),
    ]
    # The stored inputs explain the score: recomputing from them gives it again.
    again = evaluation_score(
        [
            period_score(i["direction"], Decimal(i["baseline"]), Decimal(i["target"]), Decimal(i["actual"]))
            for i in evaluation["inputs"]
        ]
    )
    assert f"{again:.2f}" == evaluation["score"]
    assert funds.client.get(r.headers["Location"], headers=county(funds)).json() == evaluation
    listed = funds.client.get(EVALUATIONS, params={"region": "441882"}, headers=county(funds)).json()
    assert [e["id"] for e in listed["items"]] == [evaluation["id"]]
    feed = funds.client.get("/api/v1/events", params={"limit": 200}, headers=county(funds)).json()["items"]
    types = [e["type"] for e in feed]
    assert types.count("indicator.set") == 6 and types.count("evaluation.made") == 1
    audit = funds.client.get(
        "/api/v1/audit", params={"limit": 200}, headers=funds.headers("province_official", "44")
    ).json()["items"]
    assert {"indicator.define", "indicator.target", "indicator.actual", "evaluation.make"} <= {
        a["action"] for a in audit
    }


def test_a_project_has_its_own_indicators(funds, register):
    project = funds.client.post("/api/v1/projects", json=project_body(), headers=county(funds)).json()
    r = _indicator(
        funds,
        region_code=None,
        project_id=project["id"],
        name="改造户数",
        unit="户",
        direction="higher",
        baseline="0",
    )
    assert r.status_code == 201, r.text
    assert (r.json()["project_id"], r.json()["region_code"]) == (project["id"], COUNTY)
    # The same name is free for the county itself, taken for the project.
    assert _indicator(funds, name="改造户数").status_code == 201
    again = _indicator(funds, region_code=None, project_id=project["id"], name="改造户数")
    assert (again.status_code, again.json()["errors"][0]["field"]) == (409, "name")
    listed = funds.client.get(INDICATORS, params={"project_id": project["id"]}, headers=county(funds)).json()
    assert [i["id"] for i in listed["items"]] == [r.json()["id"]]


def test_bad_input_is_refused_naming_the_field(funds, register, monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: date(2019, 6, 1))
    indicator = _indicator(funds).json()
    dup = _indicator(funds)
    assert (dup.status_code, dup.json()["code"], dup.json()["errors"][0]["field"]) == (
        409,
        "indicator_exists",
        "name",
    )
    both = _indicator(funds, name="x", project_id="0b7c3f6e-2f7a-4c55-9d5a-6f1de0a0c001")
    assert both.status_code == 422
    not_county = _indicator(funds, name="y", region_code="441882100000")
    assert (not_county.status_code, not_county.json()["errors"][0]["field"]) == (422, "region_code")
    reversed_ = _period(funds, indicator["id"], "3.00", period_start="2019-12-31", period_end="2019-01-01")
    assert (reversed_.status_code, reversed_.json()["errors"][0]["field"]) == (422, "period_end")
    window = {"region_code": COUNTY, "period_start": "2019-12-31", "period_end": "2019-01-01"}
    backwards = funds.client.post(EVALUATIONS, json=window, headers=_city(funds))
    assert (backwards.status_code, backwards.json()["errors"][0]["field"]) == (422, "period_end")
    assert _period(funds, indicator["id"], "3.00").status_code == 201
    overlap = _period(funds, indicator["id"], "2.00", period_start="2019-07-01", period_end="2020-06-30")
    assert (overlap.status_code, overlap.json()["code"], overlap.json()["errors"][0]["field"]) == (
        409,
        "period_overlaps",
        "period_start",
    )
    later = _period(funds, indicator["id"], "2.00", period_start="2020-01-01", period_end="2020-12-31").json()
    future = funds.client.put(
        f"{INDICATORS}/{indicator['id']}/periods/{later['periods'][1]['id']}/actual",
        json={"actual": "2.10"},
        headers=county(funds),
    )
    assert (future.status_code, future.json()["code"], future.json()["errors"][0]["field"]) == (
        422,
        "period_not_begun",
        "actual",
    )
    too_precise = _actual(funds, later, "2.123")
    assert (too_precise.status_code, too_precise.json()["errors"][0]["field"]) == (422, "actual")
    missing = funds.client.post(EVALUATIONS, json={"region_code": COUNTY} | YEAR_2019, headers=_city(funds))
    assert (missing.status_code, missing.json()["code"]) == (422, "nothing_to_evaluate")
    assert missing.json()["errors"][0]["field"] == "indicators.贫困发生率.2019-01-01"
    empty = funds.client.post(
        EVALUATIONS,
        json={"region_code": COUNTY, "period_start": "2017-01-01", "period_end": "2017-12-31"},
        headers=_city(funds),
    )
    assert (empty.status_code, empty.json()["errors"][0]["field"]) == (422, "period_start")
    other = funds.client.post(
        INDICATORS,
        json={"region_code": "441881000000", "name": "z", "unit": "%", "direction": "lower", "baseline": "1"},
        headers=county(funds),
    )
    assert other.status_code == 404


@pytest.mark.parametrize(
    ("direction", "baseline", "target", "actual", "score"),
    [
        (Direction.HIGHER, "4000", "8000", "7000", "75.00"),
        (Direction.HIGHER, "4000", "8000", "9000", "100.00"),  # beyond the target counts as reached
        (Direction.HIGHER, "4000", "8000", "3000", "0.00"),  # worse than the baseline scores nothing
        (Direction.LOWER, "8.20", "3.00", "5.60", "50.00"),
        (Direction.LOWER, "8.20", "3.00", "8.20", "0.00"),
        (Direction.HIGHER, "100", "100", "100", "100.00"),  # a target at the baseline: held or not
        (Direction.HIGHER, "100", "100", "99.99", "0.00"),
        (Direction.LOWER, "5", "6", "6", "100.00"),  # a target worse than the baseline, reached
        (Direction.HIGHER, "0", "3", "1", "33.33"),
        (Direction.HIGHER, "0", "3", "2", "66.67"),
    ],
)
def test_a_period_scores_its_share_of_the_way_from_baseline_to_target(
    direction, baseline, target, actual, score
):
    assert f"{period_score(direction, Decimal(baseline), Decimal(target), Decimal(actual)):.2f}" == score


@pytest.mark.parametrize(
    ("score", "expected"),
    [
        ("100", Grade.EXCELLENT),
        ("90.00", Grade.EXCELLENT),
        ("89.99", Grade.GOOD),
        ("80", Grade.GOOD),
        ("79.99", Grade.FAIR),
        ("60", Grade.FAIR),
        ("59.99", Grade.POOR),
        ("0", Grade.POOR),
    ],
)
def test_grades_follow_the_floors_of_90_80_and_60(score, expected):
    assert grade(Decimal(score)) == expected


def test_the_evaluation_is_the_mean_of_rounded_period_scores_rounded_half_up():
    assert evaluation_score([Decimal("33.33"), Decimal("66.67"), Decimal("100.00")]) == Decimal("66.67")
    assert evaluation_score([Decimal("0.01"), Decimal("0.00")]) == Decimal("0.01")  # 0.005 rounds up
    with pytest.raises(ValueError):
        evaluation_score([])
