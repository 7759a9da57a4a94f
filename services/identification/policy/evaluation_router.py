"""HTTP routes of explained evaluations: households and villages now, stored ones by id."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from services.identification.deps import Reader, Writer
from services.identification.policy import service
from services.identification.policy.errors import StandardMissing
from services.identification.policy.schemas import (
    EvaluationRead,
    HouseholdRule,
    PolicyYear,
    VillageIncomeCreate,
    VillageIncomeRead,
)
from services.identification.policy.views import evaluation_read, stored_read
from shared.contract import LOCATION, answers
from shared.schemas import REGION_CODE_PATTERN
from shared.session import SessionDep

households_router = APIRouter(prefix="/api/v1/households", tags=["evaluations"])
evaluations_router = APIRouter(prefix="/api/v1/evaluations", tags=["evaluations"])
villages_router = APIRouter(prefix="/api/v1/villages", tags=["evaluations"])
VillageCode = Annotated[str, Path(pattern=REGION_CODE_PATTERN, description="行政村12位区划代码")]
Year = Annotated[PolicyYear, Query(description="年度")]


@households_router.get("/{household_id}/evaluation", operation_id="evaluate_household",
                       summary="Evaluate a household against the standard in force (not stored)",
                       response_model=EvaluationRead, **answers(200, StandardMissing))
def evaluate_household(household_id: uuid.UUID, year: Year, session: SessionDep, caller: Reader,
                       rule: Annotated[HouseholdRule, Query(description="exit 退出 | identification 识别")]
                       = HouseholdRule.EXIT) -> EvaluationRead:
    """Check every standard for a household and year, one explained line per condition."""
    return evaluation_read(service.evaluate_household_now(session, caller, household_id, year, rule))


@evaluations_router.get("/{evaluation_id}", operation_id="get_evaluation",
                        summary="Re-read a stored evaluation with its figures", response_model=EvaluationRead)
def get_evaluation(evaluation_id: uuid.UUID, session: SessionDep, caller: Reader) -> EvaluationRead:
    """Read an evaluation stored with a decision, exactly as it was made."""
    return stored_read(service.stored_evaluation_row(session, evaluation_id, caller))


@villages_router.get("/{code}/evaluation", operation_id="evaluate_village",
                     summary="Evaluate a village's exit criteria (出列, not stored)",
                     response_model=EvaluationRead, **answers(200, StandardMissing))
def evaluate_village(code: VillageCode, year: Year, session: SessionDep, caller: Reader) -> EvaluationRead:
    """Check a village's exit criteria for a year, one explained line per condition."""
    return evaluation_read(service.evaluate_village_now(session, caller, code, year))


@villages_router.post("/{code}/incomes",
                      operation_id="record_village_income",
                      summary="Record a village's income per head (村人均可支配收入)",
                      response_model=VillageIncomeRead,
                      **answers(201, headers=(LOCATION,), description="the recorded revision; Location is "
                                "the village's income revisions, where it is listed"))
def record_village_income(code: VillageCode, body: VillageIncomeCreate, session: SessionDep,
                          caller: Writer, response: Response) -> VillageIncomeRead:
    """Record a year's village income per head; recording a year again adds a revision."""
    recorded = service.record_village_income(session, caller, code, body)
    response.headers["Location"] = f"/api/v1/villages/{code}/incomes"
    return VillageIncomeRead.model_validate(recorded)


@villages_router.get("/{code}/incomes", operation_id="list_village_incomes",
                     summary="A village's income revisions", response_model=list[VillageIncomeRead])
def list_village_incomes(code: VillageCode, session: SessionDep, caller: Reader) -> list[VillageIncomeRead]:
    """List every revision of a village's income records, by year then revision."""
    return [VillageIncomeRead.model_validate(r) for r in service.village_incomes(session, caller, code)]
