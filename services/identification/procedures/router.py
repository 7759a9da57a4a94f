"""HTTP routes of procedures (识别、退出、清退、快速纳入、返贫、出列), their steps and objections."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response
from fastapi.responses import JSONResponse

from services.identification.codes import ProcedureKind, ProcedureState
from services.identification.deps import IfMatch, Reader, Writer
from services.identification.models import Procedure
from services.identification.policy.errors import StandardMissing
from services.identification.procedures import objections, service
from services.identification.procedures.errors import (
    DateBeforePreviousStep,
    DocumentRequired,
    ExitStandardUnmet,
    HouseholdStatusChanged,
    IdentificationStandardUnmet,
    IncomeNotRecorded,
    KindForHouseholds,
    KindForVillages,
    NoNoticePeriod,
    NoticePeriodRunning,
    ObjectionAlreadyResolved,
    OutsideNoticePeriod,
    ProcedureAlreadyOpen,
    ProcedureClosed,
    ProcedureSuspended,
    ReasonRequired,
    RejectionNotAllowed,
    ResolverLevelMismatch,
    StatusNotAllowed,
    StepLevelMismatch,
    StepOutOfOrder,
    StepRegionMismatch,
    StepUnknown,
    VillageAlreadyExited,
    VillageExitStandardUnmet,
    VillageNotRelativelyPoor,
)
from services.identification.procedures.repository import ProcedureFilter
from services.identification.procedures.schemas import (
    Cancellation,
    ObjectionCreate,
    ObjectionRead,
    ObjectionResolve,
    ProcedureRead,
    ProcedureStart,
    ProcedureSummary,
    StepTake,
)
from services.identification.procedures.views import procedure_read, procedure_summary
from shared.answers import json_answer
from shared.auth import Caller
from shared.concurrency import IfMatchRequired, IfMatchWildcard, VersionStale, etag_for
from shared.contract import ETAG, LOCATION, answers
from shared.db import ServiceSession
from shared.errors import Forbidden, problem_response
from shared.pagination import MAX_LIMIT, Page
from shared.schemas import REGION_CODE_PATTERN, REGION_PREFIX_PATTERN
from shared.session import ReadDep, SessionDep

router = APIRouter(prefix="/api/v1", tags=["procedures"])
VillageCode = Annotated[str, Path(pattern=REGION_CODE_PATTERN, description="行政村区划代码")]
_WHO = (Forbidden, StepLevelMismatch, StepRegionMismatch)
_START_ERRORS = (*_WHO, KindForVillages, DocumentRequired, ProcedureAlreadyOpen, StatusNotAllowed,
                 DateBeforePreviousStep)
_VILLAGE_ERRORS = (*_WHO, KindForHouseholds, DocumentRequired, ProcedureAlreadyOpen, VillageNotRelativelyPoor,
                   VillageAlreadyExited, DateBeforePreviousStep)
_STEP_ERRORS = (*_WHO, StepUnknown, DocumentRequired, RejectionNotAllowed, ReasonRequired, StandardMissing,
                ProcedureSuspended, ProcedureClosed, StepOutOfOrder, DateBeforePreviousStep,
                NoticePeriodRunning, HouseholdStatusChanged, ExitStandardUnmet,
                VillageExitStandardUnmet, IdentificationStandardUnmet, IfMatchRequired,
                IfMatchWildcard, VersionStale, IncomeNotRecorded)
_CANCEL_ERRORS = (StepLevelMismatch, ProcedureClosed, IfMatchRequired, IfMatchWildcard,
                           VersionStale)
_OBJECTION_ERRORS = (ProcedureClosed, NoNoticePeriod, OutsideNoticePeriod, StandardMissing)
_RESOLUTION_ERRORS = (ResolverLevelMismatch, ObjectionAlreadyResolved)


def _render(procedure: Procedure, response: Response) -> ProcedureRead:
    response.headers["ETag"] = etag_for(procedure.version)
    return procedure_read(procedure)


@router.post("/households/{household_id}/procedures",
             operation_id="start_household_procedure", response_model=ProcedureRead,
             **answers(201, *_START_ERRORS, headers=(ETAG, LOCATION)),
             summary="Start a procedure on a household (申请/提名/清退/返贫/快速纳入)")
def start_household_procedure(household_id: uuid.UUID, body: ProcedureStart, session: SessionDep,
                              caller: Writer, response: Response) -> ProcedureRead:
    """Start a procedure with its first step; one procedure per household is open at a time."""
    procedure = service.start_for_household(session, caller, household_id, body)
    response.headers["Location"] = f"/api/v1/procedures/{procedure.id}"
    return _render(procedure, response)


@router.get("/households/{household_id}/procedures", operation_id="list_household_procedures",
            summary="A household's procedures", response_model=list[ProcedureSummary])
def list_household_procedures(household_id: uuid.UUID, session: SessionDep,
                              caller: Reader) -> list[ProcedureSummary]:
    """List every procedure of a household, oldest first."""
    return [procedure_summary(p) for p in service.list_for_household(session, caller, household_id)]


@router.post("/villages/{code}/procedures",
             operation_id="start_village_procedure", response_model=ProcedureRead,
             **answers(201, *_VILLAGE_ERRORS, headers=(ETAG, LOCATION)),
             summary="Start a relatively poor village's exit (贫困村出列申请)")
def start_village_procedure(code: VillageCode, body: ProcedureStart, session: SessionDep, caller: Writer,
                            response: Response) -> ProcedureRead:
    """Start a village exit with the village's application."""
    procedure = service.start_for_village(session, caller, code, body)
    response.headers["Location"] = f"/api/v1/procedures/{procedure.id}"
    return _render(procedure, response)


