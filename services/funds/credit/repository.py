"""Every query of micro-credit, as functions taking the session."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.funds.codes import LoanStatus
from services.funds.models import Loan, replica
from shared.pagination import prefix_upper_bound


def household(session: Session, household_id: uuid.UUID) -> tuple[str, str] | None:
    """Return a household's status and village from the register replica."""
    h = replica.households
    row = session.execute(select(h.c.status, h.c.region_code).where(h.c.id == household_id)).first()
    return None if row is None else (row.status, row.region_code)


def loan(session: Session, loan_id: uuid.UUID, for_update: bool = False) -> Loan | None:
    """Load a loan (locked for a change)."""
    stmt = select(Loan).where(Loan.id == loan_id)
    return session.scalars(stmt.with_for_update() if for_update else stmt).first()


def loans(session: Session, region: str, status: str | None, after: str | None, limit: int) -> list[Loan]:
    """List loans under a region prefix by id after a cursor."""
    stmt = select(Loan).where(Loan.region_code >= region, Loan.region_code < prefix_upper_bound(region))
    if status is not None:
        stmt = stmt.where(Loan.status == status)
    if after is not None:
        stmt = stmt.where(Loan.id > uuid.UUID(after))
    return list(session.scalars(stmt.order_by(Loan.id).limit(limit + 1)))


def members_with(session: Session, pairs: Iterable[tuple[uuid.UUID, str]]) -> set[tuple[uuid.UUID, str]]:
    """Return which (household, ID hash) pairs the replica shows as an active member of that household."""
    pairs = list(pairs)
    if not pairs:
        return set()
    m = replica.members
    rows = session.execute(select(m.c.household_id, m.c.id_number_hash).where(
        m.c.household_id.in_({p[0] for p in pairs}), m.c.id_number_hash.in_({p[1] for p in pairs}),
        m.c.active.is_(True)))
    return {(row.household_id, row.id_number_hash) for row in rows}


def households_by_borrower(session: Session, hashes: Iterable[str]) -> dict[str, set[uuid.UUID]]:
    """Map each borrower hash to the households it holds active loans for."""
    hashes = set(hashes)
    if not hashes:
        return {}
    rows = session.execute(select(Loan.borrower_hash, Loan.household_id).where(
        Loan.borrower_hash.in_(hashes), Loan.status == LoanStatus.ACTIVE))
    found: dict[str, set[uuid.UUID]] = {}
    for borrower, household_id in rows:
        found.setdefault(borrower, set()).add(household_id)
    return found
