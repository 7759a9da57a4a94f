"""The one query of contact reads."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.identification.models import Household, Member


def member_with_household(session: Session, member_id: uuid.UUID) -> tuple[Member, Household] | None:
    """Load a member and their household, or None."""
    row = session.execute(select(Member, Household).join(Household, Member.household_id == Household.id)
                          .where(Member.id == member_id)).one_or_none()
    return None if row is None else (row[0], row[1])
