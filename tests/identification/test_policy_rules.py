"""The policy rules as pure functions: exact figures for 2018-2020, every refusal, boundaries."""

from dataclasses import replace
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.identification.policy.rules import (
    HouseholdFacts,
    NaturalVillageFact,
    Standard,
    VillageFacts,
    evaluate_household_exit,
    evaluate_identification,
    evaluate_village_exit,
    fen,
    income_condition,
)

RURAL = {2017: D(15780), 2018: D(17168), 2019: D(18818), 2020: D(20143)}


def standard(year: int = 2018, **changes) -> Standard:
    base = Standard(year=year, region_prefix="44", version=1, rural_income_per_head=RURAL[year],
                    household_exit_ratio=D("0.45"), village_exit_ratio=D("0.60"),
                    identification_line=D(4000), village_remaining_poor_share_max=D("0.02"),
                    notice_days=7, objection_days=7)
    return replace(base, **changes)


def household(**changes) -> HouseholdFacts:
    base = HouseholdFacts(household_id="h1", region_code="441882100201", year=2018,
                          income_per_head=D("8000.00"), labour_capacity=True, category="general",
                          members=4, medical_insured=4, dropped_out_children=0, housing_grade="grade_a",
                          renovation_state="not_needed", safe_drinking_water=True)
    return replace(base, **changes)


def village(**changes) -> VillageFacts:
    base = VillageFacts(village_code="441882100201", year=2018, income_per_head=D("10300.80"),
                        natural_villages=(NaturalVillageFact("下坳村", 56, True),
                                          NaturalVillageFact("小洞组", 19, False),
                                          NaturalVillageFact("北江组", 20, True)),
                        tidy_village=True, poor_households_total=100, poor_households_still_poor=2)
    return replace(base, **changes)


def line(evaluation, code):
    return next(c for c in evaluation.conditions if c.code == code)


def test_the_issue_example_line_in_both_languages():
    e = evaluate_household_exit(household(income_per_head=D("7120.00")), standard(2018))
    income = line(e, "income")
    assert income.explanation_en == ("income per head 7,120.00 < 45% × 17,168 = 7,725.60 "
                                     "(2018 standard v1): not met")
    assert income.explanation_zh == ("人均可支配收入 7,120.00 < 45% × 17,168 = 7,725.60"
                                     "（2018年标准 第1版）：未达标")
    assert (income.value, income.threshold, income.passed) == ("7120.00", "7725.60", False)
    assert e.verdict is False
    assert e.summary_en == "exit refused, not met: income per head"
    assert e.summary_zh == "不予退出，未达标：人均可支配收入"


@pytest.mark.parametrize(("year", "threshold", "shown"), [
    (2017, "7101.00", "45% × 15,780 = 7,101.00"),
    (2018, "7725.60", "45% × 17,168 = 7,725.60"),
    (2019, "8468.10", "45% × 18,818 = 8,468.10"),
    (2020, "9064.35", "45% × 20,143 = 9,064.35"),
])
def test_household_exit_line_matches_the_policy_by_hand(year, threshold, shown):
    std = standard(year)
    assert std.household_exit_threshold() == D(threshold)
    at = evaluate_household_exit(household(year=year, income_per_head=D(threshold)), std)
    assert at.verdict is True
    assert line(at, "income").explanation_en == (
        f"income per head {D(threshold):,.2f} ≥ {shown} ({year} standard v1): met")
    below = evaluate_household_exit(household(year=year, income_per_head=D(threshold) - D("0.01")), std)
    assert below.verdict is False
    assert line(below, "income").explanation_zh == (
        f"人均可支配收入 {D(threshold) - D('0.01'):,.2f} < {shown}（{year}年标准 第1版）：未达标")


@pytest.mark.parametrize(("year", "threshold"), [(2018, "10300.80"), (2019, "11290.80"),
                                                 (2020, "12085.80")])
def test_village_income_line_matches_the_policy_by_hand(year, threshold):
    std = standard(year)
    assert std.village_exit_threshold() == D(threshold)
    assert evaluate_village_exit(village(year=year, income_per_head=D(threshold)), std).verdict is True
    below = evaluate_village_exit(village(year=year, income_per_head=D(threshold) - D("0.01")), std)
    assert below.verdict is False
    assert [c.code for c in below.failed()] == ["village_income"]


