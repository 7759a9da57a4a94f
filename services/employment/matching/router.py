"""HTTP routes of matching: jobs for a person, people for a job, and one pair explained."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query

from services.employment.deps import Reader
from services.employment.labour.errors import NotInLabourForce
from services.employment.matching import service
from services.employment.matching.schemas import JobMatches, PairRead, PersonMatches
from shared.errors import responses
from shared.schemas import REGION_PREFIX_PATTERN
from shared.session import SessionDep

router = APIRouter(prefix="/api/v1", tags=["matching"])
Limit = Annotated[int, Query(ge=1, le=100, description="how many matches (and excluded pairs) to return")]


@router.get(
    "/labourers/{member_id}/matches",
    operation_id="match_jobs_for_labourer",
    summary="Rank the positions for a labourer, with reasons (岗位推荐)",
    response_model=JobMatches,
    responses=responses(NotInLabourForce),
)
def jobs_for(member_id: uuid.UUID, session: SessionDep, caller: Reader, limit: Limit = 10) -> JobMatches:
    """Rank open positions: hard constraints exclude (listed with why), skills, place and wage score."""
    return service.jobs_for(session, caller, member_id, limit, date.today())


@router.get(
    "/positions/{position_id}/matches",
    operation_id="match_labourers_for_position",
    summary="Rank the labourers in your region for a position, with reasons (人选推荐)",
    response_model=PersonMatches,
)
def people_for(
    position_id: uuid.UUID,
    session: SessionDep,
    caller: Reader,
    limit: Limit = 10,
    region: Annotated[str | None, Query(pattern=REGION_PREFIX_PATTERN, description="区划代码前缀")] = None,
) -> PersonMatches:
    """Rank registered labourers of the caller's region (or a narrower one) for a position."""
    return service.people_for(session, caller, position_id, caller.narrow(region), limit, date.today())


@router.get(
    "/labourers/{member_id}/matches/{position_id}",
    operation_id="explain_match",
    summary="Explain one labourer and one position: score or exclusion (匹配说明)",
    response_model=PairRead,
    responses=responses(NotInLabourForce),
)
def explain(member_id: uuid.UUID, position_id: uuid.UUID, session: SessionDep, caller: Reader) -> PairRead:
    """Judge one pair whatever the position's state, naming every hard constraint failed."""
    return service.explain(session, caller, member_id, position_id, date.today())
