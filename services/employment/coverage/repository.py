"""Coverage queries: who wants training or work in the labour force, and who got it, by region."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import Select, and_, case, exists, func, not_, or_, select
from sqlalchemy.orm import Session

from services.employment.codes import EnrolmentState
from services.employment.labour.repository import HOUSEHOLDS, MEMBERS, in_region, labour_force_conditions
from services.employment.models import Contact, Counselling, Enrolment, Labourer, Placement, replica

TRAINED = exists().where(
    Enrolment.member_id == Labourer.member_id, Enrolment.state == EnrolmentState.COMPLETED
)
SERVED = and_(
    exists().where(Counselling.member_id == Labourer.member_id),
    or_(
        exists().where(Contact.member_id == Labourer.member_id),
        exists().where(Placement.member_id == Labourer.member_id),
    ),
)
GAPS = {
    "training": and_(Labourer.wants_training.is_(True), not_(TRAINED)),
    "services": and_(Labourer.wants_work.is_(True), not_(SERVED)),
}


def _registered(day: date, prefix: str) -> Select[Any]:
    return (
        select()
        .select_from(replica.members)
        .join(replica.households, HOUSEHOLDS.id == MEMBERS.household_id)
        .join(Labourer, Labourer.member_id == MEMBERS.id)
        .where(*labour_force_conditions(day), *in_region(HOUSEHOLDS.region_code, prefix))
    )


def _ones(condition: Any) -> Any:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def by_region(session: Session, day: date, prefix: str, digits: int) -> list[Any]:
    """Per region code cut to `digits`: willing to train, trained, willing to work, served."""
    region = func.substr(HOUSEHOLDS.region_code, 1, digits).label("region")
    stmt = (
        _registered(day, prefix)
        .add_columns(
            region,
            _ones(Labourer.wants_training.is_(True)).label("willing_to_train"),
            _ones(and_(Labourer.wants_training.is_(True), TRAINED)).label("trained"),
            _ones(Labourer.wants_work.is_(True)).label("willing_to_work"),
            _ones(and_(Labourer.wants_work.is_(True), SERVED)).label("served"),
        )
        .group_by(region)
        .order_by(region)
    )
    return list(session.execute(stmt))


def unregistered(session: Session, day: date, prefix: str, digits: int) -> dict[str, int]:
    """Per region, members of the labour force employment has not registered yet (willingness unknown)."""
    region = func.substr(HOUSEHOLDS.region_code, 1, digits).label("region")
    stmt = (
        select(region, func.count())
        .select_from(replica.members)
        .join(replica.households, HOUSEHOLDS.id == MEMBERS.household_id)
        .where(
            *labour_force_conditions(day),
            *in_region(HOUSEHOLDS.region_code, prefix),
            not_(exists().where(Labourer.member_id == MEMBERS.id)),
        )
        .group_by(region)
    )
    return {row[0]: row[1] for row in session.execute(stmt)}


def gap_page(
    session: Session, day: date, prefix: str, kind: str, after: uuid.UUID | None, limit: int
) -> list[Any]:
    """The people behind a gap, in member-id order."""
    stmt = (
        _registered(day, prefix)
        .add_columns(
            MEMBERS.id.label("member_id"),
            HOUSEHOLDS.household_no,
            HOUSEHOLDS.region_code,
            MEMBERS.birth_date,
            exists().where(Counselling.member_id == Labourer.member_id).label("has_counsellor"),
            exists().where(Enrolment.member_id == Labourer.member_id).label("enrolled"),
        )
        .where(GAPS[kind])
    )
    if after is not None:
        stmt = stmt.where(MEMBERS.id > after)
    return list(session.execute(stmt.order_by(MEMBERS.id).limit(limit)))
