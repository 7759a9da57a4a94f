"""HTTP routes of coverage against the plan's 100% targets."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query

from services.employment.coverage import queries
from services.employment.coverage.schemas import CoverageRow, Gap, GapPerson, Level
from services.employment.deps import Reader
from shared.pagination import MAX_LIMIT, Page
from shared.schemas import REGION_PREFIX_PATTERN
from shared.session import SessionDep

router = APIRouter(prefix="/api/v1/coverage", tags=["coverage"])
Region = Annotated[str | None, Query(pattern=REGION_PREFIX_PATTERN, description="区划代码前缀")]


@router.get(
    "",
    operation_id="coverage_by_region",
    response_model=list[CoverageRow],
    summary="Training and employment-service coverage by region against 100% (覆盖率)",
)
def coverage(
    session: SessionDep,
    caller: Reader,
    region: Region = None,
    level: Annotated[Level, Query(description="汇总层级")] = Level.VILLAGE,
) -> list[CoverageRow]:
    """Per region in your scope: the willing, those trained or served, shares and gaps against 100%."""
    prefix = caller.narrow(region)
    return queries.coverage(session, prefix, level, date.today()) if prefix else []


@router.get(
    "/gaps",
    operation_id="coverage_gaps",
    response_model=Page[GapPerson],
    summary="The people behind a coverage gap (缺口人员)",
)
def gaps(
    session: SessionDep,
    caller: Reader,
    gap: Annotated[Gap, Query(description="缺口类别")],
    region: Region = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
    cursor: str | None = None,
) -> Page[GapPerson]:
    """Who wants training and has not completed any, or wants work and has no one-to-one service yet."""
    prefix = caller.narrow(region)
    if prefix is None:
        return Page[GapPerson](items=[], next_cursor=None)
    items, next_cursor = queries.gaps(session, prefix, gap, cursor, limit, date.today())
    return Page[GapPerson](items=items, next_cursor=next_cursor)
