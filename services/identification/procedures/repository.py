"""Every query of procedures, their steps, objections and village exits."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select, tuple_
from sqlalchemy.orm import Session, selectinload

from services.identification.models import (
    Household,
    Objection,
    Procedure,
    ProcedureStep,
    Region,
    VillageExit,
)
from shared.pagination import prefix_upper_bound


def get_procedure(session: Session, procedure_id: uuid.UUID, lock: bool = False) -> Procedure | None:
    """Load a procedure with its steps and objections; lock it to serialise its steps."""
    stmt = (select(Procedure).where(Procedure.id == procedure_id)
            .options(selectinload(Procedure.steps), selectinload(Procedure.objections)))
    if lock:
        stmt = stmt.with_for_update().execution_options(populate_existing=True)
    return session.execute(stmt).scalar_one_or_none()


def get_household(session: Session, household_id: uuid.UUID, lock: bool = False) -> Household | None:
    """Load a household, locked when its status is about to change."""
    stmt = select(Household).where(Household.id == household_id)
    if lock:
        stmt = stmt.with_for_update()
    return session.execute(stmt).scalar_one_or_none()


def get_region(session: Session, code: str) -> Region | None:
    """Load a region."""
    return session.get(Region, code)


def open_procedure_of(session: Session, subject_key: str) -> Procedure | None:
    """Return the subject's open or suspended procedure, if any."""
    return session.execute(
        select(Procedure).where(Procedure.subject_key == subject_key,
                                Procedure.state.in_(("open", "suspended_by_objection")))
    ).scalar_one_or_none()


def procedures_of(session: Session, subject_key: str) -> list[Procedure]:
    """List a subject's procedures, oldest first."""
    return list(session.execute(
        select(Procedure).where(Procedure.subject_key == subject_key)
        .order_by(Procedure.started_on, Procedure.created_at)
    ).scalars())


def next_seq(session: Session, procedure_id: uuid.UUID) -> int:
    """Return the next sequence number of a procedure's step log."""
    return session.execute(
        select(func.coalesce(func.max(ProcedureStep.seq), 0))
        .where(ProcedureStep.procedure_id == procedure_id)
    ).scalar_one() + 1


def get_objection(session: Session, objection_id: uuid.UUID, lock: bool = False) -> Objection | None:
    """Load an objection, locked when it is about to be resolved."""
    stmt = select(Objection).where(Objection.id == objection_id)
    if lock:
        stmt = stmt.with_for_update()
    return session.execute(stmt).scalar_one_or_none()


def get_village_exit(session: Session, village_code: str) -> VillageExit | None:
    """Return a village's exit record, if it has exited."""
    return session.get(VillageExit, village_code)


@dataclass(frozen=True)
class ProcedureFilter:
    """The filters of the procedure work list."""

    region_prefix: str
    kind: str | None = None
    state: str | None = None
    next_step: str | None = None


def list_procedures(session: Session, f: ProcedureFilter, after: tuple[date, str] | None,
                    limit: int) -> list[Procedure]:
    """List procedures in a region prefix by start date then id (a stable keyset order)."""
    stmt = select(Procedure).where(Procedure.region_code >= f.region_prefix,
                                   Procedure.region_code < prefix_upper_bound(f.region_prefix))
    for column, value in ((Procedure.kind, f.kind), (Procedure.state, f.state),
                          (Procedure.next_step, f.next_step)):
        if value is not None:
            stmt = stmt.where(column == value)
    if after is not None:
        stmt = stmt.where(tuple_(Procedure.started_on, Procedure.id) > tuple_(after[0], uuid.UUID(after[1])))
    return list(session.execute(stmt.order_by(Procedure.started_on, Procedure.id).limit(limit)).scalars())
