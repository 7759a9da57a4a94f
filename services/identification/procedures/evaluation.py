"""The procedures' use of the policy rules: the standard's periods and the evaluations at steps."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from services.identification.models import Household
from services.identification.policy import rules as policy
from services.identification.policy import service as policy_service
from services.identification.procedures.errors import IncomeNotRecorded
from shared.auth import Caller


@dataclass(frozen=True)
class Outcome:
    """An evaluation taken at a step, as stored: its id, whether the step may pass, its lines."""

    evaluation_id: uuid.UUID
    passed: bool
    summary_en: str
    summary_zh: str
    conditions: list[dict[str, Any]]

    def unmet(self) -> list[dict[str, Any]]:
        """Return the lines that did not pass."""
        return [c for c in self.conditions if not c["passed"]]


def _income_not_recorded(household: Household, year: int) -> IncomeNotRecorded:
    """Refuse to identify without income: precise identification (§24) measures income, never assumes it."""
    return IncomeNotRecorded(f"Household {household.household_no} has no income record for {year}; "
                             "record it first",
                             f"贫困户 {household.household_no} 无{year}年收入记录，请先录入收入再入户调查",
                             extra={"household_id": str(household.id), "year": year})


def publicity_days(session: Session, year: int, region_code: str) -> tuple[int, int]:
    """Return the standard's notice period (公示天数) and objection period (异议期天数)."""
    standard = policy_service.current_standard(session, year, region_code)
    return standard.notice_days, standard.objection_days


def _line(c: policy.ConditionResult) -> dict[str, Any]:
    return {"code": c.code, "label": c.label_en, "label_zh": c.label_zh, "value": c.value,
            "threshold": c.threshold, "passed": c.passed, "explanation": c.explanation_en,
            "explanation_zh": c.explanation_zh, "rule": c.rule}


def evaluate(session: Session, caller: Caller, rule: str, household: Household | None,
             village_code: str | None, year: int) -> Outcome:
    """Run a step's evaluation on the register's facts, store it and return its outcome."""
    standard = policy_service.current_standard(session, year, village_code or household.region_code)
    if rule == "village_exit":
        facts = policy_service.village_facts(session, village_code, year)
        evaluation = policy.evaluate_village_exit(facts, standard)
        subject_type, subject_id = "village", village_code
    else:
        household_facts = policy_service.household_facts(session, household, year)
        if rule == "identification" and household_facts.income_per_head is None:
            raise _income_not_recorded(household, year)
        evaluate_rule = (policy.evaluate_household_exit if rule == "household_exit"
                         else policy.evaluate_identification)
        evaluation = evaluate_rule(household_facts, standard)
        subject_type, subject_id = "household", str(household.id)
    evaluation_id = policy_service.evaluate_and_store(session, caller, subject_type, subject_id, year,
                                                      evaluation)
    # The identification verdict says "is poor" (its failed lines are the deprivations), so for
    # every rule the step passes exactly when the verdict is true.
    return Outcome(evaluation_id, evaluation.verdict, evaluation.summary_en, evaluation.summary_zh,
                   [_line(c) for c in evaluation.conditions])