@router.get("/villages/{code}/procedures", operation_id="list_village_procedures",
            summary="A village's procedures", response_model=list[ProcedureSummary])
def list_village_procedures(code: VillageCode, session: SessionDep, caller: Reader) -> list[ProcedureSummary]:
    """List every procedure of a village, oldest first."""
    return [procedure_summary(p) for p in service.list_for_village(session, caller, code)]


@router.get("/procedures", operation_id="list_procedures", response_model=Page[ProcedureSummary],
            summary="Procedures in a region: the work list (待办程序)")
async def list_procedures(
    reads: ReadDep, caller: Reader,
    region: Annotated[str | None, Query(pattern=REGION_PREFIX_PATTERN, description="区划代码前缀")] = None,
    kind: Annotated[ProcedureKind | None, Query(description="程序类型")] = None,
    state: Annotated[ProcedureState | None, Query(description="状态")] = None,
    next_step: Annotated[str | None, Query(max_length=32, description="下一步步骤代码")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
    cursor: str | None = None,
) -> Response:
    """List procedures in the caller's region by start date, e.g. those awaiting town review."""
    f = ProcedureFilter(region or "", kind, state, next_step)
    return await reads.run(_work_list_page, caller, f, cursor, limit)


def _work_list_page(session: ServiceSession, caller: Caller, f: ProcedureFilter, cursor: str | None,
                    limit: int) -> Response:
    """Read one page of the work list and answer it."""
    rows, next_cursor = service.work_list(session, caller, f, cursor, limit)
    return json_answer(Page[ProcedureSummary](items=[procedure_summary(p) for p in rows],
                                              next_cursor=next_cursor))


@router.get("/procedures/{procedure_id}", operation_id="get_procedure", response_model=ProcedureRead,
            **answers(headers=(ETAG,)),
            summary="Read a procedure with its steps (程序与办理记录)")
def get_procedure(procedure_id: uuid.UUID, session: SessionDep, caller: Reader,
                  response: Response) -> ProcedureRead:
    """Read a procedure, its step log, objections and the step that comes next."""
    return _render(service.load_procedure(session, caller, procedure_id), response)


@router.post("/procedures/{procedure_id}/steps", operation_id="take_procedure_step",
             response_model=ProcedureRead, **answers(200, *_STEP_ERRORS, headers=(ETAG,)),
             summary="Take the next step (办理下一步)")
def take_step(procedure_id: uuid.UUID, body: StepTake, session: SessionDep, caller: Writer,
              request: Request, response: Response,
              if_match: IfMatch = None) -> ProcedureRead | JSONResponse:
    """Take the next step; a refused verification is recorded and answered 409 with its lines."""
    result = service.take_step(session, caller, procedure_id, if_match, body)
    if result.refusal is not None:
        refused = problem_response(request, service.refusal_error(result))
        refused.headers["ETag"] = etag_for(result.procedure.version)
        return refused
    return _render(result.procedure, response)


@router.post("/procedures/{procedure_id}/cancellation", operation_id="cancel_procedure",
             response_model=ProcedureRead, **answers(200, *_CANCEL_ERRORS, headers=(ETAG,)),
             summary="Withdraw a procedure (撤销)")
def cancel_procedure(procedure_id: uuid.UUID, body: Cancellation, session: SessionDep, caller: Writer,
                     response: Response, if_match: IfMatch = None) -> ProcedureRead:
    """Withdraw an open procedure with its reason; the household keeps its status."""
    return _render(service.cancel(session, caller, procedure_id, if_match, body), response)


@router.post("/procedures/{procedure_id}/objections",
             operation_id="raise_objection", response_model=ObjectionRead,
             **answers(201, *_OBJECTION_ERRORS, headers=(LOCATION,), description="the objection; Location "
                       "is its procedure, which lists it"),
             summary="Record an objection during the notice (公示期异议)")
def raise_objection(procedure_id: uuid.UUID, body: ObjectionCreate, session: SessionDep,
                    caller: Writer, response: Response) -> ObjectionRead:
    """Record an objection; the procedure is suspended until it is resolved."""
    objection = objections.raise_objection(session, caller, procedure_id, body)
    response.headers["Location"] = f"/api/v1/procedures/{procedure_id}"
    return ObjectionRead.model_validate(objection)


@router.post("/objections/{objection_id}/resolution", operation_id="resolve_objection",
             response_model=ObjectionRead, **answers(200, *_RESOLUTION_ERRORS),
             summary="Resolve an objection (异议核实处理)")
def resolve_objection(objection_id: uuid.UUID, body: ObjectionResolve, session: SessionDep,
                      caller: Writer) -> ObjectionRead:
    """Uphold (the procedure is refused) or dismiss (it resumes) an objection."""
    return ObjectionRead.model_validate(objections.resolve_objection(session, caller, objection_id, body))
