"""The rows matching reads: registered labourers in the labour force, and positions taking hires."""

from __future__ import annotations

from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from services.employment.codes import PositionState
from services.employment.labour.repository import (
    HOUSEHOLDS,
    MEMBERS,
    PERSON_COLUMNS,
    Person,
    in_region,
    labour_force_conditions,
)
from services.employment.models import Labourer, Position, replica


def registered_labour_force(session: Session, day: date, prefix: str) -> list[tuple[Person, Labourer]]:
    """Every registered labourer in the labour force under a region prefix."""
    stmt = (select(*PERSON_COLUMNS, Labourer)
            .join(replica.households, HOUSEHOLDS.id == MEMBERS.household_id)
            .join(Labourer, Labourer.member_id == MEMBERS.id)
            .where(*labour_force_conditions(day), *in_region(HOUSEHOLDS.region_code, prefix)))
    return [(Person.of(row), row.Labourer) for row in session.execute(stmt)]


def current_positions(session: Session, day: date) -> list[Position]:
    """Positions open and within their period on a day, full ones included (they explain themselves)."""
    stmt = select(Position).where(Position.state == PositionState.OPEN,
                                  or_(Position.ends_on.is_(None), Position.ends_on >= day))
    return list(session.execute(stmt).scalars())