def test_the_threshold_rounds_half_up_to_the_fen():
    # 0.475 × 20,143 = 9,567.925: half-up gives 9,567.93 (banker's rounding would give .92)
    std = standard(2020, household_exit_ratio=D("0.475"))
    assert std.household_exit_threshold() == D("9567.93")
    assert line(evaluate_household_exit(household(income_per_head=D("9567.92")), std),
                "income").explanation_en == ("income per head 9,567.92 < 47.5% × 20,143 = 9,567.93 "
                                             "(2020 standard v1): not met")


def test_no_income_record_refuses_exit():
    e = evaluate_household_exit(household(income_per_head=None), standard(2019))
    assert line(e, "income").explanation_en == ("income per head: no income record for 2019, required ≥ "
                                                "45% × 18,818 = 8,468.10 (2019 standard v1): not met")
    assert line(e, "food_clothing").passed is False
    assert e.verdict is False


def test_without_labour_capacity_the_safety_net_replaces_the_income_line():
    low = household(income_per_head=D("3000.00"), labour_capacity=False,
                    category="minimum_living_guarantee")
    e = evaluate_household_exit(low, standard(2018))
    assert [c.code for c in e.conditions][:2] == ["safety_net", "food_clothing"]
    assert e.verdict is True
    assert line(e, "safety_net").explanation_zh == (
        "无劳动能力成员；贫困户属性 低保贫困户，标准 低保贫困户或特困供养户（2018年标准 第1版）：达标")
    assert line(e, "food_clothing").explanation_en == (
        "food and clothing covered by the safety net (minimum_living_guarantee) (2018 standard v1): met")
    refused = evaluate_household_exit(replace(low, category="general"), standard(2018))
    assert refused.verdict is False
    assert [c.code for c in refused.failed()] == ["safety_net", "food_clothing"]
    assert line(refused, "safety_net").explanation_en == (
        "no member with labour capacity; category general, required minimum_living_guarantee or "
        "extreme_poverty_support (2018 standard v1): not met")


def test_extreme_poverty_support_also_counts_as_safety_net():
    e = evaluate_household_exit(household(labour_capacity=False, category="extreme_poverty_support",
                                          income_per_head=None), standard(2020))
    assert e.verdict is True


@pytest.mark.parametrize(("change", "code", "en", "zh"), [
    ({"dropped_out_children": 1}, "compulsory_education",
     "school-age children dropped out of compulsory education 1, allowed 0 (2018 standard v1): not met",
     "义务教育阶段适龄儿童辍学 1 人，标准 0 人（2018年标准 第1版）：未达标"),
    ({"medical_insured": 3}, "basic_medical",
     "members with basic medical insurance 3/4, required all (2018 standard v1): not met",
     "参加基本医疗保险 3/4 人，标准 全部参保（2018年标准 第1版）：未达标"),
    ({"housing_grade": "grade_c", "renovation_state": "in_progress"}, "housing_safe",
     "housing grade_c, renovation in_progress, required not grade C/D or renovation completed "
     "(2018 standard v1): not met",
     "住房 C级危房，改造中，标准 非C/D级危房或已完成改造（2018年标准 第1版）：未达标"),
    ({"safe_drinking_water": False}, "safe_water",
     "safe drinking water: no, required yes (2018 standard v1): not met",
     "饮水安全：否，标准 是（2018年标准 第1版）：未达标"),
    ({"food_clothing_secure": False}, "food_clothing",
     "food and clothing secure by survey: no, required yes (2018 standard v1): not met",
     "入户调查不愁吃穿：否，标准 是（2018年标准 第1版）：未达标"),
])
def test_each_guarantee_refuses_exit_on_its_own(change, code, en, zh):
    e = evaluate_household_exit(household(**change), standard(2018))
    assert e.verdict is False
    assert [c.code for c in e.failed()] == [code]
    assert (line(e, code).explanation_en, line(e, code).explanation_zh) == (en, zh)


def test_a_dangerous_house_renovated_is_safe():
    e = evaluate_household_exit(household(housing_grade="grade_d", renovation_state="completed"),
                                standard(2018))
    assert line(e, "housing_safe").passed is True


def test_safe_water_is_skipped_only_when_the_standard_drops_it():
    e = evaluate_household_exit(household(safe_drinking_water=False),
                                standard(2018, safe_water_required=False))
    assert "safe_water" not in [c.code for c in e.conditions]
    assert e.verdict is True


def test_identification_below_the_line_qualifies():
    e = evaluate_identification(household(income_per_head=D("3999.99")), standard(2018))
    assert e.verdict is True
    assert line(e, "income_line").explanation_en == ("income per head 3,999.99 < identification line "
                                                     "4,000 × 1.0000 = 4,000.00 (2018 standard v1): "
                                                     "below the identification line")
    assert line(e, "income_line").explanation_zh == ("人均可支配收入 3,999.99 < 识别标准 4,000 × 1.0000 = "
                                                     "4,000.00（2018年标准 第1版）：低于识别标准")
    assert e.summary_zh == "符合识别标准：人均可支配收入、不愁吃、不愁穿"


