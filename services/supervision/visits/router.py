"""HTTP routes of visits (遍访): offline batches from phones, lists, coverage and who is not yet visited."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request

from services.supervision.codes import OfficialLevel
from services.supervision.deps import Reader, Visitor
from services.supervision.visits import queries, service
from services.supervision.visits.errors import BatchRace, LevelWithoutTargets
from services.supervision.visits.rules import REFUSAL_RULES
from services.supervision.visits.schemas import (
    BatchResult,
    CoverageReport,
    ItemError,
    ItemResult,
    UnvisitedTarget,
    VisitBatch,
    VisitRead,
    VisitRecord,
)
from shared.errors import RegionOutOfScope, responses
from shared.i18n import wants_chinese
from shared.pagination import MAX_LIMIT, Page
from shared.schemas import REGION_PREFIX_PATTERN
from shared.session import SessionDep

router = APIRouter(prefix="/api/v1/visits", tags=["visits"])
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="每页条数")]
Prefix = Annotated[str | None, Query(pattern=REGION_PREFIX_PATTERN, description="区划代码前缀")]
Level = Annotated[OfficialLevel, Query(description="书记层级")]
Start = Annotated[date, Query(description="期间开始日期 (北京时间, 含)")]
End = Annotated[date, Query(description="期间结束日期 (北京时间, 含)")]


@router.post(
    "/batches",
    operation_id="record_visit_batch",
    summary="Send visits recorded offline (离线上传)",
    response_model=BatchResult,
    responses=responses(BatchRace),
)
def record_batch(body: VisitBatch, session: SessionDep, caller: Visitor, request: Request) -> BatchResult:
    """Store each good record once and name each bad record's reasons; always 200 with a result per record.

    Each record is checked on its own (a VisitRecord): `created` records are stored now, `duplicate`
    ones were stored by an earlier sending of the same client id and content, and `rejected` ones are
    not stored, with `errors` naming each field (in the record) and why. Sending a batch again is safe.
    """
    zh = wants_chinese(request.headers.get("accept-language"))
    outcomes = service.record_batch(session, caller, body.visits)
    results = [
        ItemResult(
            index=o.index,
            client_id=o.client_id,
            outcome=o.outcome,
            visit_id=o.visit_id,
            errors=[ItemError(**e.render(zh), rule=REFUSAL_RULES.get(e.code)) for e in o.errors],
        )
        for o in outcomes
    ]
    count = {k: sum(1 for o in outcomes if o.outcome == k) for k in ("created", "duplicate", "rejected")}
    return BatchResult(
        received=len(outcomes),
        created=count["created"],
        duplicates=count["duplicate"],
        rejected=count["rejected"],
        results=results,
    )


@router.post(
    "/record-schema",
    operation_id="validate_visit_record",
    summary="Check one visit record's shape without storing it",
    response_model=VisitRecord,
)
def validate_record(body: VisitRecord, caller: Visitor) -> VisitRecord:
    """Echo a well-formed record (a phone app's self-test); a malformed one is a 422 naming its fields."""
    return body


@router.get("", operation_id="list_visits", summary="List visits", response_model=Page[VisitRead])
def list_visits(
    session: SessionDep,
    caller: Reader,
    region: Prefix = None,
    official_id: Annotated[uuid.UUID | None, Query(description="遍访干部标识")] = None,
    household_id: Annotated[uuid.UUID | None, Query(description="贫困户标识")] = None,
    limit: Limit = 50,
    cursor: str | None = None,
) -> Page[VisitRead]:
    """List visits to targets in the caller's region, newest first; findings need pii:read."""
    prefix = caller.narrow(region)
    if prefix is None:
        return Page[VisitRead](items=[], next_cursor=None)
    items, next_cursor = queries.list_visits(
        session, caller, prefix, official_id, household_id, cursor, limit
    )
    return Page[VisitRead](items=items, next_cursor=next_cursor)


@router.get(
    "/coverage",
    operation_id="visit_coverage",
    summary="Coverage of a level's targets (遍访覆盖)",
    response_model=CoverageReport,
    responses=responses(LevelWithoutTargets, RegionOutOfScope),
)
def coverage(
    session: SessionDep, caller: Reader, level: Level, start: Start, end: End, region: Prefix = None
) -> CoverageReport:
    """Count each responsible region's targets and how many its secretary visited in the period."""
    prefix = caller.narrow(region)
    if prefix is None:
        raise RegionOutOfScope("region", region or "")
    return queries.coverage(session, queries.coverage_query(level, prefix, start, end), start, end)


@router.get(
    "/not-visited",
    operation_id="list_not_visited",
    summary="Targets not yet visited (未遍访)",
    response_model=Page[UnvisitedTarget],
    responses=responses(LevelWithoutTargets),
)
def not_visited(
    session: SessionDep,
    caller: Reader,
    level: Level,
    start: Start,
    end: End,
    region: Prefix = None,
    limit: Limit = 50,
    cursor: str | None = None,
) -> Page[UnvisitedTarget]:
    """List the targets of a level its secretary has not visited in the period."""
    prefix = caller.narrow(region)
    if prefix is None:
        return Page[UnvisitedTarget](items=[], next_cursor=None)
    items, next_cursor = queries.unvisited(
        session, queries.coverage_query(level, prefix, start, end), cursor, limit
    )
    return Page[UnvisitedTarget](items=items, next_cursor=next_cursor)
