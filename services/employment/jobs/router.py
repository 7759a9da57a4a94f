"""HTTP routes of employers and positions."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response

from services.employment.codes import PositionKind
from services.employment.deps import IfMatch, Reader, Writer
from services.employment.jobs import queries, service
from services.employment.jobs.errors import EmployerExists, PositionTermsInvalid
from services.employment.jobs.schemas import (
    EmployerCreate,
    EmployerRead,
    PositionCreate,
    PositionRead,
    PositionUpdate,
)
from services.employment.jobs.views import render_employer
from shared.concurrency import IfMatchRequired, IfMatchWildcard, VersionStale, etag_for
from shared.contract import ETAG, LOCATION, answers
from shared.errors import RegionOutOfScope
from shared.pagination import MAX_LIMIT, Page
from shared.schemas import REGION_PREFIX_PATTERN
from shared.session import SessionDep

router = APIRouter(prefix="/api/v1", tags=["jobs"])
Prefix = Annotated[str | None, Query(pattern=REGION_PREFIX_PATTERN, description="区划代码前缀")]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT)]


@router.post(
    "/employers",
    operation_id="register_employer",
    summary="Register an employer by its unified social credit code",
    response_model=EmployerRead,
    **answers(
        201,
        RegionOutOfScope,
        EmployerExists,
        headers=(
            LOCATION,
            ETAG,
        ),
    ),
)
def register_employer(
    body: EmployerCreate, session: SessionDep, caller: Writer, response: Response
) -> EmployerRead:
    """Register an employer in the caller's region; a wrong check character is refused naming credit_code."""
    employer = service.register_employer(session, caller, body)
    response.headers["Location"] = f"/api/v1/employers/{employer.id}"
    response.headers["ETag"] = etag_for(employer.version)
    return render_employer(employer)


@router.get(
    "/employers", operation_id="list_employers", summary="List employers", response_model=Page[EmployerRead]
)
def list_employers(
    session: SessionDep, caller: Reader, region: Prefix = None, limit: Limit = 50, cursor: str | None = None
) -> Page[EmployerRead]:
    """List employers (published data: every reader sees all), in credit-code order."""
    items, next_cursor = queries.employers(session, region, cursor, limit)
    return Page[EmployerRead](items=items, next_cursor=next_cursor)


@router.get(
    "/employers/{employer_id}",
    operation_id="get_employer",
    summary="Read an employer",
    response_model=EmployerRead,
    **answers(200, headers=(ETAG,)),
)
def get_employer(
    employer_id: uuid.UUID, session: SessionDep, caller: Reader, response: Response
) -> EmployerRead:
    """Read an employer."""
    employer = service.read_employer(session, employer_id)
    response.headers["ETag"] = etag_for(employer.version)
    return render_employer(employer)


@router.post(
    "/positions",
    operation_id="post_position",
    summary="Post a position (岗位发布)",
    response_model=PositionRead,
    **answers(
        201,
        RegionOutOfScope,
        PositionTermsInvalid,
        headers=(
            LOCATION,
            ETAG,
        ),
    ),
)
def post_position(
    body: PositionCreate, session: SessionDep, caller: Writer, response: Response
) -> PositionRead:
    """Post a position of an employer in the caller's region (any kind: workshop, public-welfare …)."""
    position = service.post_position(session, caller, body)
    response.headers["Location"] = f"/api/v1/positions/{position.id}"
    response.headers["ETag"] = etag_for(position.version)
    return position


@router.get(
    "/positions", operation_id="list_positions", summary="List positions", response_model=Page[PositionRead]
)
def list_positions(
    session: SessionDep,
    caller: Reader,
    region: Prefix = None,
    kind: Annotated[PositionKind | None, Query(description="岗位类型")] = None,
    open_only: Annotated[bool, Query(alias="open", description="only positions taking hires today")] = False,
    limit: Limit = 50,
    cursor: str | None = None,
) -> Page[PositionRead]:
    """List positions by workplace prefix and kind (vacancies are published: every reader sees all)."""
    items, next_cursor = queries.positions(session, region, kind, open_only, cursor, limit)
    return Page[PositionRead](items=items, next_cursor=next_cursor)


@router.get(
    "/positions/{position_id}",
    operation_id="get_position",
    summary="Read a position",
    response_model=PositionRead,
    **answers(200, headers=(ETAG,)),
)
def get_position(
    position_id: uuid.UUID, session: SessionDep, caller: Reader, response: Response
) -> PositionRead:
    """Read a position with its openings filled."""
    position = service.read_position(session, position_id)
    response.headers["ETag"] = etag_for(position.version)
    return position


@router.patch(
    "/positions/{position_id}",
    operation_id="change_position",
    summary="Change a position's terms",
    response_model=PositionRead,
    **answers(
        200,
        RegionOutOfScope,
        PositionTermsInvalid,
        IfMatchRequired,
        IfMatchWildcard,
        VersionStale,
        headers=(ETAG,),
    ),
)
def change_position(
    position_id: uuid.UUID,
    body: PositionUpdate,
    session: SessionDep,
    caller: Writer,
    response: Response,
    if_match: IfMatch = None,
) -> PositionRead:
    """Change wage, requirements, openings (never below those filled), period, targets or state."""
    position = service.change_position(session, caller, position_id, if_match, body)
    response.headers["ETag"] = etag_for(position.version)
    return position
