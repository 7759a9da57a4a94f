"""Every query of programmes, enrolments, attendance and subsidies."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from services.employment.models import Attendance, Enrolment, Programme, Subsidy


def get_programme(session: Session, programme_id: uuid.UUID) -> Programme | None:
    """Load a programme."""
    return session.get(Programme, programme_id)


def programmes(session: Session, after: uuid.UUID | None, limit: int) -> list[Programme]:
    """Programmes in id order."""
    stmt = select(Programme)
    if after is not None:
        stmt = stmt.where(Programme.id > after)
    return list(session.execute(stmt.order_by(Programme.id).limit(limit)).scalars())


def take_place(session: Session, programme_id: uuid.UUID) -> bool:
    """Take one place in one conditional statement; tell whether one was left."""
    result = session.execute(update(Programme).where(Programme.id == programme_id,
                                                     Programme.enrolled < Programme.capacity)
                             .values(enrolled=Programme.enrolled + 1, version=Programme.version + 1)
                             .execution_options(synchronize_session=False))
    return result.rowcount == 1


def get_enrolment(session: Session, enrolment_id: uuid.UUID, lock: bool = False) -> Enrolment | None:
    """Load an enrolment."""
    stmt = select(Enrolment).where(Enrolment.id == enrolment_id)
    return session.execute(stmt.with_for_update() if lock else stmt).scalar_one_or_none()


def sessions_attended(session: Session, enrolment_id: uuid.UUID) -> int:
    """How many distinct sessions a trainee attended."""
    return session.execute(select(func.count()).select_from(Attendance)
                           .where(Attendance.enrolment_id == enrolment_id)).scalar_one()


def subsidies(session: Session, enrolment_id: uuid.UUID) -> list[Subsidy]:
    """The subsidies granted for an enrolment."""
    return list(session.execute(select(Subsidy).where(Subsidy.enrolment_id == enrolment_id)
                                .order_by(Subsidy.kind)).scalars())
