"""The procedure rules as plain functions, and the step sequences as data."""

from __future__ import annotations

from datetime import date

import pytest

from services.identification.codes import HouseholdStatus, ProcedureKind
from services.identification.procedures import rules
from services.identification.procedures.definitions import DEFINITIONS, definition
from shared.auth import Caller, permissions_for
from shared.errors import AppError

HOUSEHOLD_REGION = "441882100201"


def caller(role, region):
    return Caller(subject=f"{role}-{region}", roles=frozenset({role}), region=region,
                  permissions=permissions_for({role}, set()))


def refusal(call, *args):
    with pytest.raises(AppError) as info:
        call(*args)
    return info.value


def test_the_identification_and_exit_sequences_follow_the_plan():
    assert [(s.code, s.level) for s in definition("identification").steps] == [
        ("application", "village"), ("survey", "village"), ("appraisal", "village"), ("notice", "village"),
        ("town_review", "town"), ("county_approval", "county")]
    assert [(s.code, s.level) for s in definition("exit").steps] == [
        ("nomination", "village"), ("verification", "village"), ("appraisal", "village"),
        ("notice", "village"), ("town_review", "town"), ("county_approval", "county"),
        ("confirmation", "village")]
    assert definition("exit").step("verification").evaluates == "household_exit"
    assert definition("village_exit").step("verification").evaluates == "village_exit"
    # The shortened fast entry still has a survey and both reviews, but no appraisal or notice.
    assert [s.code for s in definition("fast_entry").steps] == [
        "application", "survey", "town_review", "county_approval"]


def test_every_procedure_is_approved_by_the_county_and_ends_in_a_status():
    for kind, defn in DEFINITIONS.items():
        assert any(s.code == "county_approval" and s.level == "county" for s in defn.steps), kind
        assert defn.steps[0].level == "village", kind
        assert (defn.ends_in is None) == (kind == ProcedureKind.VILLAGE_EXIT), kind
    assert definition("exit").ends_in == HouseholdStatus.EXITED
    assert definition("return").starts_from == frozenset({HouseholdStatus.EXITED})


def test_acting_role_needs_the_level_and_the_region_at_that_level():
    county_step = definition("identification").step("county_approval")
    assert rules.acting_role(caller("county_official", "441882"), county_step, HOUSEHOLD_REGION) == \
        "county_official"
    cadre = refusal(rules.acting_role, caller("village_cadre", HOUSEHOLD_REGION), county_step,
                    HOUSEHOLD_REGION)
    assert (cadre.status, cadre.code) == (403, "step_level_mismatch")
    assert cadre.extra["caller_levels"] == ["village"]
    wide = refusal(rules.acting_role, caller("county_official", "44"), county_step, HOUSEHOLD_REGION)
    assert (wide.code, wide.extra["required_region"]) == ("step_region_mismatch", "441882")
    town_step = definition("identification").step("town_review")
    assert rules.acting_role(caller("town_official", "441882100"), town_step, HOUSEHOLD_REGION) == \
        "town_official"
    assert refusal(rules.acting_role, caller("town_official", "441882101"), town_step,
                   HOUSEHOLD_REGION).code == "step_region_mismatch"
    assert refusal(rules.acting_role, caller("admin", "44"), town_step, HOUSEHOLD_REGION).code == \
        "step_level_mismatch"
    inspector = refusal(rules.acting_role, caller("inspector", "441882"), town_step, HOUSEHOLD_REGION)
    assert (inspector.status, inspector.code) == (403, "forbidden")


def test_order_allows_only_the_expected_step():
    defn = definition("exit")
    assert rules.check_order(defn, "verification", "verification").code == "verification"
    skipped = refusal(rules.check_order, defn, "verification", "notice")
    assert (skipped.status, skipped.extra["expected_step"]) == (409, "verification")
    unknown = refusal(rules.check_order, defn, "verification", "survey")
    assert (unknown.status, unknown.errors[0].field) == (422, "step")


def test_open_state_is_required():
    rules.check_open("open")
    assert refusal(rules.check_open, "suspended_by_objection", ["x"]).extra == {"open_objections": ["x"]}
    assert refusal(rules.check_open, "completed").code == "procedure_closed"


