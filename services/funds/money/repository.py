"""Every query of money, as functions taking the session; counters move by guarded UPDATEs."""

from __future__ import annotations

import uuid

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from services.funds.models import Allocation, Payment, PaymentStage, Progress, ProjectFund, replica


def add_allocated(session: Session, project_id: uuid.UUID, source: str, fen: int) -> bool:
    """Add to a source's allocated money unless it would pass the budget; tell whether it was added."""
    f = ProjectFund
    result = session.execute(update(f).where(f.project_id == project_id, f.source == source,
                                             f.allocated_fen + fen <= f.budget_fen)
                             .values(allocated_fen=f.allocated_fen + fen)
                             .execution_options(synchronize_session=False))
    return result.rowcount == 1


def add_disbursed(session: Session, project_id: uuid.UUID, source: str, fen: int) -> bool:
    """Add to a source's disbursed money unless it would pass the allocation; tell whether it was added."""
    f = ProjectFund
    result = session.execute(update(f).where(f.project_id == project_id, f.source == source,
                                             f.disbursed_fen + fen <= f.allocated_fen)
                             .values(disbursed_fen=f.disbursed_fen + fen)
                             .execution_options(synchronize_session=False))
    return result.rowcount == 1


def stages(session: Session, project_id: uuid.UUID) -> list[PaymentStage]:
    """List a project's payment stages in order."""
    return list(session.scalars(select(PaymentStage).where(PaymentStage.project_id == project_id)
                                .order_by(PaymentStage.stage_no)))


def replace_stages(session: Session, project_id: uuid.UUID, rows: list[PaymentStage]) -> None:
    """Replace a project's payment stages."""
    session.execute(delete(PaymentStage).where(PaymentStage.project_id == project_id))
    session.add_all(rows)


def progress_count(session: Session, project_id: uuid.UUID) -> int:
    """Count the progress records of a project."""
    return session.scalar(select(func.count()).select_from(Progress).where(Progress.project_id == project_id))


def progress(session: Session, project_id: uuid.UUID, household_id: uuid.UUID,
             stage_no: int) -> Progress | None:
    """Find the progress of a household's stage."""
    return session.scalars(select(Progress).where(Progress.project_id == project_id,
                                                  Progress.household_id == household_id,
                                                  Progress.stage_no == stage_no)).first()


def progress_by_id(session: Session, progress_id: uuid.UUID) -> Progress | None:
    """Load a progress record, locked for its verification."""
    return session.scalars(select(Progress).where(Progress.id == progress_id).with_for_update()).first()


def household_status(session: Session, household_id: uuid.UUID) -> tuple[str, str] | None:
    """Read a household's status and number in the register replica."""
    h = replica.households
    row = session.execute(select(h.c.status, h.c.household_no).where(h.c.id == household_id)).first()
    return None if row is None else (row.status, row.household_no)


def payment_by_key(session: Session, project_id: uuid.UUID, key: str) -> Payment | None:
    """Find the payment a project made under an Idempotency-Key."""
    return session.scalars(select(Payment).where(Payment.project_id == project_id,
                                                 Payment.request_key == key)).first()


def stage_payment(session: Session, project_id: uuid.UUID, household_id: uuid.UUID,
                  stage_no: int) -> Payment | None:
    """Find the payment of a household's stage."""
    return session.scalars(select(Payment).where(Payment.project_id == project_id,
                                                 Payment.household_id == household_id,
                                                 Payment.stage_no == stage_no)).first()


def allocations(session: Session, project_id: uuid.UUID) -> list[Allocation]:
    """List a project's allocations in the order recorded."""
    return list(session.scalars(select(Allocation).where(Allocation.project_id == project_id)
                                .order_by(Allocation.recorded_at, Allocation.id)))


def progress_list(session: Session, project_id: uuid.UUID) -> list[Progress]:
    """List a project's progress records by household and stage."""
    return list(session.scalars(select(Progress).where(Progress.project_id == project_id)
                                .order_by(Progress.household_id, Progress.stage_no)))


def payments(session: Session, project_id: uuid.UUID) -> list[Payment]:
    """List a project's payments in the order recorded."""
    return list(session.scalars(select(Payment).where(Payment.project_id == project_id)
                                .order_by(Payment.recorded_at, Payment.id)))
