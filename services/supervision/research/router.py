"""HTTP routes of field research quotas and compliance (专题调研定额与履职)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from services.supervision.codes import OfficialLevel
from services.supervision.deps import PolicyAdmin, Reader, Reporter
from services.supervision.research import service
from services.supervision.research.errors import AlreadyRecorded, NoQuotaForYear, QuotaExists
from services.supervision.research.schemas import (
    ComplianceReport,
    QuotaCreate,
    QuotaRead,
    Recorded,
    ReportCreate,
    ResearchDayCreate,
    StudyCreate,
)
from shared.contract import answers
from shared.errors import RegionOutOfScope
from shared.schemas import REGION_PREFIX_PATTERN
from shared.session import SessionDep

router = APIRouter(prefix="/api/v1/research", tags=["research"])


@router.get(
    "/quotas",
    operation_id="list_research_quotas",
    summary="Research quotas per year and level",
    response_model=list[QuotaRead],
)
def list_quotas(session: SessionDep, caller: Reader) -> list[QuotaRead]:
    """List the stored quotas; the plan's 2018–2020 figures are preloaded."""
    return service.list_quotas(session)


@router.post(
    "/quotas",
    operation_id="set_research_quota",
    summary="Store a year's research quota (调研定额)",
    response_model=QuotaRead,
    **answers(200, QuotaExists),
)
def set_quota(body: QuotaCreate, session: SessionDep, caller: PolicyAdmin) -> QuotaRead:
    """Store a year's quota for city or county leaders; policy administrators only."""
    return QuotaRead.model_validate(service.set_quota(session, caller, body))


@router.post(
    "/days",
    operation_id="record_research_day",
    summary="Record a day of field research",
    response_model=Recorded,
    **answers(200, AlreadyRecorded),
)
def record_day(body: ResearchDayCreate, session: SessionDep, caller: Reporter) -> Recorded:
    """Record a city or county leader's day of field research; each day counts once."""
    return Recorded(
        id=service.record_day(session, caller, body), official_id=body.official_id, kind="research_day"
    )


@router.post(
    "/studies",
    operation_id="record_topical_study",
    summary="Record a topical study (专题研究)",
    response_model=Recorded,
    **answers(200),
)
def record_study(body: StudyCreate, session: SessionDep, caller: Reporter) -> Recorded:
    """Record a leadership meeting that studied poverty alleviation."""
    return Recorded(
        id=service.record_study(session, caller, body), official_id=body.official_id, kind="topical_study"
    )


@router.post(
    "/reports",
    operation_id="record_yearly_report",
    summary="Record a yearly progress report (年度报告)",
    response_model=Recorded,
    **answers(200, AlreadyRecorded),
)
def record_report(body: ReportCreate, session: SessionDep, caller: Reporter) -> Recorded:
    """Record a leader's yearly report to the level above; one a year."""
    return Recorded(
        id=service.record_report(session, caller, body), official_id=body.official_id, kind="yearly_report"
    )


@router.get(
    "/compliance",
    operation_id="research_compliance",
    summary="Who is behind on research (调研履职)",
    response_model=ComplianceReport,
    **answers(200, NoQuotaForYear, RegionOutOfScope),
)
def compliance(
    session: SessionDep,
    caller: Reader,
    year: Annotated[int, Query(ge=2018, le=2100, description="年度")],
    level: Annotated[OfficialLevel, Query(description="层级 (city or county)")],
    region: Annotated[str | None, Query(pattern=REGION_PREFIX_PATTERN, description="区划代码前缀")] = None,
) -> ComplianceReport:
    """Each city or county leader's research days, studies per quarter or month and yearly report."""
    return service.compliance(session, caller, year, level, region)
