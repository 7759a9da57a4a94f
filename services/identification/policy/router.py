"""HTTP routes of policy standards (政策标准): read by officials, issued by administrators."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from services.identification.deps import PolicyAdmin, Reader
from services.identification.policy import standards, whatif
from services.identification.policy.errors import StandardIncomplete, StandardMissing, StandardVersionConflict
from services.identification.policy.schemas import (
    PolicyYear,
    StandardCreate,
    StandardRead,
    WhatIfHousehold,
    WhatIfOutcome,
    WhatIfRequest,
    WhatIfResult,
)
from services.identification.policy.views import standard_read
from shared.contract import LOCATION, answers
from shared.errors import Forbidden, RegionOutOfScope
from shared.pagination import MAX_LIMIT, Page, decode_cursor
from shared.schemas import REGION_PREFIX_PATTERN
from shared.session import SessionDep
from shared.types import INTEGER_MAX

router = APIRouter(prefix="/api/v1/policy", tags=["policy"])


@router.get("/standards", operation_id="list_policy_standards", summary="List standard versions",
            response_model=Page[StandardRead])
def list_standards(
    session: SessionDep, caller: Reader,
    year: Annotated[PolicyYear | None, Query(description="年度")] = None,
    region_prefix: Annotated[str | None,
                             Query(pattern=REGION_PREFIX_PATTERN, description="适用区划前缀")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
    cursor: str | None = None,
) -> Page[StandardRead]:
    """List every version of the standards by year, region prefix and version."""
    rows, next_cursor = standards.list_standards(session, year, region_prefix, cursor, limit)
    return Page[StandardRead](items=[standard_read(r) for r in rows], next_cursor=next_cursor)


@router.post("/standards", operation_id="issue_policy_standard",
             summary="Issue a new standard version (发布标准新版本)", response_model=StandardRead,
             **answers(201, Forbidden, RegionOutOfScope, StandardIncomplete, StandardVersionConflict,
                       headers=(LOCATION,)))
def issue_standard(body: StandardCreate, session: SessionDep, caller: PolicyAdmin,
                   response: Response) -> StandardRead:
    """Issue a new version; omitted figures are carried over from the version in force."""
    row = standards.issue_standard(session, caller, body)
    response.headers["Location"] = f"/api/v1/policy/standards/{row.id}"
    return standard_read(row)


@router.get("/standards/{standard_id}", operation_id="get_policy_standard",
            summary="Read a standard version", response_model=StandardRead)
def get_standard(standard_id: Annotated[int, Path(ge=1, le=INTEGER_MAX)], session: SessionDep,
                 caller: Reader) -> StandardRead:
    """Read one version of a standard."""
    return standard_read(standards.get_standard(session, standard_id))


@router.post("/what-if", operation_id="policy_what_if",
             summary="Dry-run a draft standard over the register (政策模拟, nothing changed)",
             response_model=WhatIfResult, **answers(200, RegionOutOfScope, StandardMissing))
def what_if(body: WhatIfRequest, session: SessionDep, caller: Reader) -> WhatIfResult:
    """Count households and people in poverty that would pass or fail a draft, by county/town/village."""
    return whatif.run(session, caller, body)


@router.post("/what-if/households", operation_id="policy_what_if_households",
             summary="List the households behind a what-if figure", response_model=Page[WhatIfHousehold],
             **answers(200, RegionOutOfScope, StandardMissing))
def what_if_households(
    body: WhatIfRequest, session: SessionDep, caller: Reader,
    outcome: Annotated[WhatIfOutcome, Query(description="pass 达标 | fail 未达标 | changed_to_fail | "
                                                        "changed_to_pass | all")] = WhatIfOutcome.FAIL,
    within: Annotated[str | None, Query(pattern=REGION_PREFIX_PATTERN,
                                        description="区划代码前缀 of the figure")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
    cursor: str | None = None,
) -> Page[WhatIfHousehold]:
    """List, in household-number order, the households counted in one figure of a what-if."""
    after = decode_cursor(cursor, 1, (str,))
    items, next_cursor = whatif.households(session, caller, body, outcome, within,
                                           after[0] if after else None, limit)
    return Page[WhatIfHousehold](items=items, next_cursor=next_cursor)
