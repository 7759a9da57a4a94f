"""HTTP routes of money: allocations, the staged payment plan, progress and payments."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Header, Response

from services.funds.deps import Reader, Writer
from services.funds.models import PaymentStage
from services.funds.money import service
from services.funds.money.errors import (
    AccountMissing,
    HouseholdRemoved,
    IdempotencyKeyRequired,
    MoneyNotOpen,
    NotABeneficiary,
    OverAllocated,
    OverBudget,
    PaymentKeyReused,
    PlanFrozen,
    ProgressAlreadyVerified,
    ProgressExists,
    ProgressNotVerified,
    SourceNotBudgeted,
    StageAlreadyPaid,
    StagesOver100,
    StageUnknown,
    SubsidyFrozen,
    VerifierIsRecorder,
)
from services.funds.money.rules import share_percent
from services.funds.money.schemas import (
    AllocationRead,
    AllocationWrite,
    BeneficiaryPaymentWrite,
    PaymentPlanWrite,
    PaymentRead,
    PaymentWrite,
    ProgressRead,
    ProgressWrite,
    StageRead,
)
from services.funds.projects.errors import StepLevelMismatch, StepRegionMismatch
from services.funds.projects.schemas import BeneficiaryRead
from services.funds.projects.service import render_beneficiary
from services.funds.publicity.errors import PublicityNotClosed
from shared.contract import LOCATION, REQUIRED_HEADERS, answers
from shared.errors import Duplicate, Forbidden
from shared.session import SessionDep
from shared.types import from_fen

router = APIRouter(prefix="/api/v1/projects/{project_id}", tags=["money"])
_TAKER = (Forbidden, StepLevelMismatch, StepRegionMismatch)
IdempotencyKey = Annotated[str | None, Header(alias="Idempotency-Key", max_length=128,
                                              description="required: the same key and body replay the first "
                                                          "answer, so a retried payment is made once")]


def _stages(rows: list[PaymentStage]) -> list[StageRead]:
    return [StageRead(stage_no=s.stage_no, name=s.name, share=share_percent(s.share_bp)) for s in rows]


@router.post("/allocations", operation_id="allocate_funds",
             summary="Allocate money from a source (资金下达)", response_model=AllocationRead,
             **answers(201, *_TAKER, MoneyNotOpen, SourceNotBudgeted, PublicityNotClosed, OverBudget,
                       headers=(LOCATION,)))
def allocate(project_id: uuid.UUID, body: AllocationWrite, session: SessionDep,
             caller: Writer, response: Response) -> AllocationRead:
    """Allocate money; a source's allocated total never passes its budget, even under concurrent calls.

    The project's plan notice must have closed first with no objection pending or upheld (409
    `publicity_not_closed` names the notice and the reason).

    Location names the project's allocations, where the new one is listed.
    """
    a = service.allocate(session, caller, project_id, body)
    response.headers["Location"] = f"/api/v1/projects/{project_id}/allocations"
    return AllocationRead(id=a.id, project_id=a.project_id, source=a.source, amount=from_fen(a.amount_fen),
                          document_no=a.document_no, allocated_on=a.allocated_on, recorded_by=a.recorded_by,
                          recorded_at=a.recorded_at)


@router.get("/allocations", operation_id="list_allocations", summary="A project's allocations (下达记录)",
            response_model=list[AllocationRead])
def list_allocations(project_id: uuid.UUID, session: SessionDep, caller: Reader) -> list[AllocationRead]:
    """List the project's allocations in the order recorded."""
    return [AllocationRead(id=a.id, project_id=a.project_id, source=a.source, amount=from_fen(a.amount_fen),
                           document_no=a.document_no, allocated_on=a.allocated_on, recorded_by=a.recorded_by,
                           recorded_at=a.recorded_at)
            for a in service.allocation_list(session, caller, project_id)]


@router.put("/payment-plan", operation_id="set_payment_plan",
            summary="Set the staged payment plan (分期拨付计划)", response_model=list[StageRead],
            **answers(200, *_TAKER, MoneyNotOpen, PlanFrozen, Duplicate, StagesOver100))
def set_plan(project_id: uuid.UUID, body: PaymentPlanWrite, session: SessionDep,
             caller: Writer) -> list[StageRead]:
    """Set the stages (at most 100% in all); refused once progress is recorded against them."""
    return _stages(service.set_plan(session, caller, project_id, body))


