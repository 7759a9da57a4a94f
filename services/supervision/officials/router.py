"""HTTP routes of officials (干部)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response

from services.supervision.codes import OfficialLevel, Post
from services.supervision.deps import IfMatch, Reader, Writer
from services.supervision.models import Official
from services.supervision.officials import queries, service
from services.supervision.officials.errors import (
    AlreadyLeft,
    RegionNotAtLevel,
    SecretaryServing,
    SubjectTaken,
)
from services.supervision.officials.repository import OfficialFilter
from services.supervision.officials.schemas import OfficialCreate, OfficialLeave, OfficialRead, ReserveRow
from shared.concurrency import IfMatchRequired, IfMatchWildcard, VersionStale, etag_for
from shared.contract import ETAG, LOCATION, answers
from shared.errors import RegionOutOfScope
from shared.pagination import MAX_LIMIT, Page
from shared.schemas import REGION_PREFIX_PATTERN
from shared.session import SessionDep

router = APIRouter(prefix="/api/v1/officials", tags=["officials"])
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="每页条数")]
Prefix = Annotated[str | None, Query(pattern=REGION_PREFIX_PATTERN, description="区划代码前缀")]


def _read(official: Official, response: Response) -> OfficialRead:
    response.headers["ETag"] = etag_for(official.version)
    return OfficialRead.model_validate(official)


@router.post(
    "",
    operation_id="register_official",
    summary="Register an official (登记干部)",
    response_model=OfficialRead,
    **answers(
        201, RegionOutOfScope, RegionNotAtLevel, SecretaryServing, SubjectTaken, headers=(ETAG, LOCATION)
    ),
)
def register_official(
    body: OfficialCreate, session: SessionDep, caller: Writer, response: Response
) -> OfficialRead:
    """Register an official at a level, post and region inside the caller's scope."""
    official = service.register_official(session, caller, body)
    response.headers["Location"] = f"/api/v1/officials/{official.id}"
    return _read(official, response)


@router.get("", operation_id="list_officials", summary="List officials", response_model=Page[OfficialRead])
def list_officials(
    session: SessionDep,
    caller: Reader,
    region: Prefix = None,
    level: Annotated[OfficialLevel | None, Query(description="层级")] = None,
    post: Annotated[Post | None, Query(description="职务")] = None,
    serving: Annotated[bool | None, Query(description="在任")] = None,
    limit: Limit = 50,
    cursor: str | None = None,
) -> Page[OfficialRead]:
    """List officials in the caller's region, by region code."""
    prefix = caller.narrow(region)
    if prefix is None:
        return Page[OfficialRead](items=[], next_cursor=None)
    rows, next_cursor = queries.list_officials(
        session, OfficialFilter(prefix, level, post, serving), cursor, limit
    )
    return Page[OfficialRead](items=[OfficialRead.model_validate(r) for r in rows], next_cursor=next_cursor)


@router.get(
    "/{official_id}",
    operation_id="get_official",
    summary="Read an official",
    response_model=OfficialRead,
    **answers(headers=(ETAG,)),
)
def get_official(
    official_id: uuid.UUID, session: SessionDep, caller: Reader, response: Response
) -> OfficialRead:
    """Read an official in the caller's region."""
    return _read(service.load_official(session, caller, official_id), response)


@router.post(
    "/{official_id}/departure",
    operation_id="record_official_departure",
    summary="Record that an official left the post (离任)",
    response_model=OfficialRead,
    **answers(200, AlreadyLeft, IfMatchRequired, IfMatchWildcard, VersionStale, headers=(ETAG,)),
)
def record_departure(
    official_id: uuid.UUID,
    body: OfficialLeave,
    session: SessionDep,
    caller: Writer,
    response: Response,
    if_match: IfMatch = None,
) -> OfficialRead:
    """End an official's service on a day not before the appointment."""
    return _read(service.leave(session, caller, official_id, if_match, body), response)


reserve_router = APIRouter(prefix="/api/v1/reserve-report", tags=["officials"])


@reserve_router.get(
    "",
    operation_id="reserve_report",
    summary="Reserve village secretaries against 1:2 (村党组织书记后备队伍)",
    response_model=Page[ReserveRow],
)
def reserve_report(
    session: SessionDep,
    caller: Reader,
    region: Prefix = None,
    short_only: Annotated[bool, Query(description="只列未达1∶2的村")] = False,
    limit: Limit = 50,
    cursor: str | None = None,
) -> Page[ReserveRow]:
    """List each relatively poor village in the caller's region with its reserve count and the 1:2 check."""
    prefix = caller.narrow(region)
    if prefix is None:
        return Page[ReserveRow](items=[], next_cursor=None)
    items, next_cursor = queries.reserve_report(session, prefix, short_only, cursor, limit)
    return Page[ReserveRow](items=items, next_cursor=next_cursor)
