"""The rules of micro-credit: loans only to registered households, renewals, and the §32 risk flags."""

from __future__ import annotations

import uuid

from services.funds import clock
from services.funds.catalogue import CREDIT_REGISTERED
from services.funds.codes import LoanStatus
from services.funds.credit import repository as repo
from services.funds.credit.errors import HouseholdNotEligible, LoanClosed
from services.funds.credit.rules import ELIGIBLE_STATUSES, due_date, flags
from services.funds.credit.schemas import LoanRead, LoanWrite, RenewalWrite, RepaymentWrite, UseWrite
from services.funds.models import BORROWER_ID, Loan
from services.funds.projects.rules import check_taker
from shared.auth import PII_READ, Caller
from shared.db import ServiceSession
from shared.errors import Conflict, FieldError, not_found
from shared.events.funds import LoanChanged, LoanRecorded
from shared.pagination import decode_cursor, encode_cursor
from shared.types import from_fen, to_fen

COUNTY = ("county",)


def issue(session: ServiceSession, caller: Caller, data: LoanWrite) -> Loan:
    """Record a loan to a household the register holds as registered, by its county."""
    found = repo.household(session, data.household_id)
    if found is None or found[0] not in ELIGIBLE_STATUSES:
        reason = "unknown to the register" if found is None else f"{found[0]} in the register"
        raise _not_eligible("household_id",
                            f"Micro-credit goes to registered households; this one is {reason}",
                            "扶贫小额信贷仅限建档立卡户")
    if not caller.can_see(found[1]):
        raise not_found("Household", "户", data.household_id)
    check_taker(caller, COUNTY, found[1], "登记扶贫小额信贷")
    loan = Loan(household_id=data.household_id, region_code=found[1],
                borrower_enc=session.seal(BORROWER_ID, data.borrower_id_number),
                borrower_hash=BORROWER_ID.hash(session.cipher, data.borrower_id_number), lender=data.lender,
                purpose=data.purpose, amount_fen=to_fen(data.amount), term_months=data.term_months,
                issued_on=data.issued_on, due_on=due_date(data.issued_on, data.term_months),
                status=LoanStatus.ACTIVE, recorded_by=caller.subject)
    session.add(loan)
    session.flush()
    _recorded(session, caller, loan, "loan.issue")
    return loan


def _not_eligible(field: str, message: str, message_zh: str) -> HouseholdNotEligible:
    return HouseholdNotEligible(message, message_zh, errors=[
        FieldError(field, HouseholdNotEligible.CODE, message, message_zh)],
        extra={"rule": CREDIT_REGISTERED.code})


def _recorded(session: ServiceSession, caller: Caller, loan: Loan, action: str) -> None:
    session.journal.record(
        LoanRecorded(loan_id=str(loan.id), household_id=str(loan.household_id), region_code=loan.region_code,
                     purpose=loan.purpose, amount=str(from_fen(loan.amount_fen)),
                     term_months=loan.term_months,
                     renews_id=loan.renews_id and str(loan.renews_id)),
        actor=caller.subject, action=action,
        after={"purpose": loan.purpose, "amount_fen": loan.amount_fen, "term_months": loan.term_months,
               "issued_on": loan.issued_on, "renews": loan.renews_id and str(loan.renews_id)})


def _active(session: ServiceSession, caller: Caller, loan_id: uuid.UUID, label_zh: str) -> Loan:
    loan = repo.loan(session, loan_id, for_update=True)
    if loan is None or not caller.can_see(loan.region_code):
        raise not_found("Loan", "贷款", loan_id)
    check_taker(caller, COUNTY, loan.region_code, label_zh)
    if loan.status != LoanStatus.ACTIVE:
        raise LoanClosed(f"The loan is {loan.status}", "该贷款已结清或已续贷", extra={"status": loan.status})
    return loan


def _changed(session: ServiceSession, caller: Caller, loan: Loan, changed: list[str], action: str,
             before: dict, after: dict) -> None:
    session.journal.record(LoanChanged(loan_id=str(loan.id), region_code=loan.region_code, changed=changed,
                                       status=loan.status),
                           actor=caller.subject, action=action, before=before, after=after)


def record_use(session: ServiceSession, caller: Caller, loan_id: uuid.UUID, data: UseWrite) -> Loan:
    """Record what the money was used for; a use other than the purpose is flagged (违规用款)."""
    loan = _active(session, caller, loan_id, "登记贷款实际用途")
    before = {"actual_use": loan.actual_use}
    loan.actual_use = data.actual_use
    session.flush()
    _changed(session, caller, loan, ["actual_use"], "loan.use", before, {"actual_use": data.actual_use})
    return loan


