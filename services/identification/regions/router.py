"""HTTP routes of regions; region codes and names are public reference data."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from services.identification.codes import RegionLevel
from services.identification.deps import IfMatch, PolicyAdmin, Reader, Writer
from services.identification.models import Region
from services.identification.regions import service
from services.identification.regions.errors import NaturalVillageExists, RegionNotVillage
from services.identification.regions.schemas import (
    NaturalVillageWrite,
    RegionConditionUpdate,
    RegionDesignationUpdate,
    RegionDetail,
    RegionRead,
)
from shared.concurrency import IfMatchRequired, IfMatchWildcard, VersionStale, etag_for
from shared.contract import ETAG, LOCATION, answers
from shared.errors import Forbidden
from shared.schemas import REGION_CODE_PATTERN
from shared.session import SessionDep
from shared.types import INTEGER_MAX

router = APIRouter(prefix="/api/v1/regions", tags=["regions"])
_VERSIONED = (IfMatchRequired, IfMatchWildcard, VersionStale)
# Every change here is to a village; another region's code is refused.
_VILLAGE = (RegionNotVillage, *_VERSIONED)
Code = Annotated[str, Path(pattern=REGION_CODE_PATTERN, description="12位区划代码")]


def _detail(region: Region, response: Response) -> RegionDetail:
    response.headers["ETag"] = etag_for(region.version)
    return RegionDetail.model_validate(region)


@router.get("", operation_id="list_regions", summary="List regions under a parent",
            response_model=list[RegionRead])
def list_regions(
    session: SessionDep, caller: Reader,
    parent: Annotated[str | None, Query(pattern=REGION_CODE_PATTERN, description="上级区划代码")] = None,
    level: Annotated[RegionLevel | None, Query(description="层级")] = None,
) -> list[RegionRead]:
    """List the regions directly under a parent (the province when omitted)."""
    return [RegionRead.model_validate(r) for r in service.list_children(session, parent, level)]


@router.get("/{code}", operation_id="get_region", summary="Read a region", response_model=RegionDetail,
            **answers(headers=(ETAG,)))
def get_region(code: Code, session: SessionDep, caller: Reader, response: Response) -> RegionDetail:
    """Read a region with its attributes and natural villages."""
    return _detail(service.read_region(session, code), response)


@router.patch("/{code}/designations", operation_id="update_village_designations",
              summary="Change a village's designations (认定)", response_model=RegionDetail,
              **answers(200, Forbidden, *_VILLAGE, headers=(ETAG,)))
def update_designations(code: Code, body: RegionDesignationUpdate, session: SessionDep, caller: PolicyAdmin,
                        response: Response,
        if_match: IfMatch = None) -> RegionDetail:
    """Designate a village relatively poor, old revolutionary base …; policy administrators only."""
    changes = body.model_dump(exclude_unset=True)
    return _detail(service.update_village(session, caller, code, if_match, changes), response)


@router.patch("/{code}/conditions", operation_id="update_village_conditions",
              summary="Change a village's conditions", response_model=RegionDetail,
              **answers(200, *_VILLAGE, headers=(ETAG,)))
def update_conditions(code: Code, body: RegionConditionUpdate, session: SessionDep, caller: Writer,
                      response: Response,
        if_match: IfMatch = None) -> RegionDetail:
    """Record that a village meets (or no longer meets) the tidy-village standard."""
    changes = body.model_dump(exclude_unset=True)
    return _detail(service.update_village(session, caller, code, if_match, changes), response)


@router.post("/{code}/natural-villages",
             operation_id="add_natural_village", summary="Add a natural village (自然村)",
             response_model=RegionDetail,
             **answers(201, NaturalVillageExists, *_VILLAGE, headers=(ETAG, LOCATION),
                       description="the village with its new natural village; Location is the village"))
def add_natural_village(code: Code, body: NaturalVillageWrite, session: SessionDep, caller: Writer,
                        response: Response,
        if_match: IfMatch = None) -> RegionDetail:
    """Add a natural village with its household count and road status."""
    response.headers["Location"] = f"/api/v1/regions/{code}"
    return _detail(service.add_natural_village(session, caller, code, if_match, body), response)


@router.put("/{code}/natural-villages/{natural_id}", operation_id="update_natural_village",
            summary="Replace a natural village's data", response_model=RegionDetail,
            **answers(200, NaturalVillageExists, *_VILLAGE, headers=(ETAG,)))
def update_natural_village(code: Code,
                           natural_id: Annotated[int, Path(ge=1, le=INTEGER_MAX, description="自然村编号")],
                           body: NaturalVillageWrite, session: SessionDep,
                           caller: Writer, response: Response,
        if_match: IfMatch = None) -> RegionDetail:
    """Replace a natural village's name, household count and road status."""
    region = service.update_natural_village(session, caller, code, natural_id, if_match, body)
    return _detail(region, response)
