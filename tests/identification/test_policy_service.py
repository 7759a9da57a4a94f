"""Policy service functions on a real database: preloaded standards, facts, stored evaluations."""

from datetime import date
from decimal import Decimal as D

import pytest
from sqlalchemy import select

from services.identification.demo import SYSTEM, compose_id_number
from services.identification.households import repository as households_repo
from services.identification.models import NaturalVillage, PolicyStandard, Region, VillageIncome
from services.identification.policy import service
from services.identification.policy.rules import evaluate_household_exit, evaluate_village_exit
from shared.errors import AppError

VILLAGE = "441882100201"


def make_household(ident, members, category="general", **fields):
    body = {"region_code": VILLAGE, "address": "三古滩村1号", "category": category,
            "primary_cause": "illness", "safe_drinking_water": True, "members": members, **fields}
    r = ident.client.post("/api/v1/households", json=body, headers=ident.headers())
    assert r.status_code == 201, r.text
    return r.json()["id"]


def person(serial, relation="head", birth=date(1970, 5, 1), **fields):
    return {"name": f"成员{serial}", "id_number": compose_id_number("441882", birth, serial),
            "relation": relation, "labour_capacity": "normal", "medical_insured": True, **fields}


def add_income(ident, hid, year, wages, size=None):
    body = {"year": year, "wages": wages, "production_business": "0.00", "property_income": "0.00",
            "transfer_income": "0.00", "production_costs": "0.00"}
    if size:
        body["household_size"] = size
    r = ident.client.post(f"/api/v1/households/{hid}/incomes", json=body, headers=ident.headers())
    assert r.status_code == 201, r.text


@pytest.mark.parametrize(("year", "income"), [(2017, "15780.00"), (2018, "17168.00"),
                                              (2019, "18818.00"), (2020, "20143.00")])
def test_the_migration_preloads_the_published_figures(ident, year, income):
    with ident.db.transaction(write=False) as s:
        std = service.current_standard(s, year, VILLAGE)
    assert (std.region_prefix, std.version, std.rural_income_per_head) == ("44", 1, D(income))
    assert (std.household_exit_ratio, std.village_exit_ratio) == (D("0.4500"), D("0.6000"))
    assert (std.identification_line, std.price_index, std.road_min_households) == (D("4000.00"), D("1"), 20)


def test_the_most_specific_prefix_and_newest_version_apply(ident):
    with ident.db.transaction() as s:
        base = s.execute(select(PolicyStandard).where(PolicyStandard.year == 2019)).scalar_one()
        for prefix, version, income in (("44", 2, 18900), ("4418", 1, 19000), ("441882", 1, 19100),
                                        ("441882", 2, 19200), ("441881", 3, 19300)):
            s.add(PolicyStandard(**{**{c.key: getattr(base, c.key) for c in PolicyStandard.__table__.columns
                                       if c.key != "id"},
                                    "region_prefix": prefix, "version": version,
                                    "rural_income_per_head": D(income)}))
    with ident.db.transaction(write=False) as s:
        assert service.current_standard(s, 2019, VILLAGE).rural_income_per_head == D(19200)
        assert service.current_standard(s, 2019, "441802100201").rural_income_per_head == D(19000)
        assert service.current_standard(s, 2019, "440100000000").rural_income_per_head == D(18900)
        assert service.current_standard(s, 2018, VILLAGE).rural_income_per_head == D(17168)


def test_no_standard_for_the_year_is_a_4xx_naming_the_year(ident):
    with ident.db.transaction(write=False) as s, pytest.raises(AppError) as err:
        service.current_standard(s, 2016, VILLAGE)
    assert (err.value.status, err.value.code, err.value.errors[0].field) == (422, "standard_missing", "year")


def test_household_facts_use_the_newest_income_revision_and_active_members(ident):
    child = person(22, "son", birth=date(2008, 3, 1), labour_capacity="none", schooling="dropped_out",
                   medical_insured=False)
    hid = make_household(ident, [person(11, labour_capacity="weak"), child], housing_grade="grade_c",
                         renovation_state="in_progress")
    add_income(ident, hid, 2018, "14000.00")
    add_income(ident, hid, 2018, "15451.20")  # a correction: revision 2
    add_income(ident, hid, 2019, "99999.00")
    with ident.db.transaction(write=False) as s:
        household = households_repo.get_household(s, hid_uuid(hid))
        facts = service.household_facts(s, household, 2018)
        std = service.current_standard(s, 2018, household.region_code)
    assert (facts.income_per_head, facts.income_revision) == (D("7725.60"), 2)
    assert (facts.labour_capacity, facts.members, facts.medical_insured) == (True, 2, 1)
    assert facts.dropped_out_children == 1  # aged 10 at the end of 2018
    evaluation = evaluate_household_exit(facts, std)
    assert [c.code for c in evaluation.failed()] == ["compulsory_education", "basic_medical", "housing_safe"]
    assert evaluation.conditions[0].explanation_en == ("income per head 7,725.60 ≥ 45% × 17,168 = 7,725.60 "
                                                       "(2018 standard v1): met")


