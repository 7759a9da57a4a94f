"""HTTP for replicas: lookups by id and snapshot pages, for service tokens with register:replicate."""

from __future__ import annotations

from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Body, Query, Response

from services.identification.replica import service
from shared.auth import REGISTER_REPLICATE, Caller, require
from shared.pagination import MAX_LIMIT
from shared.replica.contract import LOOKUP_MAX, ReplicaLookup, ReplicaRows
from shared.session import SessionDep

router = APIRouter(prefix="/api/v1/replica", tags=["replica"])
Replicator = Annotated[Caller, require(REGISTER_REPLICATE)]
_WHO = (" Needs a token with the `register:replicate` scope (service accounts of consuming services); "
        "rows lie inside the token's region. No names, ID numbers or phones: members carry the "
        "ID number's keyed lookup hash.")
_ROWS_EXAMPLE = {
    "feed_position": 5120,
    "regions": [{"code": "441882100201", "name": "三古滩村", "level": "village",
                 "parent_code": "441882100000", "relatively_poor": True, "exited_on": None}],
    "households": [{
        "id": "0b6f1c2e-8a57-4e7e-9a55-1f0c8e3b9d21", "household_no": "4418821002010001",
        "region_code": "441882100201", "status": "removed", "category": "general",
        "identified_on": "2016-05-10", "exited_on": None, "removed_on": "2019-03-02",
        "removal_reason": "income_above_line", "version": 4,
        "members": [{"id": "5d0e3c55-7f8b-4a59-8a3e-0d9b6c1f2a10",
                     "id_number_hash": "9f2c…e41a", "birth_date": "1978-05-12", "sex": "male",
                     "relation": "head", "labour_capacity": "normal", "health_status": "healthy",
                     "disability_grade": None, "active": True, "left_on": None}]}],
    "next_cursor": None,
}
def _json(rows: dict[str, Any]) -> Response:
    """Serialise the rows (ReplicaRows' shape) in one pass: a page holds ~5,000 objects."""
    return Response(orjson.dumps(rows), media_type="application/json")


_OK = {200: {"description": "rows as they are now, and the feed position they reflect",
             "content": {"application/json": {"example": _ROWS_EXAMPLE}}}}


@router.post("/lookup", operation_id="replica_lookup",
             summary="Read households and regions by id for a replica",
             response_model=ReplicaRows, responses=_OK,
             description=f"At most {LOOKUP_MAX} household ids and {LOOKUP_MAX} region codes; ids outside "
             f"the token's region or unknown are left out.{_WHO}")
def lookup(
    session: SessionDep,
    caller: Replicator,
    body: Annotated[ReplicaLookup, Body(openapi_examples={"household": {
        "summary": "a household an event named",
        "value": {"household_ids": ["0b6f1c2e-8a57-4e7e-9a55-1f0c8e3b9d21"],
                  "region_codes": ["441882100201"]}}})],
) -> Response:
    """Read households (with members) and regions by id, as they are now."""
    return _json(service.lookup(session, caller, body))


@router.get("/regions", operation_id="replica_regions", summary="Read every region for a replica",
            response_model=ReplicaRows, responses=_OK, description=f"All regions in scope.{_WHO}")
def regions(session: SessionDep, caller: Replicator) -> Response:
    """Read every region inside the caller's region."""
    return _json(service.all_regions(session, caller))


@router.get("/households", operation_id="replica_households",
            summary="Read a snapshot page of households for a replica", response_model=ReplicaRows,
            responses=_OK,
            description="Pages in household-id order. The first page's `feed_position` is the position "
            "the whole snapshot reflects at least: follow the feed after it." + _WHO)
def households(
    session: SessionDep,
    caller: Replicator,
    cursor: Annotated[str | None, Query(description="next_cursor of the page before (游标)")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="households per page")] = MAX_LIMIT,
) -> Response:
    """Read one page of households with their members."""
    return _json(service.households_page(session, caller, cursor, limit))
