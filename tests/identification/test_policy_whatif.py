"""The policy what-if: the set-based SQL agrees with the rules household by household; exact tallies."""

import random
import uuid
from datetime import date, timedelta
from decimal import Decimal as D

from services.identification.demo import SYSTEM
from services.identification.households import repository as households_repo
from services.identification.models import Household, IncomeRecord, Member, PolicyStandard
from services.identification.policy import service, whatif
from services.identification.policy.rules import evaluate_household_exit
from services.identification.policy.schemas import WhatIfRequest
from services.identification.policy.whatif_sql import years_before

WHAT_IF = "/api/v1/policy/what-if"
V1, V2, V3 = "441882100201", "441882100202", "441882101201"  # V3 lies in another town


def add_household(s, village, *, status="identified", category="general", grade="grade_a",
                  renovation="not_needed", water=True, members=(), incomes=()):
    """Insert a household directly; members are (labour, medical, schooling, birth, active)."""
    h = Household(household_no=f"{village}{uuid.uuid4().hex[:8]}", region_code=village,
                  county_code=village[:6], address="测试", status=status, category=category,
                  primary_cause="illness", other_causes=[], housing_grade=grade, renovation_state=renovation,
                  safe_drinking_water=water, version=1)
    s.add(h)
    s.flush()
    for seq, (labour, medical, schooling, birth, active) in enumerate(members, 1):
        s.add(Member(household_id=h.id, seq=seq, name=f"成员{seq}", id_number_enc=b"x",
                     id_number_hash=uuid.uuid4().hex, sex="male", birth_date=birth, relation="other",
                     education="primary", schooling=schooling, health_status="healthy",
                     labour_capacity=labour, pension_insured=True, medical_insured=medical,
                     critical_illness_insured=True, employment="not_applicable", active=active))
    for year, revision, net_fen, size in incomes:
        s.add(IncomeRecord(household_id=h.id, year=year, revision=revision, wages=D(max(net_fen, 0)) / 100,
                           production_business=D(0), property_income=D(0), transfer_income=D(0),
                           production_costs=D(max(-net_fen, 0)) / 100, household_size=size,
                           recorded_by="t"))
    s.flush()
    return h.id


def adult(labour="normal", medical=True):
    return (labour, medical, "not_school_age", date(1975, 1, 1), True)


