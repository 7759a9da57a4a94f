"""HTTP routes of monitoring (动态监测): at-risk households, disasters, rural population, statistics."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from services.identification.codes import RiskKind
from services.identification.deps import PolicyAdmin, Reader, Writer
from services.identification.monitoring import service
from services.identification.monitoring.schemas import (
    AtRiskItem,
    DisasterCreate,
    DisasterRead,
    PopulationRead,
    PopulationSet,
    Statistics,
)
from services.identification.policy.errors import StandardMissing
from shared.contract import LOCATION, answers
from shared.errors import RegionOutOfScope
from shared.pagination import MAX_LIMIT, Page, decode_cursor
from shared.schemas import REGION_CODE_PATTERN, REGION_PREFIX_PATTERN
from shared.session import SessionDep

router = APIRouter(prefix="/api/v1", tags=["monitoring"])
Year = Annotated[int, Query(ge=2014, le=2100, description="年度")]
Prefix = Annotated[str | None, Query(pattern=REGION_PREFIX_PATTERN, description="区划代码前缀")]
VillageCode = Annotated[str, Path(pattern=REGION_CODE_PATTERN, description="行政村区划代码")]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT)]
# A whole level's code (province 2, city 4, county 6, town 9, village 12 digits): statistics name each level.
LevelPrefix = Annotated[str | None, Query(pattern=r"^([0-9]{2}|[0-9]{4}|[0-9]{6}|[0-9]{9}|[0-9]{12})$",
                                          description="区划代码 (2, 4, 6, 9 or 12 digits)")]


@router.get("/monitoring/at-risk", operation_id="list_at_risk_households",
            summary="Exited households at risk of returning to poverty (返贫风险)",
            response_model=Page[AtRiskItem], **answers(200, StandardMissing))
def at_risk(
    session: SessionDep, caller: Reader, year: Year, region: Prefix = None,
    margin: Annotated[Decimal, Query(ge=0, le=1, decimal_places=4, description="监测幅度: 0.10 = 10% above "
                                     "the exit line")] = Decimal("0.10"),
    risk: Annotated[RiskKind | None, Query(description="只看一种风险")] = None,
    limit: Limit = 50, cursor: str | None = None,
) -> Page[AtRiskItem]:
    """List exited households whose income is near the line, with a new serious illness or
    disability, or whose village suffered a disaster after they exited; each says why."""
    after = decode_cursor(cursor, 1, (str,))
    after_no = str(after[0]) if after else None
    return service.at_risk(session, caller, year, region, margin, risk, after_no, limit)


@router.post("/villages/{code}/disasters",
             operation_id="record_village_disaster", summary="Record a disaster in a village (灾情)",
             response_model=DisasterRead,
             **answers(201, headers=(LOCATION,), description="the recorded disaster; Location is the "
                       "village's disasters, where it is listed"))
def record_disaster(code: VillageCode, body: DisasterCreate, session: SessionDep,
                    caller: Writer, response: Response) -> DisasterRead:
    """Record a disaster; the village's exited households then show as at risk."""
    recorded = service.record_disaster(session, caller, code, body)
    response.headers["Location"] = f"/api/v1/villages/{code}/disasters"
    return DisasterRead.model_validate(recorded)


@router.get("/villages/{code}/disasters", operation_id="list_village_disasters",
            summary="A village's disasters", response_model=list[DisasterRead])
def list_disasters(code: VillageCode, session: SessionDep, caller: Reader) -> list[DisasterRead]:
    """List a village's disasters, newest first."""
    return [DisasterRead.model_validate(d) for d in service.list_disasters(session, caller, code)]


@router.put("/rural-populations/{region_code}/{year}", operation_id="set_rural_population",
            summary="Set a region's rural population (农村户籍人口)", response_model=PopulationRead)
def set_population(region_code: Annotated[str, Path(pattern=REGION_CODE_PATTERN, description="区划代码")],
                   year: Annotated[int, Path(ge=2014, le=2100, description="年度")], body: PopulationSet,
                   session: SessionDep, caller: PolicyAdmin) -> PopulationRead:
    """Set the denominator of poverty incidence for a region and year (administrators)."""
    return PopulationRead.model_validate(service.set_population(session, caller, region_code, year, body))


@router.get("/rural-populations", operation_id="list_rural_populations",
            summary="Recorded rural populations", response_model=Page[PopulationRead])
def list_populations(session: SessionDep, caller: Reader, limit: Limit = 50,
                     cursor: str | None = None) -> Page[PopulationRead]:
    """List the rural populations recorded inside the caller's region."""
    rows, next_cursor = service.list_populations(session, caller, cursor, limit)
    items = [PopulationRead.model_validate(r) for r in rows]
    return Page[PopulationRead](items=items, next_cursor=next_cursor)


@router.get("/statistics", operation_id="get_statistics",
            summary="Statistics of a region and year (统计监测)", response_model=Statistics,
            **answers(200, RegionOutOfScope))
def get_statistics(session: SessionDep, caller: Reader, region: LevelPrefix = None,
                   year: Annotated[int | None, Query(ge=2014, le=2100, description="年度")] = None,
                   ) -> Statistics:
    """Households and people by status, cause, category and exit pathway, incidence and villages."""
    return service.statistics(session, caller, region, year or date.today().year)
