"""Every query of counselling, plan steps and contacts."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.employment.models import Contact, Counselling, PlanStep


def get_counselling(session: Session, member_id: uuid.UUID) -> Counselling | None:
    """Load a labourer's counselling record."""
    return session.get(Counselling, member_id)


def plan(session: Session, member_id: uuid.UUID) -> list[PlanStep]:
    """A labourer's plan steps, by due date then id."""
    return list(session.execute(select(PlanStep).where(PlanStep.member_id == member_id)
                                .order_by(PlanStep.due_on, PlanStep.id)).scalars())


def get_step(session: Session, member_id: uuid.UUID, step_id: uuid.UUID) -> PlanStep | None:
    """Load one plan step of a labourer."""
    stmt = select(PlanStep).where(PlanStep.id == step_id, PlanStep.member_id == member_id).with_for_update()
    return session.execute(stmt).scalar_one_or_none()


def contacts(session: Session, member_id: uuid.UUID) -> list[Contact]:
    """A labourer's contacts, newest first."""
    return list(session.execute(select(Contact).where(Contact.member_id == member_id)
                                .order_by(Contact.contacted_on.desc(), Contact.recorded_at.desc())).scalars())