def random_register(s, rng, count):
    """Households crafted around every boundary the rule has."""
    on = date(2018, 12, 31)
    edges = [years_before(on, 6), years_before(on, 6) + timedelta(days=1), years_before(on, 16),
             years_before(on, 16) + timedelta(days=1), date(2010, 6, 1)]
    for _ in range(count):
        size = rng.randint(1, 5)
        target = rng.choice([772560, 400000, 800000]) * size  # 45% line, identification line, higher
        incomes = []
        if rng.random() < 0.9:
            net = target + rng.choice([-size, -1, 0, 1, size // 2, -(size // 2), 12345, -target - 500])
            incomes = [(2018, 1, net - 100000, size), (2018, 2, net, size), (2019, 1, 1, size)]
        people = [adult(rng.choice(["normal", "weak", "lost", "none"]), rng.random() < 0.9)
                  for _ in range(rng.randint(0, 3))]
        people += [("none", True, rng.choice(["dropped_out", "enrolled"]), rng.choice(edges),
                    rng.random() < 0.8) for _ in range(rng.randint(0, 2))]
        add_household(s, rng.choice([V1, V2, V3]), status=rng.choice(["identified", "returned", "exited"]),
                      category=rng.choice(["general", "minimum_living_guarantee", "extreme_poverty_support"]),
                      grade=rng.choice(["grade_a", "grade_b", "grade_c", "grade_d", "unassessed"]),
                      renovation=rng.choice(["not_needed", "in_progress", "completed"]),
                      water=rng.random() < 0.85, members=people, incomes=incomes)


def test_the_sql_agrees_with_the_rule_for_every_household(ident):
    with ident.db.transaction() as s:
        random_register(s, random.Random(2018), 240)
    body = WhatIfRequest(year=2018)
    with ident.db.transaction(write=False) as s:
        listed, cursor = whatif.households(s, SYSTEM, body, "all", None, None, 500)
        assert cursor is None
        std = service.current_standard(s, 2018, V1)
        checked = 0
        for item in listed:
            household = households_repo.get_household(s, item.id)
            assert household.status in ("identified", "returned")
            evaluation = evaluate_household_exit(service.household_facts(s, household, 2018), std)
            assert item.draft_passed == evaluation.verdict, evaluation.conditions
            assert item.draft_failed == [c.code for c in evaluation.failed()]
            assert item.people == sum(1 for m in household.members if m.active)
            checked += 1
    assert checked > 100
    assert 0 < sum(i.draft_passed for i in listed) < checked


def test_a_draft_at_50_percent_matches_the_rule_at_50_percent(ident):
    with ident.db.transaction() as s:
        random_register(s, random.Random(2019), 120)
    with ident.db.transaction(write=False) as s:
        listed, _ = whatif.households(s, SYSTEM, WhatIfRequest(year=2018, household_exit_ratio=D("0.5")),
                                      "all", None, None, 500)
        std = service.current_standard(s, 2018, V1)
        std50 = std.__class__(**{**std.__dict__, "household_exit_ratio": D("0.5")})
        for item in listed:
            facts = service.household_facts(s, households_repo.get_household(s, item.id), 2018)
            assert item.draft_passed == evaluate_household_exit(facts, std50).verdict
            assert item.current_passed == evaluate_household_exit(facts, std).verdict


def handmade_register(s):
    # 2018 line 45% × 17,168 = 7,725.60; at 50% it is 8,584.00
    at_45 = [(2018, 1, 772560 * 2, 2)]
    at_50 = [(2018, 1, 858400 * 3, 3)]
    add_household(s, V1, members=[adult(), adult()], incomes=at_45)                 # passes 45, fails 50
    add_household(s, V1, members=[adult(), adult(), adult()], incomes=at_50)       # passes both
    add_household(s, V1, members=[adult()], incomes=[(2018, 1, 772559, 1)])         # fails both
    add_household(s, V2, members=[adult("lost")], category="minimum_living_guarantee")  # safety net: passes
    add_household(s, V2, members=[adult(), adult()], incomes=at_45, water=False)    # fails on water
    add_household(s, V3, members=[adult()] * 4, incomes=[(2018, 1, 772560 * 4, 4)])  # passes 45 only
    add_household(s, V3, status="exited", members=[adult()], incomes=at_45)  # not in poverty: left out


def test_tallies_by_county_town_and_village_with_exact_figures(ident):
    with ident.db.transaction() as s:
        handmade_register(s)
    body = {"year": 2018, "household_exit_ratio": "0.5000"}
    r = ident.client.post(WHAT_IF, json=body, headers=ident.headers())
    assert r.status_code == 200, r.text
    result = r.json()
    assert (result["region"], result["draft"]["household_exit_threshold"],
            result["draft"]["current_household_exit_threshold"]) == ("441882", "8584.00", "7725.60")
    total = result["total"]
    assert {k: total[k] for k in ("households", "people", "pass_households", "pass_people", "fail_households",
                                  "fail_people", "current_pass_households", "current_pass_people",
                                  "changed_to_fail", "changed_to_pass")} == {
        "households": 6, "people": 13, "pass_households": 2, "pass_people": 4, "fail_households": 4,
        "fail_people": 9, "current_pass_households": 4, "current_pass_people": 10, "changed_to_fail": 2,
        "changed_to_pass": 0}
    assert [(c["region_code"], c["name"], c["households"]) for c in result["counties"]] == [
        ("441882000000", "连州市", 6)]
    assert [(t["region_code"], t["households"], t["pass_households"]) for t in result["towns"]] == [
        ("441882100000", 5, 2), ("441882101000", 1, 0)]
    keys = ("region_code", "households", "people", "pass_households", "current_pass_households")
    assert [tuple(v[k] for k in keys) for v in result["villages"]] == [
        (V1, 3, 6, 1, 2), (V2, 2, 3, 1, 1), (V3, 1, 4, 0, 1)]


def test_the_list_behind_a_figure_is_paged_and_nothing_changes(ident):
    with ident.db.transaction() as s:
        handmade_register(s)
    url = f"{WHAT_IF}/households"
    body = {"year": 2018, "household_exit_ratio": "0.5000"}
    first = ident.client.post(url, json=body, params={"outcome": "changed_to_fail", "limit": 1},
                              headers=ident.headers()).json()
    second = ident.client.post(url, json=body, params={"outcome": "changed_to_fail", "limit": 1,
                                                       "cursor": first["next_cursor"]},
                               headers=ident.headers()).json()
    found = first["items"] + second["items"]
    assert sorted((i["region_code"], i["income_per_head"], i["draft_failed"]) for i in found) == [
        (V1, "7725.60", ["income"]), (V3, "7725.60", ["income"])]
    village = ident.client.post(url, json=body, params={"outcome": "fail", "within": V2},
                                headers=ident.headers()).json()["items"]
    assert [(i["draft_failed"], i["current_passed"]) for i in village] == [(["income", "safe_water"], False)]
    outside = ident.client.post(url, json=body, params={"outcome": "all", "within": "441881"},
                                headers=ident.headers()).json()
    assert outside == {"items": [], "next_cursor": None, "has_more": False}
    with ident.db.transaction(write=False) as s:
        assert s.query(Household).filter(Household.status == "exited").count() == 1
        assert s.query(PolicyStandard).count() == 4


def test_a_county_caller_sees_only_its_county_and_bad_drafts_are_refused(ident):
    with ident.db.transaction() as s:
        handmade_register(s)
    other = ident.client.post(WHAT_IF, json={"year": 2018}, headers=ident.headers(region="441881")).json()
    assert other["total"]["households"] == 0
    outside = ident.client.post(WHAT_IF, json={"year": 2018, "region": "441881"}, headers=ident.headers())
    assert (outside.status_code, outside.json()["code"]) == (403, "region_out_of_scope")
    town = ident.client.post(WHAT_IF, json={"year": 2018, "region": "441882101"},
                             headers=ident.headers()).json()
    assert (town["region"], town["total"]["households"]) == ("441882101", 1)
    bad = ident.client.post(WHAT_IF, json={"year": 2018, "household_exit_ratio": "0.455555"},
                            headers=ident.headers())
    assert (bad.status_code, bad.json()["errors"][0]["field"]) == (422, "household_exit_ratio")
    missing = ident.client.post(WHAT_IF, json={"year": 2015}, headers=ident.headers())
    assert (missing.status_code, missing.json()["errors"][0]["field"]) == (422, "year")


def test_a_more_specific_standard_keeps_its_own_figures_under_a_province_draft(ident):
    with ident.db.transaction() as s:
        handmade_register(s)
    r = ident.client.post("/api/v1/policy/standards", json={"year": 2018, "region_prefix": "441882101",
                                                             "household_exit_ratio": "0.3000",
                                                             "reason": "星子镇试点"},
                          headers=ident.headers("admin", "44"))
    assert r.status_code == 201, r.text
    result = ident.client.post(WHAT_IF, json={"year": 2018, "household_exit_ratio": "0.5000"},
                               headers=ident.headers()).json()
    assert result["kept_own_standard"] == ["441882101"]
    town = {t["region_code"]: t for t in result["towns"]}["441882101000"]
    assert (town["pass_households"], town["current_pass_households"]) == (1, 1)
