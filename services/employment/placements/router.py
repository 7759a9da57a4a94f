"""HTTP routes of placements: recommend, apply, hire, start, follow up, leave, close."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Response

from services.employment.codes import PlacementState
from services.employment.deps import IfMatch, Reader, Writer
from services.employment.labour.errors import NotInLabourForce
from services.employment.placements import service
from services.employment.placements.errors import (
    FollowUpNotDue,
    NoOpeningsLeft,
    PairExcluded,
    PlacementExists,
    StepNotAllowed,
)
from services.employment.placements.schemas import (
    Close,
    FollowUpCreate,
    Leave,
    PlacementCreate,
    PlacementRead,
    Start,
    StepOn,
)
from shared.concurrency import IfMatchRequired, IfMatchWildcard, VersionStale, etag_for
from shared.contract import ETAG, LOCATION, answers
from shared.pagination import MAX_LIMIT, Page
from shared.routes import Step, add_steps
from shared.schemas import REGION_PREFIX_PATTERN
from shared.session import SessionDep

router = APIRouter(prefix="/api/v1/placements", tags=["placements"])
_VERSIONED = (IfMatchRequired, IfMatchWildcard, VersionStale, StepNotAllowed)


def _etag(response: Response, placement: PlacementRead) -> PlacementRead:
    response.headers["ETag"] = etag_for(placement.version)
    return placement


@router.post(
    "",
    operation_id="recommend_placement",
    summary="Recommend a labourer for a position (人岗对接推荐)",
    response_model=PlacementRead,
    **answers(
        201,
        NotInLabourForce,
        PairExcluded,
        PlacementExists,
        headers=(
            LOCATION,
            ETAG,
        ),
    ),
)
def recommend(
    body: PlacementCreate, session: SessionDep, caller: Writer, response: Response
) -> PlacementRead:
    """Recommend a registered labourer of your region; a pair a hard constraint excludes is refused."""
    placement = service.recommend(session, caller, body, date.today())
    response.headers["Location"] = f"/api/v1/placements/{placement.id}"
    return _etag(response, placement)


@router.get("", operation_id="list_placements", summary="List placements", response_model=Page[PlacementRead])
def list_placements(
    session: SessionDep,
    caller: Reader,
    region: Annotated[str | None, Query(pattern=REGION_PREFIX_PATTERN, description="区划代码前缀")] = None,
    member_id: Annotated[uuid.UUID | None, Query(description="成员标识")] = None,
    position_id: Annotated[uuid.UUID | None, Query(description="岗位标识")] = None,
    state: Annotated[PlacementState | None, Query(description="状态")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
    cursor: str | None = None,
) -> Page[PlacementRead]:
    """List placements of labourers in the caller's region, in id order."""
    prefix = caller.narrow(region)
    if prefix is None:
        return Page[PlacementRead](items=[], next_cursor=None)
    items, next_cursor = service.list_placements(
        session, prefix, member_id, position_id, state, cursor, limit
    )
    return Page[PlacementRead](items=items, next_cursor=next_cursor)


@router.get(
    "/{placement_id}",
    operation_id="get_placement",
    summary="Read a placement",
    response_model=PlacementRead,
    **answers(200, headers=(ETAG,)),
)
def get_placement(
    placement_id: uuid.UUID, session: SessionDep, caller: Reader, response: Response
) -> PlacementRead:
    """Read a placement with its follow-ups and their due dates."""
    return _etag(response, service.read(session, caller, placement_id))


_STEPS = (
    Step("apply", "placement_apply", "The person applied (报名)", "Record the application.", StepOn,
         lambda s, c, pid, m, b: service.apply(s, c, pid, m, b.on), _VERSIONED),
    Step("hire", "placement_hire", "The employer hired (录用)",
         "Fill one opening; refused with 409 when none is left, even under concurrent hires.", StepOn,
         lambda s, c, pid, m, b: service.hire(s, c, pid, m, b.on, date.today()),
         (*_VERSIONED, NoOpeningsLeft)),
    Step("start", "placement_start", "The person started work (上岗)",
         "Record the start of work; follow-ups fall due 3 and 6 months later.", Start,
         lambda s, c, pid, m, b: service.start(s, c, pid, m, b.started_on), _VERSIONED),
    Step("follow-ups", "placement_follow_up", "Record the 3- or 6-month follow-up (跟踪回访)",
         "Record whether the person is still employed and why not; not employed ends the placement.",
         FollowUpCreate, service.follow_up, (*_VERSIONED, FollowUpNotDue)),
    Step("leave", "placement_leave", "The person left the job (离岗)", "Record leaving the job and why.",
         Leave, service.leave, _VERSIONED),
    Step("close", "placement_close", "End a placement before work began (未成功)",
         "Declined, not selected, withdrawn or no show; a hire's opening is given back.",
         Close, service.close, _VERSIONED),
)
add_steps(router, _STEPS, id_name="placement_id", response_model=PlacementRead, caller=Writer,
          if_match=IfMatch)
