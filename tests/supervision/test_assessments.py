"""Assessments with scored indicators and third-party evaluation on a seeded sample (plan §27)."""

from __future__ import annotations

from services.supervision.assessments.rules import draw, weighted_total
from tests.supervision.register import COUNTY, POOR_VILLAGES, household, load_households
from tests.supervision.support import ADMIN

CITY = {"role": "city_official", "region": "4418"}
GUARANTEES = {
    "food_clothing": True,
    "education": True,
    "medical": True,
    "housing": True,
    "drinking_water": True,
}


def test_an_assessment_total_is_the_weighted_mean_of_its_indicators(sup):
    body = {
        "year": 2019,
        "region_code": COUNTY,
        "assessor": "清远市扶贫开发领导小组",
        "indicators": [
            {"code": "exit_accuracy", "name": "脱贫准确率", "weight": 30, "score": "92.50"},
            {"code": "visits", "name": "遍访完成率", "weight": 20, "score": "80.00"},
            {"code": "funds", "name": "资金使用", "weight": 50, "score": "71.33"},
        ],
    }
    r = sup.client.post("/api/v1/assessments", json=body, headers=sup.headers(**CITY))
    assert r.status_code == 201, r.text
    assert r.json()["total"] == "79.42"  # (30×92.50 + 20×80 + 50×71.33) / 100 = 79.415 → 79.42 half-up
    again = sup.client.post("/api/v1/assessments", json=body, headers=sup.headers(**CITY))
    assert (again.status_code, again.json()["code"], again.json()["rule"]) == (
        409,
        "already_assessed",
        "supervision.assessment.score",
    )


def test_weighted_total_rounds_half_up():
    assert weighted_total([(1, 7941), (1, 7942)]) == 7942  # 79.415
    assert weighted_total([(1, 100), (2, 0)]) == 33


def test_a_repeated_indicator_is_refused(sup):
    indicator = {"code": "visits", "name": "遍访", "weight": 10, "score": "90.00"}
    body = {"year": 2019, "region_code": COUNTY, "assessor": "市", "indicators": [indicator, indicator]}
    r = sup.client.post("/api/v1/assessments", json=body, headers=sup.headers(**CITY))
    assert (r.status_code, r.json()["errors"][0]["field"]) == (422, "indicators")


def test_a_seeded_sample_is_drawn_again_by_its_seed_and_compared_with_the_register(sup):
    homes = load_households(
        sup,
        [household(POOR_VILLAGES[0], n, "exited" if n % 2 else "identified") for n in range(1, 21)]
        + [household(POOR_VILLAGES[1], 1, "removed")],
    )
    body = {
        "year": 2019,
        "region_code": COUNTY,
        "evaluator": "第三方评估组",
        "sample_size": 6,
        "seed": 20191120,
    }
    first = sup.client.post("/api/v1/evaluations", json=body, headers=sup.headers(**CITY)).json()
    second = sup.client.post("/api/v1/evaluations", json=body, headers=sup.headers(**CITY)).json()
    ids = [h["household_id"] for h in first["households"]]
    assert ids == [h["household_id"] for h in second["households"]] and len(ids) == 6
    assert first["population"] == 20  # the removed household is not sampled
    ordered = sorted((h for h in homes if h.status != "removed"), key=lambda h: h.household_no)
    assert ids == [str(h.id) for h in draw(ordered, 6, 20191120)]

    sampled = first["households"]
    exited = next(h for h in sampled if h["register_status"] == "exited")
    poor = next(h for h in sampled if h["register_status"] == "identified")
    url = f"/api/v1/evaluations/{first['id']}/households"
    sup.client.put(
        f"{url}/{exited['household_id']}",
        json=GUARANTEES | {"housing": False, "evaluated_on": "2019-11-20"},
        headers=sup.headers(**CITY),
    )
    result = sup.client.put(
        f"{url}/{poor['household_id']}",
        json=GUARANTEES | {"evaluated_on": "2019-11-20"},
        headers=sup.headers(**CITY),
    ).json()
    assert (
        result["evaluated"],
        result["exited_but_unmet"],
        result["poor_but_met"],
        result["consistent"],
    ) == (2, 1, 1, 0)
    outsider = sup.client.put(
        f"{url}/{homes[-1].id}", json=GUARANTEES | {"evaluated_on": "2019-11-20"}, headers=sup.headers(**CITY)
    )
    assert (outsider.status_code, outsider.json()["code"], outsider.json()["rule"]) == (
        422,
        "not_in_sample",
        "supervision.evaluation.two_guarantees",
    )


def test_an_evaluation_samples_a_county(sup):
    body = {"year": 2019, "region_code": "441882100000", "evaluator": "组", "sample_size": 5}
    r = sup.client.post("/api/v1/evaluations", json=body, headers=sup.headers(**ADMIN))
    assert (r.status_code, r.json()["errors"][0]["field"]) == (422, "region_code")