@router.get("/payment-plan", operation_id="get_payment_plan", summary="Read the staged payment plan",
            response_model=list[StageRead])
def get_plan(project_id: uuid.UUID, session: SessionDep, caller: Reader) -> list[StageRead]:
    """List the project's payment stages in order."""
    return _stages(service.plan(session, caller, project_id))


@router.put("/beneficiaries/{household_id}", operation_id="set_beneficiary_payment",
            summary="Record a beneficiary's subsidy and one-card account (补助与一卡通)",
            response_model=BeneficiaryRead, **answers(200, *_TAKER, SubsidyFrozen))
def set_beneficiary(project_id: uuid.UUID, household_id: uuid.UUID, body: BeneficiaryPaymentWrite,
                    session: SessionDep, caller: Writer) -> BeneficiaryRead:
    """Record the subsidy and account a household's stages are paid into; the account is encrypted."""
    beneficiary = service.set_beneficiary_payment(session, caller, project_id, household_id, body)
    return render_beneficiary(session.personal_view(False), beneficiary)


@router.post("/progress", operation_id="record_progress",
             summary="Record a household's construction progress (登记工程进度)", response_model=ProgressRead,
             **answers(201, *_TAKER, MoneyNotOpen, NotABeneficiary, StageUnknown, ProgressExists,
                       headers=(LOCATION,)))
def record_progress(project_id: uuid.UUID, body: ProgressWrite, session: SessionDep,
                    caller: Writer, response: Response) -> ProgressRead:
    """Record that a household's construction reached a stage; a second official verifies it.

    Location names the project's progress records, where the new one is listed.
    """
    response.headers["Location"] = f"/api/v1/projects/{project_id}/progress"
    return ProgressRead.model_validate(service.record_progress(session, caller, project_id, body),
                                       from_attributes=True)


@router.post("/progress/{progress_id}/verify", operation_id="verify_progress",
             summary="Verify recorded progress (核验工程进度)", response_model=ProgressRead,
             **answers(200, *_TAKER, VerifierIsRecorder, ProgressAlreadyVerified))
def verify_progress(project_id: uuid.UUID, progress_id: uuid.UUID, session: SessionDep,
                    caller: Writer) -> ProgressRead:
    """Verify progress recorded by another official of the household's town or county."""
    return ProgressRead.model_validate(service.verify_progress(session, caller, project_id, progress_id),
                                       from_attributes=True)


@router.get("/progress", operation_id="list_progress", summary="A project's progress records",
            response_model=list[ProgressRead])
def list_progress(project_id: uuid.UUID, session: SessionDep, caller: Reader) -> list[ProgressRead]:
    """List progress records by household and stage."""
    return [ProgressRead.model_validate(p, from_attributes=True)
            for p in service.progress_list(session, caller, project_id)]


@router.post("/payments", operation_id="make_payment",
             summary="Pay a verified stage or a payee (资金拨付)", response_model=PaymentRead,
             openapi_extra={REQUIRED_HEADERS: ["Idempotency-Key"]},
             **answers(201, *_TAKER, IdempotencyKeyRequired, MoneyNotOpen, SourceNotBudgeted,
                       PublicityNotClosed, NotABeneficiary, StageUnknown, HouseholdRemoved,
                       ProgressNotVerified, AccountMissing, StageAlreadyPaid, PaymentKeyReused, OverAllocated,
                       headers=(LOCATION,)))
def make_payment(project_id: uuid.UUID, body: PaymentWrite, session: SessionDep, caller: Writer,
                 response: Response, idempotency_key: IdempotencyKey = None) -> PaymentRead:
    """Pay once: disbursed never passes allocated; a stage needs verified progress and is paid once.

    Location names the project's payments, where the new one is listed.
    """
    response.headers["Location"] = f"/api/v1/projects/{project_id}/payments"
    project, payment = service.pay(session, caller, project_id, idempotency_key, body)
    return service.render_payments(session, caller, project, [payment])[0]


@router.get("/payments", operation_id="list_payments", summary="A project's payments (拨付记录)",
            response_model=list[PaymentRead])
def list_payments(project_id: uuid.UUID, session: SessionDep, caller: Reader) -> list[PaymentRead]:
    """List payments in the order made; accounts masked without pii:read."""
    return service.payment_list(session, caller, project_id)
