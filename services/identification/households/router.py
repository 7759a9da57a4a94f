"""HTTP routes of households, members and incomes."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response

from services.identification.codes import HouseholdCategory, HouseholdStatus, LabourCapacity, PovertyCause
from services.identification.deps import IfMatch, Reader, Writer
from services.identification.filters import HouseholdFilter
from services.identification.households import queries, service
from services.identification.households.errors import (
    HeadExists,
    HeadMustBeReplaced,
    HouseholdInactive,
    HouseholdNumberTaken,
    MemberAlreadyLeft,
    PersonInOtherHousehold,
    PersonRegisteredElsewhere,
)
from services.identification.households.schemas import (
    HouseholdCreate,
    HouseholdRead,
    HouseholdSummary,
    HouseholdUpdate,
    IncomeCreate,
    IncomeRead,
    MemberCreate,
    MemberLeave,
    MemberUpdate,
    StatusChangeRead,
)
from services.identification.households.views import income
from services.identification.models import Household
from services.identification.regions.errors import RegionNotVillage, RegionUnknown
from shared.answers import json_answer
from shared.auth import Caller
from shared.concurrency import IfMatchRequired, IfMatchWildcard, VersionStale, etag_for
from shared.contract import ETAG, LOCATION, answers
from shared.db import ServiceSession
from shared.errors import Conflict, RegionOutOfScope
from shared.pagination import MAX_LIMIT, Page
from shared.schemas import REGION_PREFIX_PATTERN
from shared.session import ReadDep, SessionDep

_VERSIONED = (IfMatchRequired, IfMatchWildcard, VersionStale)
_PEOPLE = (PersonInOtherHousehold, PersonRegisteredElsewhere, Conflict)

router = APIRouter(prefix="/api/v1/households", tags=["households"])


def _render(session: SessionDep, caller: Reader, household: Household, response: Response,
            region_name: str | None = None) -> HouseholdRead:
    response.headers["ETag"] = etag_for(household.version)
    name = region_name if region_name is not None else queries.region_name(session, household)
    return service.show_household(session, caller, household, name)


@router.post("", operation_id="create_household",
             summary="Enter a household as a candidate (申请/提名)", response_model=HouseholdRead,
             **answers(201, RegionUnknown, RegionNotVillage, RegionOutOfScope, HouseholdNumberTaken, *_PEOPLE,
                       headers=(ETAG, LOCATION)))
def create_household(body: HouseholdCreate, session: SessionDep, caller: Writer,
                     response: Response) -> HouseholdRead:
    """Register a household with its members; it starts as a candidate."""
    household, region_name = service.create_household(session, caller, body)
    response.headers["Location"] = f"/api/v1/households/{household.id}"
    return _render(session, caller, household, response, region_name)


@router.get("", operation_id="list_households", summary="List households",
            response_model=Page[HouseholdSummary])
async def list_households(
    reads: ReadDep, caller: Reader,
    region: Annotated[str | None, Query(pattern=REGION_PREFIX_PATTERN, description="区划代码前缀")] = None,
    status_: Annotated[HouseholdStatus | None, Query(alias="status", description="状态")] = None,
    category: Annotated[HouseholdCategory | None, Query(description="贫困户属性")] = None,
    cause: Annotated[PovertyCause | None, Query(description="主要致贫原因")] = None,
    labour_capacity: Annotated[LabourCapacity | None, Query(description="有该劳动能力的成员")] = None,
    q: Annotated[str | None, Query(min_length=1, max_length=32, pattern=r"^[^\x00]+$",
                                   description="成员姓名包含")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
    cursor: str | None = None,
) -> Response:
    """List households in the caller's region, village by village, in household-number order."""
    prefix = caller.narrow(region)
    if prefix is None:
        return json_answer(Page[HouseholdSummary](items=[], next_cursor=None))
    f = HouseholdFilter(prefix, status_, category, cause, labour_capacity, q)
    return await reads.run(_household_page, f, cursor, limit)


def _household_page(session: ServiceSession, f: HouseholdFilter, cursor: str | None, limit: int) -> Response:
    """Read one page of the household list and answer it."""
    rows, next_cursor = queries.list_households(session, f, cursor, limit)
    items = [HouseholdSummary(id=r.id, household_no=r.household_no, region_code=r.region_code,
                              head_name=r.head_name or "", status=r.status, category=r.category,
                              primary_cause=r.primary_cause, member_count=r.member_count, version=r.version)
             for r in rows]
    return json_answer(Page[HouseholdSummary](items=items, next_cursor=next_cursor))


