"""HTTP routes of performance management: indicators, their periods and actuals, evaluations."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from services.funds.deps import Reader, Writer
from services.funds.performance import service
from services.funds.performance.errors import (
    IndicatorExists,
    NotACounty,
    NothingToEvaluate,
    PeriodNotBegun,
    PeriodOverlaps,
)
from services.funds.performance.schemas import (
    ActualWrite,
    EvaluationRead,
    EvaluationWrite,
    IndicatorRead,
    IndicatorWrite,
    PeriodWrite,
)
from services.funds.projects.errors import StepLevelMismatch, StepRegionMismatch
from shared.contract import LOCATION, answers
from shared.errors import Forbidden
from shared.pagination import MAX_LIMIT, Page
from shared.schemas import REGION_PREFIX_PATTERN
from shared.session import SessionDep

router = APIRouter(prefix="/api/v1/performance", tags=["performance"])
_TAKER = (Forbidden, StepLevelMismatch, StepRegionMismatch)
Region = Annotated[str | None, Query(pattern=REGION_PREFIX_PATTERN, description="区划代码前缀")]
ProjectFilter = Annotated[uuid.UUID | None, Query(description="只列该项目的")]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT)]


def _listing(
    region: Region = None, project_id: ProjectFilter = None, limit: Limit = 50, cursor: str | None = None
) -> service.Listing:
    """The region, project and page a list asks for."""
    return service.Listing(region, project_id, cursor, limit)


Listing = Annotated[service.Listing, Depends(_listing)]


@router.post(
    "/indicators",
    operation_id="define_indicator",
    summary="Define a performance indicator (设定绩效指标)",
    response_model=IndicatorRead,
    **answers(201, *_TAKER, NotACounty, IndicatorExists, headers=(LOCATION,)),
)
def define(body: IndicatorWrite, session: SessionDep, caller: Writer, response: Response) -> IndicatorRead:
    """Define a project's or county's indicator with unit, direction and baseline, by the county."""
    indicator = service.define(session, caller, body)
    response.headers["Location"] = f"/api/v1/performance/indicators/{indicator.id}"
    return service.render(session, [indicator])[0]


@router.get(
    "/indicators",
    operation_id="list_indicators",
    summary="Performance indicators (绩效指标)",
    response_model=Page[IndicatorRead],
)
def list_indicators(session: SessionDep, caller: Reader, asked: Listing) -> Page[IndicatorRead]:
    """List indicators in the caller's region with their periods."""
    items, next_cursor = service.indicator_page(session, caller, asked)
    return Page[IndicatorRead](items=items, next_cursor=next_cursor)


@router.get(
    "/indicators/{indicator_id}",
    operation_id="get_indicator",
    summary="Read an indicator",
    response_model=IndicatorRead,
)
def get_indicator(indicator_id: uuid.UUID, session: SessionDep, caller: Reader) -> IndicatorRead:
    """Read an indicator with its periods' targets and actuals."""
    return service.read_indicator(session, caller, indicator_id)


@router.post(
    "/indicators/{indicator_id}/periods",
    operation_id="set_indicator_period",
    summary="Add a period and its target (设定期次目标)",
    response_model=IndicatorRead,
    **answers(201, *_TAKER, PeriodOverlaps, headers=(LOCATION,)),
)
def set_period(
    indicator_id: uuid.UUID, body: PeriodWrite, session: SessionDep, caller: Writer, response: Response
) -> IndicatorRead:
    """Add a period (not overlapping another of the indicator) with its target.

    Location names the indicator, which lists the new period.
    """
    indicator = service.set_period(session, caller, indicator_id, body)
    response.headers["Location"] = f"/api/v1/performance/indicators/{indicator.id}"
    return service.render(session, [indicator])[0]


@router.put(
    "/indicators/{indicator_id}/periods/{period_id}/actual",
    operation_id="record_indicator_actual",
    summary="Record a period's actual value (登记实际值)",
    response_model=IndicatorRead,
    **answers(200, *_TAKER, PeriodNotBegun),
)
def record_actual(
    indicator_id: uuid.UUID, period_id: uuid.UUID, body: ActualWrite, session: SessionDep, caller: Writer
) -> IndicatorRead:
    """Record or correct the actual value of a period that has begun (China's date)."""
    return service.render(session, [service.record_actual(session, caller, indicator_id, period_id, body)])[0]


@router.post(
    "/evaluations",
    operation_id="evaluate_performance",
    summary="Evaluate a project's or county's performance (绩效评价)",
    response_model=EvaluationRead,
    **answers(201, *_TAKER, NotACounty, NothingToEvaluate, headers=(LOCATION,)),
)
def evaluate(
    body: EvaluationWrite, session: SessionDep, caller: Writer, response: Response
) -> EvaluationRead:
    """Score the indicator periods inside the window by rule funds.performance.score, by the city or province.

    The answer holds every input the score was computed from, so anyone can recompute it.
    """
    evaluation = service.evaluate(session, caller, body)
    response.headers["Location"] = f"/api/v1/performance/evaluations/{evaluation.id}"
    return service.render_evaluation(evaluation)


@router.get(
    "/evaluations",
    operation_id="list_evaluations",
    summary="Performance evaluations (绩效评价)",
    response_model=Page[EvaluationRead],
)
def list_evaluations(session: SessionDep, caller: Reader, asked: Listing) -> Page[EvaluationRead]:
    """List evaluations in the caller's region."""
    items, next_cursor = service.evaluation_page(session, caller, asked)
    return Page[EvaluationRead](items=items, next_cursor=next_cursor)


@router.get(
    "/evaluations/{evaluation_id}",
    operation_id="get_evaluation",
    summary="Read an evaluation",
    response_model=EvaluationRead,
)
def get_evaluation(evaluation_id: uuid.UUID, session: SessionDep, caller: Reader) -> EvaluationRead:
    """Read an evaluation with its score, grade, rule and inputs."""
    return service.read_evaluation(session, caller, evaluation_id)
