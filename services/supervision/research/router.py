"""HTTP routes of field research quotas and compliance (专题调研定额与履职)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
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
from shared.auth import Caller
from shared.contract import answers
from shared.db import ServiceSession
from shared.errors import RegionOutOfScope
from shared.routes import endpoint
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


def _recording(record: Callable[..., uuid.UUID], kind: str) -> Callable[..., Recorded]:
    """Return the call that records a leader's duty of one kind and answers what was recorded."""

    def call(body: ResearchDayCreate | StudyCreate | ReportCreate, session: ServiceSession,
             caller: Caller) -> Recorded:
        return Recorded(id=record(session, caller, body), official_id=body.official_id, kind=kind)

    return call


_RECORDS = (
    ("/days", "record_research_day", "Record a day of field research",
     "Record a city or county leader's day of field research; each day counts once.", ResearchDayCreate,
     service.record_day, "research_day", (AlreadyRecorded,)),
    ("/studies", "record_topical_study", "Record a topical study (专题研究)",
     "Record a leadership meeting that studied poverty alleviation.", StudyCreate,
     service.record_study, "topical_study", ()),
    ("/reports", "record_yearly_report", "Record a yearly progress report (年度报告)",
     "Record a leader's yearly report to the level above; one a year.", ReportCreate,
     service.record_report, "yearly_report", (AlreadyRecorded,)),
)
for path, operation_id, summary, doc, body, record, kind, errors in _RECORDS:
    params = {"body": body, "session": SessionDep, "caller": Reporter}
    router.post(path, operation_id=operation_id, summary=summary, response_model=Recorded,
                **answers(200, *errors))(endpoint(operation_id, doc, params, _recording(record, kind)))


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
