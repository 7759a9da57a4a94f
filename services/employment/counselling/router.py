"""HTTP routes of one-to-one service: counsellor, personal plan, contact log."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Response

from services.employment.codes import ContactPurpose
from services.employment.counselling import service
from services.employment.counselling.errors import (
    ContactRefused,
    IdentificationUnavailable,
    MemberNotInRegister,
    NotTheCounsellor,
    NotWillingToWork,
    StepAlreadyDone,
)
from services.employment.counselling.schemas import (
    ContactCreate,
    ContactDetailsRead,
    ContactRead,
    CounsellingRead,
    CounsellorAssign,
    PlanStepCreate,
    PlanStepDone,
    PlanStepRead,
)
from services.employment.deps import IfMatch, Reader, RegisterContactsDep, Writer
from shared.concurrency import IfMatchRequired, IfMatchWildcard, VersionStale, etag_for
from shared.contract import ETAG, LOCATION, NO_STORE, answers
from shared.session import AuditedReadSessionDep, SessionDep

router = APIRouter(prefix="/api/v1/labourers/{member_id}", tags=["counselling"])
_VERSIONED = (IfMatchRequired, IfMatchWildcard, VersionStale)


@router.put(
    "/counsellor",
    operation_id="assign_counsellor",
    summary="Assign the counsellor (确定专人)",
    response_model=CounsellingRead,
    **answers(200, NotWillingToWork, *_VERSIONED, headers=(ETAG,)),
)
def assign_counsellor(
    member_id: uuid.UUID,
    body: CounsellorAssign,
    session: SessionDep,
    caller: Writer,
    response: Response,
    if_match: IfMatch = None,
) -> CounsellingRead:
    """Assign a counsellor to a labourer who wants work; changing one needs If-Match."""
    result = service.assign(session, caller, member_id, if_match, body)
    response.headers["ETag"] = etag_for(result.version)
    return result


@router.get(
    "/counsellor",
    operation_id="get_counsellor",
    summary="Who counsels the labourer",
    response_model=CounsellingRead,
    **answers(200, headers=(ETAG,)),
)
def get_counsellor(
    member_id: uuid.UUID, session: SessionDep, caller: Reader, response: Response
) -> CounsellingRead:
    """Read the labourer's counsellor."""
    result = service.read_counselling(session, caller, member_id)
    response.headers["ETag"] = etag_for(result.version)
    return result


@router.get(
    "/plan",
    operation_id="get_plan",
    summary="The personal employment plan (个性化就业方案)",
    response_model=list[PlanStepRead],
)
def get_plan(member_id: uuid.UUID, session: SessionDep, caller: Reader) -> list[PlanStepRead]:
    """List the plan's steps by due date, overdue ones marked."""
    return service.plan(session, caller, member_id, date.today())


@router.post(
    "/plan/steps",
    operation_id="add_plan_step",
    summary="Add a step to the plan",
    response_model=PlanStepRead,
    **answers(
        201,
        headers=(
            LOCATION,
            ETAG,
        ),
    ),
)
def add_plan_step(
    member_id: uuid.UUID, body: PlanStepCreate, session: SessionDep, caller: Writer, response: Response
) -> PlanStepRead:
    """Add a dated step (guidance, training, job recommendation, interview …)."""
    step = service.add_step(session, caller, member_id, body, date.today())
    response.headers["ETag"] = etag_for(step.version)
    return step


@router.post(
    "/plan/steps/{step_id}/done",
    operation_id="plan_step_done",
    summary="Mark a plan step done",
    response_model=PlanStepRead,
    **answers(200, StepAlreadyDone, *_VERSIONED, headers=(ETAG,)),
)
def plan_step_done(
    member_id: uuid.UUID,
    step_id: uuid.UUID,
    body: PlanStepDone,
    session: SessionDep,
    caller: Writer,
    response: Response,
    if_match: IfMatch = None,
) -> PlanStepRead:
    """Record when a step was done and its outcome."""
    step = service.step_done(session, caller, member_id, step_id, if_match, body, date.today())
    response.headers["ETag"] = etag_for(step.version)
    return step


@router.get(
    "/contacts",
    operation_id="list_contacts",
    summary="The contact log (联系记录)",
    response_model=list[ContactRead],
)
def list_contacts(member_id: uuid.UUID, session: SessionDep, caller: Reader) -> list[ContactRead]:
    """List contacts with the labourer, newest first."""
    return service.contacts(session, caller, member_id)


@router.post(
    "/contacts",
    operation_id="log_contact",
    summary="Log a contact",
    response_model=ContactRead,
    **answers(201, headers=(LOCATION,)),
)
def log_contact(
    member_id: uuid.UUID, body: ContactCreate, session: SessionDep, caller: Writer
) -> ContactRead:
    """Log a visit, call or message with the labourer."""
    return service.log_contact(session, caller, member_id, body)


CONTACT_EXAMPLE = {"member_id": "6f1c2e0b-8a57-4e7e-9a55-1f0c8e3b9d21", "name": "黄志强",
                   "phone": "13800138000", "household_phone": "07636612345", "address": "三古滩村12号",
                   "purpose": "employment_counselling"}


@router.get(
    "/contact-details",
    operation_id="read_contact_details",
    summary="Read the labourer's phone and address from the register (联系方式)",
    response_model=ContactDetailsRead,
    **answers(200, NotTheCounsellor, ContactRefused, MemberNotInRegister, IdentificationUnavailable,
              headers=(NO_STORE,), example=CONTACT_EXAMPLE),
)
def read_contact_details(
    member_id: uuid.UUID,
    purpose: Annotated[ContactPurpose, Query(description="why the counsellor needs the contact (查询用途)")],
    session: AuditedReadSessionDep,
    caller: Writer,
    register: RegisterContactsDep,
    response: Response,
) -> ContactDetailsRead:
    """Give the labourer's own counsellor their name, phones and address, read now from identification.

    Only the counsellor assigned to the labourer (`PUT …/counsellor`, their token subject) may ask,
    inside their region. Employment calls identification's `read_member_contact` with a token of
    its own that carries only `contacts:read`, naming the counsellor and the purpose, which
    identification records in its audit trail; employment records the read in its own trail too
    (the fields given, never their values) and keeps no copy. Identification's answers become:
    404 `member_not_in_register` (unknown there, left the household, or removed), 403
    `contact_refused` (it refused employment's token), 503 `identification_unavailable` with
    Retry-After (unreachable or failing). Answers are `Cache-Control: no-store`.
    """
    response.headers["Cache-Control"] = NO_STORE.example
    return service.contact_details(session, caller, member_id, purpose, register)
