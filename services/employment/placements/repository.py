"""Every query of placements and follow-ups."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.employment.models import FollowUp, Placement
from shared.pagination import prefix_upper_bound


def get_placement(session: Session, placement_id: uuid.UUID, lock: bool = False) -> Placement | None:
    """Load a placement."""
    stmt = select(Placement).where(Placement.id == placement_id)
    return session.execute(stmt.with_for_update() if lock else stmt).scalar_one_or_none()


def follow_ups(session: Session, placement_id: uuid.UUID) -> list[FollowUp]:
    """A placement's follow-ups, by month."""
    return list(session.execute(select(FollowUp).where(FollowUp.placement_id == placement_id)
                                .order_by(FollowUp.month)).scalars())


def placements_page(session: Session, prefix: str, member_id: uuid.UUID | None, position_id: uuid.UUID | None,
                    state: str | None, after: uuid.UUID | None, limit: int) -> list[Placement]:
    """Placements of labourers under a region prefix, in id order, filtered."""
    stmt = select(Placement).where(Placement.region_code >= prefix,
                                   Placement.region_code < prefix_upper_bound(prefix))
    for column, value in ((Placement.member_id, member_id), (Placement.position_id, position_id),
                          (Placement.state, state)):
        if value is not None:
            stmt = stmt.where(column == value)
    if after is not None:
        stmt = stmt.where(Placement.id > after)
    return list(session.execute(stmt.order_by(Placement.id).limit(limit)).scalars())
