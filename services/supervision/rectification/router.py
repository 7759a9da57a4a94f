"""HTTP routes of interviews, inspections and rectification items (约谈、督查巡查、整改)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response

from services.supervision.codes import InterviewState, ItemState
from services.supervision.deps import IfMatch, Reader, Reporter, Writer
from services.supervision.models import Interview, RectificationItem
from services.supervision.rectification import queries, service
from services.supervision.rectification.errors import (
    InterviewClosed,
    ItemsStillOpen,
    VerifierNotIndependent,
    WrongItemState,
)
from services.supervision.rectification.repository import ItemFilter
from services.supervision.rectification.schemas import (
    InspectionCreate,
    InspectionRead,
    InterviewClose,
    InterviewCreate,
    InterviewRead,
    ItemRead,
    ItemReport,
    ItemVerification,
    OverdueResult,
    OverdueScan,
)
from shared.concurrency import IfMatchRequired, IfMatchWildcard, VersionStale, etag_for
from shared.contract import ETAG, LOCATION, answers
from shared.db import ServiceSession
from shared.errors import RegionOutOfScope
from shared.pagination import MAX_LIMIT, Page
from shared.routes import Step, add_steps
from shared.schemas import REGION_PREFIX_PATTERN
from shared.session import SessionDep

interviews_router = APIRouter(prefix="/api/v1/interviews", tags=["interviews"])
inspections_router = APIRouter(prefix="/api/v1/inspections", tags=["inspections"])
items_router = APIRouter(prefix="/api/v1/rectification-items", tags=["rectification"])
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="每页条数")]
Prefix = Annotated[str | None, Query(pattern=REGION_PREFIX_PATTERN, description="区划代码前缀")]
_VERSIONED = (IfMatchRequired, IfMatchWildcard, VersionStale)


@inspections_router.post(
    "",
    operation_id="record_inspection",
    summary="Record an inspection and its rectification list (督查巡查)",
    response_model=InspectionRead,
    **answers(201, RegionOutOfScope, headers=(LOCATION,)),
)
def record_inspection(
    body: InspectionCreate, session: SessionDep, caller: Writer, response: Response
) -> InspectionRead:
    """Record an inspection tour's findings and the rectification items they lead to."""
    inspection = service.record_inspection(session, caller, body)
    response.headers["Location"] = f"/api/v1/inspections/{inspection.id}"
    return service.render_inspection(session, inspection)


@inspections_router.get(
    "/{inspection_id}",
    operation_id="get_inspection",
    summary="Read an inspection",
    response_model=InspectionRead,
)
def get_inspection(inspection_id: uuid.UUID, session: SessionDep, caller: Reader) -> InspectionRead:
    """Read an inspection with its findings and items."""
    return service.render_inspection(session, service.load_inspection(session, caller, inspection_id))


def _interview(session: ServiceSession, interview: Interview, response: Response) -> InterviewRead:
    response.headers["ETag"] = etag_for(interview.version)
    return service.render_interviews(session, [interview])[0]


@interviews_router.post(
    "",
    operation_id="open_interview",
    summary="Hold an interview with its rectification list (约谈)",
    response_model=InterviewRead,
    **answers(201, RegionOutOfScope, headers=(ETAG, LOCATION)),
)
def open_interview(
    body: InterviewCreate, session: SessionDep, caller: Writer, response: Response
) -> InterviewRead:
    """Record an interview of an official or a unit, its cause, issues and rectification list."""
    interview = service.open_interview(session, caller, body)
    response.headers["Location"] = f"/api/v1/interviews/{interview.id}"
    return _interview(session, interview, response)