def test_identification_at_the_line_does_not_qualify_unless_a_guarantee_fails():
    std = standard(2018, price_index=D("1.0500"))
    at = household(income_per_head=D("4200.00"))
    assert evaluate_identification(at, std).verdict is False
    assert evaluate_identification(at, std).summary_en == (
        "does not qualify: above the identification line and every guarantee met")
    unsafe = evaluate_identification(replace(at, housing_grade="grade_d", renovation_state="planned"), std)
    assert unsafe.verdict is True
    assert [c.code for c in unsafe.failed()] == ["housing_safe"]


def test_village_refusals_each_with_figures():
    std = standard(2018)
    ok = evaluate_village_exit(village(), std)
    assert ok.verdict is True
    assert line(ok, "roads").explanation_en == (
        "natural villages of 20+ households with hardened roads 2/2 (2018 standard v1): met")
    roads = evaluate_village_exit(village(natural_villages=(NaturalVillageFact("下坳村", 56, False),
                                                            NaturalVillageFact("北江组", 20, True))), std)
    assert line(roads, "roads").explanation_zh == (
        "20户以上自然村路面硬化 1/2 个（未硬化：下坳村）（2018年标准 第1版）：未达标")
    untidy = evaluate_village_exit(village(tidy_village=False), std)
    assert line(untidy, "tidy_village").explanation_en == (
        "tidy-village standard reached: no, required yes (2018 standard v1): not met")
    share = evaluate_village_exit(village(poor_households_still_poor=3), std)
    assert line(share, "remaining_poor_share").explanation_en == (
        "poor households still in poverty 3/100 = 3.00% > 2% (2018 standard v1): not met")
    assert share.summary_zh == "不予出列，未达标：未脱贫户占比"
    for e in (roads, untidy, share):
        assert e.verdict is False and len(e.failed()) == 1


def test_village_share_exactly_at_the_maximum_passes_and_no_poor_households_pass():
    std = standard(2019)
    assert line(evaluate_village_exit(village(year=2019, income_per_head=D(12000)), std),
                "remaining_poor_share").explanation_zh == (
        "未脱贫户占比 2/100 = 2.00% ≤ 2%（2019年标准 第1版）：达标")
    empty = evaluate_village_exit(village(poor_households_total=0, poor_households_still_poor=0), std)
    assert line(empty, "remaining_poor_share").passed is True


def test_a_regional_standard_is_named_with_its_prefix():
    e = evaluate_household_exit(household(income_per_head=D("7120.00")), standard(2018, region_prefix="4418",
                                                                                   version=2))
    assert line(e, "income").explanation_en.endswith("(2018 standard 4418 v2): not met")
    assert line(e, "income").explanation_zh.endswith("（2018年4418标准 第2版）：未达标")


def test_evaluation_carries_the_standard_and_facts():
    e = evaluate_household_exit(household(), replace(standard(2020), id=9))
    assert (e.kind, e.subject_type, e.subject_id, e.standard_year, e.standard_region, e.standard_id) == (
        "household_exit", "household", "h1", 2020, "44", 9)
    assert e.facts["income_per_head"] == "8000.00"


ratios = st.decimals(min_value=D("0.0100"), max_value=D("1.0000"), places=4)
incomes = st.decimals(min_value=D("1000.00"), max_value=D("99999.00"), places=2)


@given(ratio=ratios, rural=incomes)
def test_exactly_at_the_threshold_passes_and_a_fen_below_fails(ratio, rural):
    std = standard(2018, rural_income_per_head=rural, household_exit_ratio=ratio)
    threshold = std.household_exit_threshold()
    assert threshold == fen(ratio * rural)
    assert abs(threshold - ratio * rural) <= D("0.005")
    assert income_condition(threshold, ratio, std).passed is True
    assert income_condition(threshold - D("0.01"), ratio, std).passed is False


@given(ratio=ratios, rural=incomes, income=st.decimals(min_value=D("0"), max_value=D("99999.99"), places=2))
def test_pass_means_income_reaches_the_rounded_threshold(ratio, rural, income):
    std = standard(2018, rural_income_per_head=rural, household_exit_ratio=ratio)
    result = income_condition(income, ratio, std)
    assert result.passed == (income >= std.household_exit_threshold())
    assert result.threshold == f"{std.household_exit_threshold():.2f}"
