"""HTTP routes of department cross-checks (部门数据比对)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Body, Query, Response

from services.identification.codes import CrossCheckKind
from services.identification.crosschecks import service
from services.identification.crosschecks.errors import (
    CsvEmpty,
    CsvEncoding,
    CsvHeaderMissing,
    CsvMalformed,
    CsvRowInvalid,
    ListTooLarge,
    TooManyRows,
)
from services.identification.crosschecks.schemas import CrossCheckCreate, CrossCheckRead, CrossCheckResult
from services.identification.deps import Reader, Writer
from shared.contract import LOCATION, answers
from shared.pagination import MAX_LIMIT, Page
from shared.session import SessionDep

router = APIRouter(prefix="/api/v1/crosschecks", tags=["crosschecks"])
_CSV_EXAMPLE = "id_number,死亡日期\n441882197805123415,2019-05-02\n"
# At least a header line: an empty body is no list (FastAPI would call it missing).
CSV_BODY = Body(media_type="text/csv", min_length=1,
                description="UTF-8 CSV with an id_number column; others are details", examples=[_CSV_EXAMPLE])


@router.post("", operation_id="create_crosscheck",
             summary="Compare a department list (JSON) with the register", response_model=CrossCheckResult,
             **answers(201, headers=(LOCATION,)))
def create_crosscheck(body: CrossCheckCreate, session: SessionDep, caller: Writer,
                      response: Response) -> CrossCheckResult:
    """Match a department's list against active members; each new finding opens a case to verify."""
    return _created(service.compare(session, caller, body.department, body.kind, body.rows), response)


@router.post("/csv", operation_id="create_crosscheck_csv",
             summary="Compare a department list (CSV) with the register", response_model=CrossCheckResult,
             **answers(201, ListTooLarge, CsvEncoding, CsvMalformed, CsvHeaderMissing, CsvRowInvalid,
                       TooManyRows, CsvEmpty, headers=(LOCATION,)),
             # The same bytes as a file: clients generated from the document can send it that way.
             openapi_extra={"requestBody": {"content": {"application/octet-stream": {
                 "schema": {"type": "string", "format": "binary", "minLength": 1},
                 "example": _CSV_EXAMPLE}}}})
def create_crosscheck_csv(
    session: SessionDep, caller: Writer, response: Response,
    department: Annotated[str, Query(min_length=2, max_length=64, description="数据来源部门")],
    kind: Annotated[CrossCheckKind, Query(description="比对类型")],
    body: Annotated[bytes, CSV_BODY],
) -> CrossCheckResult:
    """Match a CSV list against active members; each new finding opens a case to verify."""
    return _created(service.compare(session, caller, department, kind, service.parse_csv(body)), response)


def _created(result: CrossCheckResult, response: Response) -> CrossCheckResult:
    response.headers["Location"] = f"/api/v1/crosschecks/{result.id}"
    return result


@router.get("", operation_id="list_crosschecks", summary="List cross-checks",
            response_model=Page[CrossCheckRead])
def list_crosschecks(session: SessionDep, caller: Reader,
                     limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
                     cursor: str | None = None) -> Page[CrossCheckRead]:
    """List the comparisons made inside the caller's region, newest first."""
    rows, next_cursor = service.list_imports(session, caller, cursor, limit)
    items = [CrossCheckRead.model_validate(r) for r in rows]
    return Page[CrossCheckRead](items=items, next_cursor=next_cursor)


@router.get("/{crosscheck_id}", operation_id="get_crosscheck", summary="Read a cross-check",
            response_model=CrossCheckRead)
def get_crosscheck(crosscheck_id: uuid.UUID, session: SessionDep, caller: Reader) -> CrossCheckRead:
    """Read a comparison's counts; its cases are listed at /api/v1/cases?crosscheck_id=."""
    return CrossCheckRead.model_validate(service.load_import(session, caller, crosscheck_id))