def test_household_facts_without_income_or_labour(ident):
    hid = make_household(ident, [person(13, labour_capacity="lost")], category="extreme_poverty_support")
    with ident.db.transaction(write=False) as s:
        facts = service.household_facts(s, households_repo.get_household(s, hid_uuid(hid)), 2020)
    assert (facts.income_per_head, facts.labour_capacity, facts.category) == (
        None, False, "extreme_poverty_support")


def test_village_facts_and_their_evaluation(ident):
    with ident.db.transaction() as s:
        s.get(Region, VILLAGE).tidy_village = True
        s.add(VillageIncome(village_code=VILLAGE, year=2020, revision=1, income_per_head=D("12085.79"),
                            recorded_by="t"))
        s.add(VillageIncome(village_code=VILLAGE, year=2020, revision=2, income_per_head=D("12085.80"),
                            recorded_by="t"))
        names = s.execute(select(NaturalVillage).where(NaturalVillage.village_code == VILLAGE)).scalars()
        for nv in names:
            nv.hardened_road = True
    make_household(ident, [person(15)])  # a candidate: not a registered poor household
    with ident.db.transaction(write=False) as s:
        facts = service.village_facts(s, VILLAGE, 2020)
        evaluation = evaluate_village_exit(facts, service.current_standard(s, 2020, VILLAGE))
    assert (facts.income_per_head, facts.income_revision, facts.tidy_village) == (D("12085.80"), 2, True)
    assert (facts.poor_households_total, facts.poor_households_still_poor) == (0, 0)
    assert evaluation.verdict is True
    assert evaluation.conditions[0].explanation_en == ("village income per head 12,085.80 ≥ 60% × 20,143 = "
                                                       "12,085.80 (2020 standard v1): met")


def test_village_facts_of_a_town_is_not_found(ident):
    with ident.db.transaction(write=False) as s, pytest.raises(AppError) as err:
        service.village_facts(s, "441882100000", 2020)
    assert err.value.status == 404


def test_a_stored_evaluation_is_reread_with_its_figures(ident):
    hid = make_household(ident, [person(17)])
    add_income(ident, hid, 2018, "7120.00", size=1)
    with ident.db.transaction() as s:
        household = households_repo.get_household(s, hid_uuid(hid))
        std = service.current_standard(s, 2018, household.region_code)
        evaluation = evaluate_household_exit(service.household_facts(s, household, 2018), std)
        stored_id = service.evaluate_and_store(s, SYSTEM, "household", household.id, 2018, evaluation)
    with ident.db.transaction() as s:
        # a later version of the standard does not change what the decision was based on
        v1 = s.get(PolicyStandard, std.id)
        s.add(PolicyStandard(**{**{c.key: getattr(v1, c.key) for c in PolicyStandard.__table__.columns
                                   if c.key != "id"}, "version": 2, "rural_income_per_head": D(15000)}))
    with ident.db.transaction(write=False) as s:
        reread = service.stored_evaluation(s, stored_id)
        events = s.execute(select(ident.app.state.infra.outbox.c.type)).scalars().all()
    assert "evaluation.recorded" in events
    assert reread == evaluation
    assert reread.conditions[0].explanation_en == ("income per head 7,120.00 < 45% × 17,168 = 7,725.60 "
                                                   "(2018 standard v1): not met")
    assert (reread.standard_version, reread.standard_id, reread.verdict) == (1, std.id, False)


def test_storing_another_subjects_evaluation_is_refused(ident):
    hid = make_household(ident, [person(19)])
    with ident.db.transaction() as s:
        household = households_repo.get_household(s, hid_uuid(hid))
        evaluation = evaluate_household_exit(service.household_facts(s, household, 2018),
                                             service.current_standard(s, 2018, VILLAGE))
        with pytest.raises(ValueError):
            service.evaluate_and_store(s, SYSTEM, "household", household.id, 2019, evaluation)


def hid_uuid(hid):
    import uuid

    return uuid.UUID(hid)
