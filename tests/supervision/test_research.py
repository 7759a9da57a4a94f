"""Field research quotas per year as data, and compliance agreeing with a direct count (plan §25)."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from services.supervision.models import ResearchDay
from tests.supervision.register import COUNTY
from tests.supervision.support import ADMIN, headers_of, official


def _leader(sup, level="county", region=COUNTY, subject="county-secretary"):
    return official(sup, level, region, subject=subject)


def _post(sup, path, body, headers):
    return sup.client.post(f"/api/v1/research/{path}", json=body, headers=headers)


def _compliance(sup, year=2019, level="county"):
    return sup.client.get(
        "/api/v1/research/compliance", params={"year": year, "level": level}, headers=sup.headers(**ADMIN)
    )


def test_county_leaders_owe_48_days_a_study_each_month_and_a_report(sup):
    leader = _leader(sup)
    own = headers_of(sup, "county-secretary", "county_official", "441882")
    days = [date(2019, 1, 2) + timedelta(days=3 * i) for i in range(47)]
    for day in days:
        assert (
            _post(
                sup, "days", {"official_id": leader["id"], "day": day.isoformat(), "topic": "产业扶贫"}, own
            ).status_code
            == 200
        )
    again = _post(
        sup, "days", {"official_id": leader["id"], "day": days[0].isoformat(), "topic": "再记"}, own
    )
    assert (again.status_code, again.json()["code"], again.json()["rule"]) == (
        409,
        "already_recorded",
        "supervision.research.days",
    )
    for month in range(1, 13):
        if month != 7:
            _post(
                sup,
                "studies",
                {"official_id": leader["id"], "held_on": f"2019-{month:02d}-20", "topic": "推进会"},
                own,
            )
    [row] = _compliance(sup).json()["leaders"]
    with sup.db.transaction(write=False) as session:
        direct = session.scalar(
            select(func.count())
            .select_from(ResearchDay)
            .where(ResearchDay.day >= date(2019, 1, 1), ResearchDay.day <= date(2019, 12, 31))
        )
    assert (
        (row["research_days"], row["required_days"], row["days_met"])
        == (direct, 48, False)
        == (47, 48, False)
    )
    assert [p["period"] for p in row["periods"] if p["state"] == "missed"] == ["2019-07"]
    assert (row["periods_missed"], row["report_submitted_on"], row["behind"]) == (1, None, True)

    _post(sup, "days", {"official_id": leader["id"], "day": "2019-12-30", "topic": "年底调研"}, own)
    _post(sup, "studies", {"official_id": leader["id"], "held_on": "2019-07-05", "topic": "推进会"}, own)
    _post(
        sup,
        "reports",
        {
            "official_id": leader["id"],
            "year": 2019,
            "submitted_on": "2020-01-10",
            "reference": "连发〔2020〕3号",
        },
        own,
    )
    [row] = _compliance(sup).json()["leaders"]
    assert (row["research_days"], row["days_met"], row["periods_missed"], row["behind"]) == (
        48,
        True,
        0,
        False,
    )
    assert row["report_submitted_on"] == "2020-01-10"


def test_city_leaders_owe_a_study_each_quarter(sup):
    leader = _leader(sup, "city", "441800000000", "city-secretary")
    own = headers_of(sup, "city-secretary", "city_official", "4418")
    for held_on in ("2019-02-01", "2019-03-01", "2019-08-01", "2019-11-01"):
        _post(sup, "studies", {"official_id": leader["id"], "held_on": held_on, "topic": "专题研究"}, own)
    [row] = _compliance(sup, level="city").json()["leaders"]
    assert [(p["period"], p["studies"], p["state"]) for p in row["periods"]] == [
        ("2019-Q1", 2, "met"),
        ("2019-Q2", 0, "missed"),
        ("2019-Q3", 1, "met"),
        ("2019-Q4", 1, "met"),
    ]
    assert row["required_days"] == 24


def test_a_quota_year_with_no_rule_is_refused_until_one_is_stored(sup):
    _leader(sup)
    r = _compliance(sup, year=2021)
    assert (r.status_code, r.json()["code"], r.json()["errors"][0]["field"]) == (
        422,
        "quota_year_without_rule",
        "year",
    )
    quota = {
        "year": 2021,
        "level": "county",
        "min_days": 40,
        "study_period": "month",
        "report_to": "市委、市政府",
        "source": "2021年度省定标准",
    }
    assert (
        sup.client.post(
            "/api/v1/research/quotas", json=quota, headers=sup.headers("county_official", "441882")
        ).status_code
        == 403
    )
    assert (
        sup.client.post("/api/v1/research/quotas", json=quota, headers=sup.headers(**ADMIN)).status_code
        == 200
    )
    [row] = _compliance(sup, year=2021).json()["leaders"]
    assert row["required_days"] == 40


def test_the_plans_quotas_are_preloaded_as_data(sup):
    quotas = sup.client.get("/api/v1/research/quotas", headers=sup.headers(**ADMIN)).json()
    assert {(q["year"], q["level"], q["min_days"], q["study_period"]) for q in quotas} == {
        (year, "city", 24, "quarter") for year in (2018, 2019, 2020)
    } | {(year, "county", 48, "month") for year in (2018, 2019, 2020)}


def test_only_city_and_county_heads_record_research(sup):
    town = official(sup, "town", "441882100000", subject="town-secretary")
    r = _post(
        sup,
        "days",
        {"official_id": town["id"], "day": "2019-03-01", "topic": "调研"},
        headers_of(sup, "town-secretary", "town_official", "441882100"),
    )
    assert (r.status_code, r.json()["errors"][0]["code"]) == (422, "not_a_quota_leader")
