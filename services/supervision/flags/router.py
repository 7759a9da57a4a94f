"""HTTP routes of target places and red flags (位置、数据预警)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from services.supervision.codes import FlagKind
from services.supervision.deps import IfMatch, Reader, Writer
from services.supervision.flags import service
from services.supervision.flags.schemas import MissedVisitScan, PlaceRead, PlaceWrite, RedFlagRead, ScanResult
from shared.concurrency import IfMatchRequired, IfMatchWildcard, VersionStale, etag_for
from shared.contract import ETAG, answers
from shared.errors import RegionOutOfScope
from shared.pagination import MAX_LIMIT, Page
from shared.schemas import REGION_PREFIX_PATTERN
from shared.session import SessionDep

places_router = APIRouter(prefix="/api/v1/places", tags=["red-flags"])
router = APIRouter(prefix="/api/v1/red-flags", tags=["red-flags"])
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="每页条数")]
Prefix = Annotated[str | None, Query(pattern=REGION_PREFIX_PATTERN, description="区划代码前缀")]
TargetKey = Annotated[str, Path(pattern=r"^(\d{12}|[0-9a-fA-F-]{36})$", description="区划代码或户标识")]


@places_router.put(
    "/{target_key}",
    operation_id="set_target_place",
    summary="Record where a target is (位置)",
    response_model=PlaceRead,
    **answers(200, RegionOutOfScope, IfMatchRequired, IfMatchWildcard, VersionStale, headers=(ETAG,)),
)
def set_place(
    target_key: TargetKey,
    body: PlaceWrite,
    session: SessionDep,
    caller: Writer,
    response: Response,
    if_match: IfMatch = None,
) -> PlaceRead:
    """Record a region's office or a household's home position; a correction takes If-Match."""
    place = service.set_place(session, caller, target_key, if_match, body)
    response.headers["ETag"] = etag_for(place.version)
    return PlaceRead.model_validate(place)


@places_router.get(
    "/{target_key}",
    operation_id="get_target_place",
    summary="Read where a target is",
    response_model=PlaceRead,
    **answers(headers=(ETAG,)),
)
def get_place(target_key: TargetKey, session: SessionDep, caller: Reader, response: Response) -> PlaceRead:
    """Read a target's recorded position."""
    place = service.read_place(session, caller, target_key)
    response.headers["ETag"] = etag_for(place.version)
    return PlaceRead.model_validate(place)


@router.get("", operation_id="list_red_flags", summary="List red flags", response_model=Page[RedFlagRead])
def list_flags(
    session: SessionDep,
    caller: Reader,
    region: Prefix = None,
    kind: Annotated[FlagKind | None, Query(description="预警类型")] = None,
    official_id: Annotated[uuid.UUID | None, Query(description="干部标识")] = None,
    limit: Limit = 50,
    cursor: str | None = None,
) -> Page[RedFlagRead]:
    """List the red flags in the caller's region, newest first."""
    prefix = caller.narrow(region)
    if prefix is None:
        return Page[RedFlagRead](items=[], next_cursor=None)
    items, next_cursor = service.list_flags(session, prefix, kind, official_id, cursor, limit)
    return Page[RedFlagRead](items=items, next_cursor=next_cursor)


@router.post(
    "/missed-visit-scans",
    operation_id="scan_missed_visits",
    summary="Flag poor households not visited in a period (未遍访预警)",
    response_model=ScanResult,
    **answers(200, RegionOutOfScope),
)
def scan(body: MissedVisitScan, session: SessionDep, caller: Writer) -> ScanResult:
    """Raise a flag for each poor household its secretary has not visited in the period; once each."""
    raised, known = service.scan_missed_visits(session, caller, body)
    return ScanResult(raised=raised, already_raised=known)
