"""Every query of the project library, as functions taking the session."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import exists, or_, select, update
from sqlalchemy.orm import Session

from services.funds.models import Project, ProjectFund, ProjectStepRecord, ProjectVillage, replica
from services.funds.projects.rules import RegisteredHousehold
from shared.pagination import prefix_upper_bound


def registered_households(session: Session, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, RegisteredHousehold]:
    """Read what the register replica holds about these households."""
    if not ids:
        return {}
    h = replica.households
    rows = session.execute(select(h.c.id, h.c.status, h.c.region_code).where(h.c.id.in_(list(ids))))
    return {row.id: RegisteredHousehold(row.status, row.region_code) for row in rows}


def region_levels(session: Session, codes: Sequence[str]) -> dict[str, str]:
    """Read the level of each region code the register replica knows."""
    if not codes:
        return {}
    r = replica.regions
    rows = session.execute(select(r.c.code, r.c.level).where(r.c.code.in_(list(codes))))
    return {code: level for code, level in rows}


def project(session: Session, project_id: uuid.UUID, *, for_update: bool = False) -> Project | None:
    """Load a project with its funds, villages and beneficiaries."""
    stmt = select(Project).where(Project.id == project_id)
    if for_update:
        stmt = stmt.with_for_update()
    return session.scalars(stmt).first()


def in_scope(region: str):
    """The condition a project meets when it lies in a region or benefits a village there."""
    upper = prefix_upper_bound(region)
    own = (Project.county_code >= region) & (Project.county_code < upper)
    benefits = exists().where(ProjectVillage.project_id == Project.id,
                              ProjectVillage.village_code >= region, ProjectVillage.village_code < upper)
    return or_(own, benefits)


def list_projects(session: Session, region: str, filters: dict, after: str | None,
                  limit: int) -> list[Project]:
    """List projects in scope by id order after a cursor, with optional equality filters."""
    stmt = select(Project).where(in_scope(region))
    for column, value in filters.items():
        if value is not None:
            stmt = stmt.where(getattr(Project, column) == value)
    if after is not None:
        stmt = stmt.where(Project.id > uuid.UUID(after))
    return list(session.scalars(stmt.order_by(Project.id).limit(limit + 1)))


def steps(session: Session, project_id: uuid.UUID) -> list[ProjectStepRecord]:
    """List a project's recorded steps in the order they were taken."""
    return list(session.scalars(select(ProjectStepRecord).where(ProjectStepRecord.project_id == project_id)
                                .order_by(ProjectStepRecord.id)))


def set_budget(session: Session, project_id: uuid.UUID, source: str, budget_fen: int) -> bool:
    """Set a budget line unless it would fall below what is allocated; tell whether it was set."""
    f = ProjectFund
    result = session.execute(update(f).where(f.project_id == project_id, f.source == source,
                                             f.allocated_fen <= budget_fen)
                             .values(budget_fen=budget_fen).execution_options(synchronize_session=False))
    return result.rowcount == 1
