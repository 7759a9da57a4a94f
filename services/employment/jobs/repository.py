"""Every query of employers and positions."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from services.employment.codes import PositionState
from services.employment.models import Employer, Position
from shared.pagination import prefix_upper_bound


def get_employer(session: Session, employer_id: uuid.UUID) -> Employer | None:
    """Load an employer."""
    return session.get(Employer, employer_id)


def employer_by_code(session: Session, credit_code: str) -> Employer | None:
    """Find an employer by its credit code."""
    return session.execute(select(Employer).where(Employer.credit_code == credit_code)).scalar_one_or_none()


def employers_page(session: Session, prefix: str | None, after: str | None, limit: int) -> list[Employer]:
    """Return employers in credit-code order, under a region prefix if given."""
    stmt = select(Employer)
    if prefix:
        stmt = stmt.where(Employer.region_code >= prefix, Employer.region_code < prefix_upper_bound(prefix))
    if after is not None:
        stmt = stmt.where(Employer.credit_code > after)
    return list(session.execute(stmt.order_by(Employer.credit_code).limit(limit)).scalars())


def get_position(session: Session, position_id: uuid.UUID, lock: bool = False) -> Position | None:
    """Load a position."""
    stmt = select(Position).where(Position.id == position_id)
    return session.execute(stmt.with_for_update() if lock else stmt).scalar_one_or_none()


def employer_names(session: Session, employer_ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    """Map employer ids to names."""
    if not employer_ids:
        return {}
    stmt = select(Employer.id, Employer.name).where(Employer.id.in_(employer_ids))
    return {row.id: row.name for row in session.execute(stmt)}


def positions_page(session: Session, prefix: str | None, kind: str | None, open_on: date | None,
                   after: uuid.UUID | None, limit: int) -> list[Position]:
    """Return positions in id order, filtered by workplace prefix, kind, and open with openings on a day."""
    stmt = select(Position)
    if prefix:
        stmt = stmt.where(Position.region_code >= prefix, Position.region_code < prefix_upper_bound(prefix))
    if kind:
        stmt = stmt.where(Position.kind == kind)
    if open_on is not None:
        stmt = stmt.where(*open_conditions(open_on))
    if after is not None:
        stmt = stmt.where(Position.id > after)
    return list(session.execute(stmt.order_by(Position.id).limit(limit)).scalars())


def open_conditions(day: date) -> list:
    """Conditions selecting positions that take hires on a day: open, period not over, openings left."""
    return [Position.state == PositionState.OPEN, Position.filled < Position.openings,
            or_(Position.ends_on.is_(None), Position.ends_on >= day)]


def take_opening(session: Session, position_id: uuid.UUID, day: date) -> bool:
    """Fill one opening in one statement, only while one is left; tell whether it was taken.

    A single conditional UPDATE: concurrent hires serialise on the row, and the one that would
    exceed the openings matches no row. The version moves too, so an edit read before the hire
    is refused as stale rather than lowering openings below those filled.
    """
    result = session.execute(
        update(Position).where(Position.id == position_id, *open_conditions(day))
        .values(filled=Position.filled + 1, version=Position.version + 1)
        .execution_options(synchronize_session=False))
    return result.rowcount == 1


def release_opening(session: Session, position_id: uuid.UUID) -> None:
    """Give back one filled opening (a hire that never started work)."""
    session.execute(update(Position).where(Position.id == position_id, Position.filled > 0)
                    .values(filled=Position.filled - 1, version=Position.version + 1)
                    .execution_options(synchronize_session=False))
