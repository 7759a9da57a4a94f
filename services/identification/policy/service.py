"""Policy use cases: the applicable standard, facts from the register, stored evaluations (§24)."""

from __future__ import annotations

import uuid
from dataclasses import asdict
from datetime import date

from sqlalchemy.orm import Session

from services.identification.households.rules import income_per_head, is_compulsory_school_age, net_income
from services.identification.households.service import load_in_scope
from services.identification.models import Household, Region, StoredEvaluation, VillageIncome
from services.identification.policy import repository as repo
from services.identification.policy.errors import StandardMissing
from services.identification.policy.rules import (
    LABOUR_CAPABLE,
    ConditionResult,
    Evaluation,
    HouseholdFacts,
    NaturalVillageFact,
    Standard,
    VillageFacts,
    evaluate_household_exit,
    evaluate_identification,
    evaluate_village_exit,
)
from services.identification.policy.schemas import VillageIncomeCreate
from shared.auth import Caller
from shared.db import ServiceSession
from shared.errors import not_found
from shared.events.identification import EvaluationRecorded, VillageIncomeRecorded


def current_standard(session: Session, year: int, region_code: str) -> Standard:
    """Return the standard in force for a year and region: most specific prefix, newest version."""
    row = repo.applicable_standard(session, year, region_code)
    if row is None:
        raise StandardMissing.on("year", f"No policy standard is recorded for {year} covering region "
                                 f"{region_code}", f"未录入覆盖区划 {region_code} 的{year}年政策标准")
    return repo.to_standard(row)


def reference_date(year: int, today: date | None = None) -> date:
    """Return the day ages are taken on for a year: its last day, or today for the current year."""
    return min(today or date.today(), date(year, 12, 31))


def household_facts(session: Session, household: Household, year: int) -> HouseholdFacts:
    """Gather what the rules need: the year's newest income revision and the active members."""
    record = repo.latest_income(session, household.id, year)
    per_head = None
    if record is not None:
        net = net_income(record.wages, record.production_business, record.property_income,
                         record.transfer_income, record.production_costs)
        per_head = income_per_head(net, record.household_size)
    members = [m for m in household.members if m.active]
    on = reference_date(year)
    return HouseholdFacts(
        household_id=str(household.id), region_code=household.region_code, year=year,
        income_per_head=per_head,
        labour_capacity=any(m.labour_capacity in LABOUR_CAPABLE for m in members),
        category=household.category, members=len(members),
        medical_insured=sum(1 for m in members if m.medical_insured),
        dropped_out_children=sum(1 for m in members if m.schooling == "dropped_out"
                                 and is_compulsory_school_age(m.birth_date, on)),
        housing_grade=household.housing_grade, renovation_state=household.renovation_state,
        safe_drinking_water=household.safe_drinking_water,
        income_revision=record.revision if record is not None else None)


def village_facts(session: Session, village_code: str, year: int) -> VillageFacts:
    """Gather a village's income, natural villages' roads, tidiness and its poor households."""
    region = repo.get_region(session, village_code)
    if region is None or region.level != "village":
        raise not_found("Village", "行政村", village_code)
    income = repo.latest_village_income(session, village_code, year)
    total, still = repo.poor_household_counts(session, village_code)
    return VillageFacts(
        village_code=village_code, year=year,
        income_per_head=income.income_per_head if income is not None else None,
        natural_villages=tuple(NaturalVillageFact(v.name, v.households, v.hardened_road)
                               for v in repo.natural_villages(session, village_code)),
        tidy_village=region.tidy_village, poor_households_total=total,
        poor_households_still_poor=still,
        income_revision=income.revision if income is not None else None)


