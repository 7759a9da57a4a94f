"""HTTP routes of village work teams and first secretaries (驻村工作队、第一书记)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response

from services.supervision.deps import IfMatch, Reader, Writer
from services.supervision.models import WorkTeam
from services.supervision.teams import queries, service
from services.supervision.teams.errors import OfficialPosted, PostingEnded, RoleTaken, TeamExists
from services.supervision.teams.schemas import (
    HandoverCreate,
    PostingCreate,
    PostingEnd,
    WorkTeamCreate,
    WorkTeamRead,
)
from shared.concurrency import IfMatchRequired, IfMatchWildcard, VersionStale, etag_for
from shared.contract import ETAG, LOCATION, answers
from shared.db import ServiceSession
from shared.errors import RegionOutOfScope
from shared.pagination import MAX_LIMIT, Page
from shared.schemas import REGION_PREFIX_PATTERN
from shared.session import SessionDep

router = APIRouter(prefix="/api/v1/work-teams", tags=["work-teams"])
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="每页条数")]
Prefix = Annotated[str | None, Query(pattern=REGION_PREFIX_PATTERN, description="区划代码前缀")]
_VERSIONED = (IfMatchRequired, IfMatchWildcard, VersionStale)


def _read(session: ServiceSession, team: WorkTeam, response: Response) -> WorkTeamRead:
    response.headers["ETag"] = etag_for(team.version)
    return service.render(session, [team])[0]


@router.post(
    "",
    operation_id="form_work_team",
    summary="Send a work team to a village (派驻工作队)",
    response_model=WorkTeamRead,
    **answers(201, RegionOutOfScope, TeamExists, headers=(ETAG, LOCATION)),
)
def form_team(body: WorkTeamCreate, session: SessionDep, caller: Writer, response: Response) -> WorkTeamRead:
    """Record a work team sent by a unit to a village of the register."""
    team = service.form_team(session, caller, body)
    response.headers["Location"] = f"/api/v1/work-teams/{team.id}"
    return _read(session, team, response)


@router.get("", operation_id="list_work_teams", summary="List work teams", response_model=Page[WorkTeamRead])
def list_teams(
    session: SessionDep, caller: Reader, region: Prefix = None, limit: Limit = 50, cursor: str | None = None
) -> Page[WorkTeamRead]:
    """List the work teams of villages in the caller's region, with their terms."""
    prefix = caller.narrow(region)
    if prefix is None:
        return Page[WorkTeamRead](items=[], next_cursor=None)
    items, next_cursor = queries.list_teams(session, prefix, cursor, limit)
    return Page[WorkTeamRead](items=items, next_cursor=next_cursor)


@router.get(
    "/{team_id}",
    operation_id="get_work_team",
    summary="Read a work team with its terms",
    response_model=WorkTeamRead,
    **answers(headers=(ETAG,)),
)
def get_team(team_id: uuid.UUID, session: SessionDep, caller: Reader, response: Response) -> WorkTeamRead:
    """Read a work team, its serving first secretary and every term, oldest first."""
    return _read(session, service.load_team(session, caller, team_id), response)


@router.post(
    "/{team_id}/postings",
    operation_id="post_to_work_team",
    summary="Post an official to a vacant role (驻村任职)",
    response_model=WorkTeamRead,
    **answers(201, OfficialPosted, RoleTaken, *_VERSIONED, headers=(ETAG, LOCATION),
              description="the team with the new term; Location is the team"),
)
def add_posting(
    team_id: uuid.UUID,
    body: PostingCreate,
    session: SessionDep,
    caller: Writer,
    response: Response,
    if_match: IfMatch = None,
) -> WorkTeamRead:
    """Start an official's term in a vacant role; a serving first secretary is replaced by hand-over."""
    response.headers["Location"] = f"/api/v1/work-teams/{team_id}"
    return _read(session, service.add_posting(session, caller, team_id, if_match, body), response)


@router.post(
    "/{team_id}/handovers",
    operation_id="hand_over_posting",
    summary="Hand a term over to an incoming official (新老交接)",
    response_model=WorkTeamRead,
    **answers(201, OfficialPosted, PostingEnded, RoleTaken, *_VERSIONED, headers=(ETAG, LOCATION),
              description="the team with the incoming term; Location is the team"),
)
def hand_over(
    team_id: uuid.UUID,
    body: HandoverCreate,
    session: SessionDep,
    caller: Writer,
    response: Response,
    if_match: IfMatch = None,
) -> WorkTeamRead:
    """End the outgoing term and start the incoming official's in the same role on the same day."""
    response.headers["Location"] = f"/api/v1/work-teams/{team_id}"
    return _read(session, service.hand_over(session, caller, team_id, if_match, body), response)


@router.post(
    "/{team_id}/postings/{posting_id}/end",
    operation_id="end_work_team_posting",
    summary="End a term without a successor (期满、召回)",
    response_model=WorkTeamRead,
    **answers(200, PostingEnded, *_VERSIONED, headers=(ETAG,)),
)
def end_posting(
    team_id: uuid.UUID,
    posting_id: uuid.UUID,
    body: PostingEnd,
    session: SessionDep,
    caller: Writer,
    response: Response,
    if_match: IfMatch = None,
) -> WorkTeamRead:
    """End a term on a day not before it started."""
    return _read(session, service.end_posting(session, caller, team_id, posting_id, if_match, body), response)