@interviews_router.get(
    "", operation_id="list_interviews", summary="List interviews", response_model=Page[InterviewRead]
)
def list_interviews(
    session: SessionDep,
    caller: Reader,
    region: Prefix = None,
    state: Annotated[InterviewState | None, Query(description="状态")] = None,
    limit: Limit = 50,
    cursor: str | None = None,
) -> Page[InterviewRead]:
    """List interviews in the caller's region, newest first."""
    prefix = caller.narrow(region)
    if prefix is None:
        return Page[InterviewRead](items=[], next_cursor=None)
    items, next_cursor = queries.list_interviews(session, prefix, state, cursor, limit)
    return Page[InterviewRead](items=items, next_cursor=next_cursor)


@interviews_router.get(
    "/{interview_id}",
    operation_id="get_interview",
    summary="Read an interview",
    response_model=InterviewRead,
    **answers(headers=(ETAG,)),
)
def get_interview(
    interview_id: uuid.UUID, session: SessionDep, caller: Reader, response: Response
) -> InterviewRead:
    """Read an interview with its rectification list."""
    return _interview(session, service.load_interview(session, caller, interview_id), response)


add_steps(interviews_router, (
    Step("close", "close_interview", "Close an interview whose items are all closed (办结)",
         "Close an interview once every item on its list is verified and closed.", InterviewClose,
         service.close_interview, (InterviewClosed, ItemsStillOpen, *_VERSIONED)),
), id_name="interview_id", response_model=InterviewRead, caller=Writer, if_match=IfMatch,
    render=lambda session, _caller, interview: service.render_interviews(session, [interview])[0])


def _item(item: RectificationItem, response: Response) -> ItemRead:
    response.headers["ETag"] = etag_for(item.version)
    return service.render_items([item])[0]


@items_router.get(
    "",
    operation_id="list_rectification_items",
    summary="List rectification items",
    response_model=Page[ItemRead],
)
def list_items(
    session: SessionDep,
    caller: Reader,
    region: Prefix = None,
    state: Annotated[ItemState | None, Query(description="状态")] = None,
    overdue: Annotated[bool, Query(description="只列已逾期的")] = False,
    limit: Limit = 50,
    cursor: str | None = None,
) -> Page[ItemRead]:
    """List rectification items in the caller's region by deadline; `overdue` keeps those past it."""
    prefix = caller.narrow(region)
    if prefix is None:
        return Page[ItemRead](items=[], next_cursor=None)
    f = ItemFilter(prefix, state, service.china_today() if overdue else None)
    items, next_cursor = queries.list_items(session, f, cursor, limit)
    return Page[ItemRead](items=items, next_cursor=next_cursor)


@items_router.get(
    "/{item_id}",
    operation_id="get_rectification_item",
    summary="Read a rectification item",
    response_model=ItemRead,
    **answers(headers=(ETAG,)),
)
def get_item(item_id: uuid.UUID, session: SessionDep, caller: Reader, response: Response) -> ItemRead:
    """Read a rectification item and where it stands."""
    return _item(service.load_item(session, caller, item_id), response)


add_steps(items_router, (
    Step("report", "report_rectification_item", "Report an item done (整改报告)",
         "The interviewed side reports what was done on an open item.", ItemReport, service.report_item,
         (WrongItemState, *_VERSIONED), caller=Reporter),
    Step("verification", "verify_rectification_item", "Verify a report (核验销号)",
         "Another than the reporter and owner checks a report: accepted closes the item, refused reopens it.",
         ItemVerification, service.verify_item, (WrongItemState, VerifierNotIndependent, *_VERSIONED)),
), id_name="item_id", response_model=ItemRead, caller=Writer, if_match=IfMatch,
    render=lambda _session, _caller, item: service.render_items([item])[0])


@items_router.post(
    "/overdue-scans",
    operation_id="flag_overdue_items",
    summary="Flag items past their deadline",
    response_model=OverdueResult,
)
def flag_overdue(body: OverdueScan, session: SessionDep, caller: Writer) -> OverdueResult:
    """Flag, once each, the items in the caller's region not closed by their deadline on the given day."""
    return OverdueResult(flagged=service.flag_overdue(session, caller, body.as_of))
