"""Every query of the labour force: the replica's members joined with employment's own records."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from services.employment.labour.rules import ABLE, IN_REGISTER, born_between
from services.employment.models import Labourer, replica
from shared.pagination import prefix_upper_bound

MEMBERS, HOUSEHOLDS = replica.members.c, replica.households.c
PERSON_COLUMNS = (MEMBERS.id.label("member_id"), MEMBERS.household_id, HOUSEHOLDS.household_no,
                  HOUSEHOLDS.region_code, HOUSEHOLDS.status.label("household_status"), MEMBERS.active,
                  MEMBERS.birth_date, MEMBERS.sex, MEMBERS.labour_capacity, MEMBERS.health_status,
                  MEMBERS.disability_grade)


@dataclass(frozen=True)
class Person:
    """A member as the replica has them now, with their household's number, village and status."""

    member_id: uuid.UUID
    household_id: uuid.UUID
    household_no: str
    region_code: str
    household_status: str
    active: bool
    birth_date: date
    sex: str
    labour_capacity: str
    health_status: str
    disability_grade: int | None

    @classmethod
    def of(cls, row: Any) -> Person:
        """Build from a row selected with PERSON_COLUMNS."""
        return cls(*(getattr(row, c.name) for c in PERSON_COLUMNS))


def _people() -> Select[Any]:
    return select(*PERSON_COLUMNS).join(replica.households, HOUSEHOLDS.id == MEMBERS.household_id)


def in_region(column: Any, prefix: str) -> list[Any]:
    """Conditions selecting codes under a prefix (a range: the index serves it on both databases)."""
    return [column >= prefix, column < prefix_upper_bound(prefix)]


def labour_force_conditions(day: date) -> list[Any]:
    """Conditions on the replica that select the labour force on a day."""
    earliest, latest = born_between(day)
    return [MEMBERS.active.is_(True), HOUSEHOLDS.status.in_(IN_REGISTER),
            MEMBERS.labour_capacity.in_(ABLE), MEMBERS.birth_date > earliest, MEMBERS.birth_date <= latest]


def get_person(session: Session, member_id: uuid.UUID) -> Person | None:
    """Load a member from the replica, with their household."""
    row = session.execute(_people().where(MEMBERS.id == member_id)).one_or_none()
    return Person.of(row) if row else None


def people(session: Session, member_ids: list[uuid.UUID]) -> dict[uuid.UUID, Person]:
    """Load several members from the replica by id."""
    if not member_ids:
        return {}
    rows = session.execute(_people().where(MEMBERS.id.in_(member_ids))).all()
    return {row.member_id: Person.of(row) for row in rows}


def get_labourer(session: Session, member_id: uuid.UUID, lock: bool = False) -> Labourer | None:
    """Load employment's own record of a member."""
    stmt = select(Labourer).where(Labourer.member_id == member_id)
    return session.execute(stmt.with_for_update() if lock else stmt).scalar_one_or_none()


def labour_force_page(session: Session, day: date, prefix: str, registered: bool | None,
                      after: uuid.UUID | None, limit: int) -> list[tuple[Person, Labourer | None]]:
    """Return a page of the labour force under a region prefix, in member-id order."""
    stmt = (_people().add_columns(Labourer)
            .outerjoin(Labourer, Labourer.member_id == MEMBERS.id)
            .where(*labour_force_conditions(day), *in_region(HOUSEHOLDS.region_code, prefix)))
    if registered is not None:
        stmt = stmt.where(Labourer.member_id.is_not(None) if registered else Labourer.member_id.is_(None))
    if after is not None:
        stmt = stmt.where(MEMBERS.id > after)
    rows = session.execute(stmt.order_by(MEMBERS.id).limit(limit)).all()
    return [(Person.of(row), row.Labourer) for row in rows]