def repay(session: ServiceSession, caller: Caller, loan_id: uuid.UUID, data: RepaymentWrite) -> Loan:
    """Record that the loan is repaid."""
    loan = _active(session, caller, loan_id, "登记贷款结清")
    loan.status, loan.repaid_on = LoanStatus.REPAID, data.repaid_on
    session.flush()
    _changed(session, caller, loan, ["status", "repaid_on"], "loan.repay", {"status": LoanStatus.ACTIVE},
             {"status": loan.status, "repaid_on": data.repaid_on})
    return loan


def renew(session: ServiceSession, caller: Caller, loan_id: uuid.UUID, data: RenewalWrite) -> Loan:
    """Renew without repaying principal (无还本续贷): same principal, new term, if still registered."""
    old = _active(session, caller, loan_id, "办理无还本续贷")
    found = repo.household(session, old.household_id)
    if found is None or found[0] not in ELIGIBLE_STATUSES:
        raise _not_eligible("loan_id", "The household is no longer registered; the loan cannot be renewed",
                            "该户已不在册，不能续贷")
    old.status = LoanStatus.RENEWED
    new = Loan(household_id=old.household_id, region_code=old.region_code, borrower_enc=old.borrower_enc,
               borrower_hash=old.borrower_hash, lender=old.lender, purpose=old.purpose,
               amount_fen=old.amount_fen,
               term_months=data.term_months, issued_on=data.renewed_on,
               due_on=due_date(data.renewed_on, data.term_months), status=LoanStatus.ACTIVE, renews_id=old.id,
               recorded_by=caller.subject)
    session.flush_unique(Conflict, new)
    _changed(session, caller, old, ["status"], "loan.renewed", {"status": LoanStatus.ACTIVE},
             {"status": LoanStatus.RENEWED, "renewed_by": str(new.id)})
    _recorded(session, caller, new, "loan.renew")
    return new


def read(session: ServiceSession, caller: Caller, loan_id: uuid.UUID) -> LoanRead:
    """Read a loan in the caller's scope with its flags."""
    loan = repo.loan(session, loan_id)
    if loan is None or not caller.can_see(loan.region_code):
        raise not_found("Loan", "贷款", loan_id)
    return render(session, caller, [loan])[0]


def page(session: ServiceSession, caller: Caller, region: str | None, status: str | None, flag: str | None,
         cursor: str | None, limit: int) -> tuple[list[LoanRead], str | None]:
    """A page of loans in scope; with a flag, only the page's loans that carry it."""
    prefix = caller.narrow(region)
    if prefix is None:
        return [], None
    values = decode_cursor(cursor, 1, (str,))
    rows = repo.loans(session, prefix, status, values[0] if values else None, limit)
    next_cursor = encode_cursor([str(rows[limit - 1].id)]) if len(rows) > limit else None
    items = render(session, caller, rows[:limit])
    return [i for i in items if flag is None or flag in i.flags], next_cursor


def render(session: ServiceSession, caller: Caller, loans: list[Loan]) -> list[LoanRead]:
    """Render loans with their flags; an unmasked rendering of borrowers is audited as a read."""
    view = session.personal_view(caller.has(PII_READ))
    members = repo.members_with(session, [(loan.household_id, loan.borrower_hash) for loan in loans])
    by_borrower = repo.households_by_borrower(session, [loan.borrower_hash for loan in loans])
    today = clock.today()
    if view.unmasked and loans:
        session.journal.audit(actor=caller.subject, action="pii.read", entity_type="loans",
                              entity_id=loans[0].id, region_code=loans[0].region_code)
    return [LoanRead(
        id=loan.id, household_id=loan.household_id, region_code=loan.region_code,
        borrower_id_number=view.show(BORROWER_ID, loan.borrower_enc), lender=loan.lender,
        purpose=loan.purpose,
        actual_use=loan.actual_use, amount=from_fen(loan.amount_fen), term_months=loan.term_months,
        issued_on=loan.issued_on, due_on=loan.due_on, status=loan.status, renews_id=loan.renews_id,
        repaid_on=loan.repaid_on, recorded_by=loan.recorded_by, recorded_at=loan.recorded_at,
        flags=flags(status=loan.status, purpose=loan.purpose, actual_use=loan.actual_use, due_on=loan.due_on,
                    today=today, borrower_is_member=(loan.household_id, loan.borrower_hash) in members,
                    borrower_households=by_borrower.get(loan.borrower_hash, ())))
        for loan in loans]

