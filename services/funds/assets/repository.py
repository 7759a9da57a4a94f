"""Every query of asset-income projects, as functions taking the session."""

from __future__ import annotations

import uuid

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from services.funds.models import AssetShare, Distribution, replica


def shares(session: Session, project_id: uuid.UUID) -> list[AssetShare]:
    """List a project's holdings by household."""
    return list(session.scalars(select(AssetShare).where(AssetShare.project_id == project_id)
                                .order_by(AssetShare.household_id)))


def replace_shares(session: Session, project_id: uuid.UUID, rows: list[AssetShare]) -> None:
    """Replace a project's holdings."""
    session.execute(delete(AssetShare).where(AssetShare.project_id == project_id))
    session.add_all(rows)


def register_states(session: Session,
                    household_ids: list[uuid.UUID]) -> tuple[set[uuid.UUID], set[uuid.UUID]]:
    """Say which of these households the replica shows removed (or lacks), and which have a disabled one."""
    h, m = replica.households, replica.members
    present = set(session.scalars(select(h.c.id).where(h.c.id.in_(household_ids), h.c.status != "removed")))
    disabled = set(session.scalars(select(m.c.household_id).where(
        m.c.household_id.in_(household_ids), m.c.active.is_(True),
        or_(m.c.health_status == "disabled", m.c.disability_grade.is_not(None)))))
    return set(household_ids) - present, disabled


def distributions(session: Session, project_id: uuid.UUID) -> list[Distribution]:
    """List a project's distributions by year."""
    return list(session.scalars(select(Distribution).where(Distribution.project_id == project_id)
                                .order_by(Distribution.year)))