@router.get("/{household_id}", operation_id="get_household", summary="Read a household",
            response_model=HouseholdRead, **answers(headers=(ETAG,)))
async def get_household(household_id: uuid.UUID, reads: ReadDep, caller: Reader) -> Response:
    """Read a household; personal data is masked unless the caller holds pii:read."""
    return await reads.run(_household_answer, caller, household_id)


def _household_answer(session: ServiceSession, caller: Caller, household_id: uuid.UUID) -> Response:
    """Read a household in scope and answer it as the caller may see it, with its ETag."""
    household, region_name = service.read_household(session, caller, household_id)
    rendered = service.show_household(session, caller, household, region_name)
    return json_answer(rendered, {"ETag": etag_for(household.version)})


@router.patch("/{household_id}", operation_id="update_household", summary="Change register fields",
              response_model=HouseholdRead, **answers(200, *_VERSIONED, headers=(ETAG,)))
def update_household(household_id: uuid.UUID, body: HouseholdUpdate, session: SessionDep, caller: Writer,
                     response: Response,
        if_match: IfMatch = None) -> HouseholdRead:
    """Change a household's register fields; its status changes only through procedures."""
    household = service.update_household(session, caller, household_id, if_match, body)
    return _render(session, caller, household, response)


@router.post("/{household_id}/members", operation_id="add_member",
             summary="Add a member (增员)", response_model=HouseholdRead,
             **answers(201, HouseholdInactive, HeadExists, *_PEOPLE, *_VERSIONED, headers=(ETAG, LOCATION),
                       description="the household with its new member; Location is the household"))
def add_member(household_id: uuid.UUID, body: MemberCreate, session: SessionDep, caller: Writer,
               response: Response,
        if_match: IfMatch = None) -> HouseholdRead:
    """Add a person to a household; a person active elsewhere is refused with 409."""
    household = service.add_member(session, caller, household_id, if_match, body)
    response.headers["Location"] = f"/api/v1/households/{household.id}"
    return _render(session, caller, household, response)


@router.patch("/{household_id}/members/{member_id}", operation_id="update_member",
              summary="Change a member", response_model=HouseholdRead,
              **answers(200, HeadExists, *_PEOPLE, *_VERSIONED, headers=(ETAG,)))
def update_member(household_id: uuid.UUID, member_id: uuid.UUID, body: MemberUpdate, session: SessionDep,
                  caller: Writer, response: Response,
        if_match: IfMatch = None) -> HouseholdRead:
    """Change a member's data."""
    household = service.update_member(session, caller, household_id, member_id, if_match, body)
    return _render(session, caller, household, response)


@router.post("/{household_id}/members/{member_id}/leave", operation_id="member_leaves",
             summary="Record a member leaving (减员)", response_model=HouseholdRead,
             **answers(200, MemberAlreadyLeft, HeadMustBeReplaced, *_VERSIONED, headers=(ETAG,)))
def member_leaves(household_id: uuid.UUID, member_id: uuid.UUID, body: MemberLeave, session: SessionDep,
                  caller: Writer, response: Response,
        if_match: IfMatch = None) -> HouseholdRead:
    """Record that a member left (death, marriage, moving out …)."""
    household = service.member_leaves(session, caller, household_id, member_id, if_match, body)
    return _render(session, caller, household, response)


@router.get("/{household_id}/status-history", operation_id="household_status_history",
            summary="Lifecycle transitions", response_model=list[StatusChangeRead])
def status_history(household_id: uuid.UUID, session: SessionDep, caller: Reader) -> list[StatusChangeRead]:
    """List every status transition of a household, oldest first."""
    return [StatusChangeRead.model_validate(c) for c in queries.status_history(session, caller, household_id)]


@router.post("/{household_id}/incomes", operation_id="record_income",
             summary="Record a year's income (收入核算)", response_model=IncomeRead,
             **answers(201, headers=(LOCATION,), description="the recorded revision; Location is the "
                       "household's income records, where it is listed"))
def record_income(household_id: uuid.UUID, body: IncomeCreate, session: SessionDep,
                  caller: Writer, response: Response) -> IncomeRead:
    """Record a year's income; recording a year again adds a revision."""
    recorded = income(service.add_income(session, caller, household_id, body))
    response.headers["Location"] = f"/api/v1/households/{household_id}/incomes"
    return recorded


@router.get("/{household_id}/incomes", operation_id="list_incomes", summary="Income records",
            response_model=list[IncomeRead])
def list_incomes(household_id: uuid.UUID, session: SessionDep, caller: Reader) -> list[IncomeRead]:
    """List every revision of a household's income records."""
    return [income(r) for r in queries.incomes(session, caller, household_id)]

