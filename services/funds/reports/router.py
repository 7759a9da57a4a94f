"""HTTP routes of the funds reports: JSON, XLSX, and the records behind each figure page by page."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import StreamingResponse

from services.funds.codes import FundingSource, ProjectType
from services.funds.deps import Reader
from services.funds.reports import service
from services.funds.reports.schemas import FundsReport, ReportAllocation, ReportPayment, ReportProject
from services.funds.reports.workbook import MEDIA_TYPE, workbook
from shared.pagination import MAX_LIMIT, Page
from shared.schemas import REGION_PREFIX_PATTERN
from shared.session import SessionDep

router = APIRouter(prefix="/api/v1/reports/funds", tags=["reports"])
Year = Annotated[int, Query(ge=2016, le=2035, description="项目年度")]
Region = Annotated[
    str | None,
    Query(
        pattern=REGION_PREFIX_PATTERN,
        description="区划代码前缀: a county's code, a city's, or 44 for the "
        "province (default: the caller's scope)",
    ),
]
Source = Annotated[FundingSource | None, Query(description="资金来源")]
Type = Annotated[ProjectType | None, Query(description="项目类型")]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT)]


def _figure(
    year: Year,
    region: Region = None,
    source: Source = None,
    project_type: Type = None,
    limit: Limit = 50,
    cursor: str | None = None,
) -> service.Figure:
    """The figure a drill-down lists the records behind, and the page asked for."""
    return service.Figure(year, region, source, project_type, cursor, limit)


Figure = Annotated[service.Figure, Depends(_figure)]


@router.get(
    "",
    operation_id="funds_report",
    summary="Funds report by county, source and type (资金报表)",
    response_model=FundsReport,
)
def funds_report(session: SessionDep, caller: Reader, year: Year, region: Region = None) -> FundsReport:
    """A year's budget, allocated and disbursed money of each county in scope, by source and project type.

    A project counts in its own year; allocated and disbursed are sums of its allocation and payment
    records. Each figure links to the projects, allocations and payments behind it (paged lists).
    Ask with region=44 as the province for the provincial report.
    """
    return service.report(session, caller, year, region)


@router.get(
    "/workbook",
    operation_id="funds_report_workbook",
    response_class=StreamingResponse,
    summary="The funds report as XLSX (资金报表下载)",
    responses={
        200: {
            "description": "XLSX: a sheet of lines by county, source and type (各县分项) "
            "and a sheet of totals (合计), amounts in yuan",
            "content": {MEDIA_TYPE: {"schema": {"type": "string", "format": "binary"}}},
        }
    },
)
def funds_report_workbook(
    session: SessionDep, caller: Reader, year: Year, region: Region = None
) -> StreamingResponse:
    """The same figures as the JSON report, as a workbook."""
    report = service.report(session, caller, year, region)
    name = f"funds-report-{year}-{report.region}.xlsx"
    return StreamingResponse(
        workbook(report),
        media_type=MEDIA_TYPE,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get(
    "/projects",
    operation_id="funds_report_projects",
    summary="The projects behind a report figure (项目明细)",
    response_model=Page[ReportProject],
)
def report_projects(session: SessionDep, caller: Reader, figure: Figure) -> Page[ReportProject]:
    """List the budget lines (a project and a source) behind a figure, with their ledger sums."""
    items, next_cursor = service.project_page(session, caller, figure)
    return Page[ReportProject](items=items, next_cursor=next_cursor)


@router.get(
    "/allocations",
    operation_id="funds_report_allocations",
    summary="The allocations behind a report figure (下达明细)",
    response_model=Page[ReportAllocation],
)
def report_allocations(session: SessionDep, caller: Reader, figure: Figure) -> Page[ReportAllocation]:
    """List the allocations summed into an `allocated` figure."""
    items, next_cursor = service.allocation_page(session, caller, figure)
    return Page[ReportAllocation](items=items, next_cursor=next_cursor)


@router.get(
    "/payments",
    operation_id="funds_report_payments",
    summary="The payments behind a report figure (拨付明细)",
    response_model=Page[ReportPayment],
)
def report_payments(session: SessionDep, caller: Reader, figure: Figure) -> Page[ReportPayment]:
    """List the payments summed into a `disbursed` figure."""
    items, next_cursor = service.payment_page(session, caller, figure)
    return Page[ReportPayment](items=items, next_cursor=next_cursor)
