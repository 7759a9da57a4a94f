"""HTTP routes of the labour force and labourers' own records."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Response

from services.employment.deps import IfMatch, Reader, Writer
from services.employment.labour import queries, service
from services.employment.labour.errors import LabourerAlreadyRegistered, NotInLabourForce
from services.employment.labour.schemas import LabourerCreate, LabourerRead, LabourerUpdate, LabourForceItem
from shared.concurrency import IfMatchRequired, IfMatchWildcard, VersionStale, etag_for
from shared.contract import ETAG, LOCATION, answers
from shared.pagination import MAX_LIMIT, Page
from shared.schemas import REGION_PREFIX_PATTERN
from shared.session import SessionDep

router = APIRouter(prefix="/api/v1", tags=["labour-force"])


def _etag(response: Response, labourer: LabourerRead) -> LabourerRead:
    response.headers["ETag"] = etag_for(labourer.version)
    return labourer


@router.get(
    "/labour-force",
    operation_id="list_labour_force",
    response_model=Page[LabourForceItem],
    summary="The labour force: working-age members with labour capacity (劳动力名册)",
)
def list_labour_force(
    session: SessionDep,
    caller: Reader,
    region: Annotated[str | None, Query(pattern=REGION_PREFIX_PATTERN, description="区划代码前缀")] = None,
    registered: Annotated[bool | None, Query(description="已登记就业信息")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
    cursor: str | None = None,
) -> Page[LabourForceItem]:
    """List working-age members with labour capacity of households in the register, in the caller's region."""
    prefix = caller.narrow(region)
    if prefix is None:
        return Page[LabourForceItem](items=[], next_cursor=None)
    items, next_cursor = queries.labour_force(session, prefix, registered, cursor, limit, date.today())
    return Page[LabourForceItem](items=items, next_cursor=next_cursor)


@router.post(
    "/labourers",
    operation_id="register_labourer",
    summary="Register a labourer's skills, willingness and wishes (劳动力登记)",
    response_model=LabourerRead,
    **answers(
        201,
        NotInLabourForce,
        LabourerAlreadyRegistered,
        headers=(
            LOCATION,
            ETAG,
        ),
    ),
)
def register_labourer(
    body: LabourerCreate, session: SessionDep, caller: Writer, response: Response
) -> LabourerRead:
    """Register a member of the labour force; a person outside it is refused with the reason."""
    labourer = service.register(session, caller, body, date.today())
    response.headers["Location"] = f"/api/v1/labourers/{labourer.member_id}"
    return _etag(response, labourer)


@router.get(
    "/labourers/{member_id}",
    operation_id="get_labourer",
    summary="Read a labourer",
    response_model=LabourerRead,
    **answers(200, headers=(ETAG,)),
)
def get_labourer(
    member_id: uuid.UUID, session: SessionDep, caller: Reader, response: Response
) -> LabourerRead:
    """Read a registered labourer and whether they are still in the labour force."""
    return _etag(response, service.read(session, caller, member_id, date.today()))


@router.patch(
    "/labourers/{member_id}",
    operation_id="update_labourer",
    summary="Change a labourer's record",
    response_model=LabourerRead,
    **answers(200, IfMatchRequired, IfMatchWildcard, VersionStale, headers=(ETAG,)),
)
def update_labourer(
    member_id: uuid.UUID,
    body: LabourerUpdate,
    session: SessionDep,
    caller: Writer,
    response: Response,
    if_match: IfMatch = None,
) -> LabourerRead:
    """Change skills, certificates, schooling, willingness, places, wage expectation or employment."""
    return _etag(response, service.update(session, caller, member_id, if_match, body, date.today()))
