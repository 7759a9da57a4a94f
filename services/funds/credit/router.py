"""HTTP routes of micro-credit: loans, their use, repayment and renewal, with risk flags."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response

from services.funds.codes import LoanFlag, LoanStatus
from services.funds.credit import service
from services.funds.credit.errors import HouseholdNotEligible, LoanClosed
from services.funds.credit.schemas import LoanRead, LoanWrite, RenewalWrite, RepaymentWrite, UseWrite
from services.funds.deps import Reader, Writer
from services.funds.projects.errors import StepLevelMismatch, StepRegionMismatch
from shared.contract import LOCATION, answers
from shared.errors import Conflict, Forbidden
from shared.pagination import MAX_LIMIT, Page
from shared.schemas import REGION_PREFIX_PATTERN
from shared.session import SessionDep

router = APIRouter(prefix="/api/v1/loans", tags=["micro-credit"])
_TAKER = (Forbidden, StepLevelMismatch, StepRegionMismatch)


@router.post("", operation_id="record_loan",
             summary="Record a micro-credit loan (登记扶贫小额信贷)", response_model=LoanRead,
             **answers(201, *_TAKER, HouseholdNotEligible, headers=(LOCATION,)))
def record_loan(body: LoanWrite, session: SessionDep, caller: Writer, response: Response) -> LoanRead:
    """Record a loan to a registered household; the borrower's ID number is kept encrypted."""
    loan = service.render(session, caller, [service.issue(session, caller, body)])[0]
    response.headers["Location"] = f"/api/v1/loans/{loan.id}"
    return loan


@router.get("", operation_id="list_loans", summary="Loans with their risk flags (贷款台账)",
            response_model=Page[LoanRead])
def list_loans(
    session: SessionDep, caller: Reader,
    region: Annotated[str | None, Query(pattern=REGION_PREFIX_PATTERN, description="区划代码前缀")] = None,
    status_: Annotated[LoanStatus | None, Query(alias="status", description="状态")] = None,
    flag: Annotated[LoanFlag | None,
                    Query(description="only loans with this flag (a page may then hold fewer)")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
    cursor: str | None = None,
) -> Page[LoanRead]:
    """List loans in the caller's region, each with its flags (冒名借款, 违规用款, 逾期)."""
    items, next_cursor = service.page(session, caller, region, status_, flag, cursor, limit)
    return Page[LoanRead](items=items, next_cursor=next_cursor)


@router.get("/{loan_id}", operation_id="get_loan", summary="Read a loan", response_model=LoanRead)
def get_loan(loan_id: uuid.UUID, session: SessionDep, caller: Reader) -> LoanRead:
    """Read a loan with its flags; the borrower's ID number masked without pii:read."""
    return service.read(session, caller, loan_id)


@router.post("/{loan_id}/use", operation_id="record_loan_use", summary="Record the actual use (实际用途)",
             response_model=LoanRead, **answers(200, *_TAKER, LoanClosed))
def record_use(loan_id: uuid.UUID, body: UseWrite, session: SessionDep, caller: Writer) -> LoanRead:
    """Record what the money went to; a use other than the purpose is flagged."""
    return service.render(session, caller, [service.record_use(session, caller, loan_id, body)])[0]


@router.post("/{loan_id}/repayment", operation_id="repay_loan", summary="Record the repayment (结清)",
             response_model=LoanRead, **answers(200, *_TAKER, LoanClosed))
def repay(loan_id: uuid.UUID, body: RepaymentWrite, session: SessionDep, caller: Writer) -> LoanRead:
    """Record that the loan is repaid."""
    return service.render(session, caller, [service.repay(session, caller, loan_id, body)])[0]


@router.post("/{loan_id}/renewal", operation_id="renew_loan",
             summary="Renew without repaying principal (无还本续贷)", response_model=LoanRead,
             **answers(201, *_TAKER, LoanClosed, HouseholdNotEligible, Conflict, headers=(LOCATION,)))
def renew(loan_id: uuid.UUID, body: RenewalWrite, session: SessionDep, caller: Writer,
          response: Response) -> LoanRead:
    """Renew an active loan of a still-registered household: the same principal, a new term."""
    loan = service.render(session, caller, [service.renew(session, caller, loan_id, body)])[0]
    response.headers["Location"] = f"/api/v1/loans/{loan.id}"
    return loan