def test_notice_period_is_counted_from_the_day_it_is_posted():
    assert rules.notice_last_day(date(2019, 12, 4), 7) == date(2019, 12, 10)
    assert rules.notice_last_day(date(2019, 2, 25), 7) == date(2019, 3, 3)
    rules.check_notice_elapsed(date(2019, 12, 10), date(2019, 12, 11))
    rules.check_notice_elapsed(None, date(2019, 12, 1))
    running = refusal(rules.check_notice_elapsed, date(2019, 12, 10), date(2019, 12, 10))
    assert (running.status, running.extra["notice_ends_on"]) == (409, "2019-12-10")


def test_objection_window_is_the_notice_period_inclusive():
    posted, last = date(2019, 12, 4), date(2019, 12, 10)
    rules.check_objection_window(posted, last, posted)
    rules.check_objection_window(posted, last, last)
    assert refusal(rules.check_objection_window, posted, last, date(2019, 12, 11)).code == \
        "outside_notice_period"
    assert refusal(rules.check_objection_window, posted, last, date(2019, 12, 3)).code == \
        "outside_notice_period"
    assert refusal(rules.check_objection_window, None, None, posted).code == "no_notice_period"


def test_effective_dates():
    today = date(2020, 1, 1)
    rules.check_effective_date(today, today, today)
    assert refusal(rules.check_effective_date, date(2020, 1, 2), None, today).status == 422
    before = refusal(rules.check_effective_date, date(2019, 12, 30), date(2019, 12, 31), today)
    assert (before.status, before.code) == (409, "date_before_previous_step")


def test_documents_and_rejections():
    survey = definition("identification").step("survey")
    rules.check_documents(survey, ["入户调查表"])
    assert refusal(rules.check_documents, survey, []).code == "document_required"
    rules.check_documents(definition("identification").step("application"), [])
    rules.check_rejection(survey, "不符合")
    assert refusal(rules.check_rejection, survey, None).errors[0].field == "comment"
    assert refusal(rules.check_rejection, definition("exit").step("confirmation"), "x").code == \
        "rejection_not_allowed"


def test_kind_fields():
    rules.check_kind_fields("exit", {"exit_pathway": "industry", "removal_reason": None, "cause": None})
    rules.check_kind_fields("fast_entry", {"exit_pathway": None, "removal_reason": None, "cause": "illness"})
    missing = refusal(rules.check_kind_fields, "removal", {"exit_pathway": None, "removal_reason": None,
                                                            "cause": None})
    assert (missing.errors[0].field, missing.code) == ("removal_reason", "field_required_for_kind")
    stray = refusal(rules.check_kind_fields, "identification", {"exit_pathway": None, "removal_reason": None,
                                                                 "cause": "illness"})
    assert (stray.errors[0].field, stray.code) == ("cause", "field_not_for_kind")
    slow = refusal(rules.check_kind_fields, "fast_entry", {"exit_pathway": None, "removal_reason": None,
                                                            "cause": "lack_of_skills"})
    assert slow.code == "cause_not_sudden"


def test_start_status_and_resolvers():
    rules.check_start(definition("exit"), "returned")
    assert refusal(rules.check_start, definition("exit"), "candidate").extra["allowed"] == \
        ["identified", "returned"]
    assert rules.resolving_role(caller("town_official", "441882100"), HOUSEHOLD_REGION) == "town_official"
    assert rules.resolving_role(caller("county_official", "441882"), HOUSEHOLD_REGION) == "county_official"
    cadre = refusal(rules.resolving_role, caller("village_cadre", HOUSEHOLD_REGION), HOUSEHOLD_REGION)
    assert cadre.code == "resolver_level_mismatch"
    assert refusal(rules.resolving_role, caller("town_official", "441882101"), HOUSEHOLD_REGION).status == 403


def test_the_next_step_waits_for_the_longer_of_notice_and_objection_periods():
    assert rules.waiting_days(7, 7) == 7
    assert rules.waiting_days(5, 10) == 10
    assert rules.waiting_days(7, 3) == 7