def evaluate_and_store(session: ServiceSession, caller: Caller, subject_type: str, subject_id: object,
                       year: int, evaluation: Evaluation) -> uuid.UUID:
    """Store an evaluation with every line and its standard version; return its id."""
    if (subject_type, str(subject_id), year) != (evaluation.subject_type, evaluation.subject_id,
                                                  evaluation.year):
        raise ValueError("the evaluation belongs to another subject or year")
    row = StoredEvaluation(
        id=uuid.uuid4(), kind=evaluation.kind, subject_type=subject_type, subject_id=str(subject_id),
        region_code=evaluation.region_code, year=year, standard_id=evaluation.standard_id,
        standard_year=evaluation.standard_year, standard_region=evaluation.standard_region,
        standard_version=evaluation.standard_version, verdict=evaluation.verdict,
        summary_en=evaluation.summary_en, summary_zh=evaluation.summary_zh,
        conditions=[asdict(c) for c in evaluation.conditions], facts=evaluation.facts,
        evaluated_by=caller.subject)
    session.add(row)
    session.flush()
    event = EvaluationRecorded(evaluation_id=str(row.id), kind=row.kind, subject_type=subject_type,
                               subject_id=row.subject_id, region_code=row.region_code, year=year,
                               standard_version=row.standard_version, verdict=row.verdict)
    session.journal.record(event, actor=caller.subject, action="evaluation.record",
                           after={"kind": row.kind, "subject": f"{subject_type}:{row.subject_id}",
                                  "year": year, "standard_version": row.standard_version,
                                  "verdict": row.verdict})
    return row.id


def stored_evaluation(session: Session, evaluation_id: uuid.UUID, caller: Caller | None = None) -> Evaluation:
    """Re-read a stored evaluation as the rules' value object, with the figures that made it."""
    row = repo.get_evaluation(session, evaluation_id)
    if row is None or (caller is not None and not caller.can_see(row.region_code)):
        raise not_found("Evaluation", "评估记录", evaluation_id)
    return Evaluation(
        row.subject_type, row.subject_id, row.year, row.standard_version, row.verdict,
        [ConditionResult(**c) for c in row.conditions], kind=row.kind, region_code=row.region_code,
        standard_year=row.standard_year, standard_region=row.standard_region,
        standard_id=row.standard_id, summary_en=row.summary_en, summary_zh=row.summary_zh,
        facts=row.facts)


def stored_evaluation_row(session: Session, evaluation_id: uuid.UUID, caller: Caller) -> StoredEvaluation:
    """Load a stored evaluation the caller may see; others answer 404 as if absent."""
    row = repo.get_evaluation(session, evaluation_id)
    if row is None or not caller.can_see(row.region_code):
        raise not_found("Evaluation", "评估记录", evaluation_id)
    return row


def evaluate_household_now(session: Session, caller: Caller, household_id: uuid.UUID, year: int,
                           kind: str) -> Evaluation:
    """Evaluate a household against the standard in force, without storing the result."""
    household = load_in_scope(session, caller, household_id)
    standard = current_standard(session, year, household.region_code)
    facts = household_facts(session, household, year)
    rule = evaluate_identification if kind == "identification" else evaluate_household_exit
    return rule(facts, standard)


def village_in_scope(session: Session, caller: Caller, village_code: str) -> Region:
    """Load a village the caller may see; a town, a missing code or one outside scope answers 404."""
    region = repo.get_region(session, village_code)
    if region is None or region.level != "village" or not caller.can_see(village_code):
        raise not_found("Village", "行政村", village_code)
    return region


def evaluate_village_now(session: Session, caller: Caller, village_code: str, year: int) -> Evaluation:
    """Evaluate a village's exit criteria against the standard in force, without storing."""
    village_in_scope(session, caller, village_code)
    return evaluate_village_exit(village_facts(session, village_code, year),
                                 current_standard(session, year, village_code))


def record_village_income(session: ServiceSession, caller: Caller, village_code: str,
                          data: VillageIncomeCreate) -> VillageIncome:
    """Record a village's income per head for a year as a new revision; earlier ones stay."""
    village_in_scope(session, caller, village_code)
    revision = repo.last_village_income_revision(session, village_code, data.year) + 1
    row = VillageIncome(village_code=village_code, year=data.year, revision=revision,
                        income_per_head=data.income_per_head, source=data.source,
                        recorded_by=caller.subject)
    session.add(row)
    session.flush()
    session.journal.record(VillageIncomeRecorded(village_code=village_code, year=data.year, revision=revision,
                                                 income_per_head=f"{data.income_per_head:.2f}"),
                           actor=caller.subject, action="village_income.record",
                           after=data.model_dump(mode="json") | {"revision": revision})
    return row


def village_incomes(session: Session, caller: Caller, village_code: str) -> list[VillageIncome]:
    """List a village's income revisions the caller may see."""
    village_in_scope(session, caller, village_code)
    return repo.village_incomes(session, village_code)
