"""The catalogue held to the code: every rule applied is listed with a source, nothing listed is dead."""

from __future__ import annotations

import itertools
from dataclasses import fields, replace
from datetime import date
from decimal import Decimal as D

from services.identification.codes import ProcedureKind, RiskKind
from services.identification.monitoring.service import RISK_NAMES
from services.identification.policy import whatif_sql
from services.identification.policy.catalogue import (
    CONDITION_RULES,
    PROCEDURE_RULES,
    PUBLICITY_PERIODS,
    RISK_RULES,
    RULES,
)
from services.identification.policy.rules import (
    Standard,
    evaluate_household_exit,
    evaluate_identification,
    evaluate_village_exit,
)
from services.identification.policy.schemas import StandardRead
from services.identification.procedures.definitions import DEFINITIONS
from tests.identification.test_policy_rules import household, standard, village

EVALUATIONS = {"household_exit": evaluate_household_exit, "identification": evaluate_identification}


def _every_line() -> list[tuple[str, str, str]]:
    """Drive every evaluation through each branch; return (kind, condition code, rule) of each line."""
    seen = []
    standards = [standard(2020, safe_water_required=water, village_remaining_poor_share_max=share)
                 for water, share in itertools.product((True, False), (None, D("0.02")))]
    households = [household(labour_capacity=capable, category=category, income_per_head=income,
                            food_clothing_secure=surveyed)
                  for capable, category, income, surveyed in itertools.product(
                      (True, False), ("general", "minimum_living_guarantee"), (None, D("9000.00")),
                      (None, True))]
    for std in standards:
        for kind, evaluate in EVALUATIONS.items():
            for facts in households:
                seen += [(kind, c.code, c.rule) for c in evaluate(replace(facts, year=2020), std).conditions]
        for facts in (village(year=2020), village(year=2020, income_per_head=None, poor_households_total=0)):
            seen += [("village_exit", c.code, c.rule) for c in evaluate_village_exit(facts, std).conditions]
    return seen


def test_every_line_the_evaluations_emit_names_a_listed_rule_with_a_source():
    lines = _every_line()
    assert {code for _, code, _ in lines} == set(CONDITION_RULES)
    for kind, code, rule in lines:
        spec = RULES.get(rule)
        assert spec is not None, rule
        assert spec is CONDITION_RULES[code]
        assert kind in spec.applies_to, (kind, rule)
        assert spec.sources and all(s.quote_zh for s in spec.sources)


def test_nothing_in_the_catalogue_is_dead():
    emitted: dict[str, set[str]] = {}
    for kind, _, rule in _every_line():
        emitted.setdefault(rule, set()).add(kind)
    for kind, specs in PROCEDURE_RULES.items():
        for spec in specs:
            emitted.setdefault(spec.code, set()).add(f"procedure:{kind}")
    for spec in RISK_RULES.values():
        emitted.setdefault(spec.code, set()).add("monitoring:at_risk")
    # Every rule is applied somewhere, and exactly where the catalogue says.
    assert {spec.code: set(spec.applies_to) for spec in RULES} == emitted


def test_procedures_and_risks_map_one_to_one_onto_their_rules():
    assert set(PROCEDURE_RULES) == set(DEFINITIONS) == {k.value for k in ProcedureKind}
    for kind, definition in DEFINITIONS.items():
        has_notice = any(step.opens_notice for step in definition.steps)
        assert (PUBLICITY_PERIODS in PROCEDURE_RULES[kind]) == has_notice, kind
    assert set(RISK_RULES) == set(RISK_NAMES) == {k.value for k in RiskKind}


def test_the_what_if_applies_only_catalogued_household_exit_rules():
    src = whatif_sql.sources(2020, date(2020, 12, 31), "441882")
    household_exit = {code for code, spec in CONDITION_RULES.items() if "household_exit" in spec.applies_to}
    assert set(whatif_sql.conditions(src, [standard(2020)])) == household_exit


def test_parameters_and_switches_are_fields_of_the_standard():
    standard_fields = {f.name for f in fields(Standard)}
    for spec in RULES:
        for parameter in spec.parameters:
            assert parameter.name in standard_fields, (spec.code, parameter.name)
        if spec.switch is not None:
            assert {spec.switch, spec.switch_source} <= standard_fields & set(StandardRead.model_fields)


def test_rules_outside_the_plan_are_off_by_default_or_change_no_outcome():
    outside = [spec for spec in RULES if not spec.in_plan]
    assert [s.code for s in outside] == ["identification.village.remaining_poor_share",
                                         "identification.procedure.publicity_periods"]
    share, periods = outside
    assert (share.on_by_default, share.switch, share.effective_from) == (
        False, "village_remaining_poor_share_max", None)
    assert periods.on_by_default and periods.neutral_en and periods.neutral_zh
    with_share = evaluate_village_exit(village(year=2020), standard(2020))
    without = evaluate_village_exit(village(year=2020), standard(2020, village_remaining_poor_share_max=None))
    assert [c.code for c in without.conditions] == ["village_income", "roads", "tidy_village"]
    assert [c.code for c in with_share.conditions][-1] == "remaining_poor_share"


def test_the_plan_citations_name_part_and_item():
    income = CONDITION_RULES["income"]
    [source] = income.sources
    assert (source.part, source.item) == ("一", None)
    assert source.citation_en() == "Guangdong plan 2018–2020, part 一"
    assert "45%" in source.quote_zh
    housing = CONDITION_RULES["housing_safe"].sources[1]
    assert (housing.part, housing.item) == ("四", 10)
    assert housing.citation_zh() == "《关于打赢脱贫攻坚战三年行动方案（2018—2020年）》第四部分第10条"
    roads = CONDITION_RULES["roads"].sources[1]
    assert (roads.part, roads.item) == ("五", 14)
    assert [(s.part, s.item) for s in PROCEDURE_RULES["removal"][0].sources] == [("七", 24)]
