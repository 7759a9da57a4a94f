"""HTTP routes of regions; region codes and names are public reference data."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from services.identification.codes import RegionLevel
from services.identification.deps import Reader
from services.identification.regions import repository as repo
from services.identification.regions.schemas import RegionDetail, RegionRead
from shared.errors import not_found
from shared.session import SessionDep

router = APIRouter(prefix="/api/v1/regions", tags=["regions (区划)"])


@router.get("", operation_id="list_regions", summary="List regions under a parent",
            response_model=list[RegionRead])
def list_regions(
    session: SessionDep, caller: Reader,
    parent: Annotated[str | None, Query(pattern=r"^\d{12}$", description="上级区划代码")] = None,
    level: Annotated[RegionLevel | None, Query(description="层级")] = None,
) -> list[RegionRead]:
    """List the regions directly under a parent (the province when omitted)."""
    return [RegionRead.model_validate(r) for r in repo.children(session, parent, level)]


@router.get("/{code}", operation_id="get_region", summary="Read a region", response_model=RegionDetail)
def get_region(code: Annotated[str, Path(pattern=r"^\d{12}$")], session: SessionDep,
               caller: Reader) -> RegionDetail:
    """Read a region with its attributes and natural villages."""
    region = repo.with_natural_villages(session, code)
    if region is None:
        raise not_found("Region", "区划", code)
    return RegionDetail.model_validate(region)
