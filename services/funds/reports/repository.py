"""The report's queries: three GROUP BYs over the ledgers, and the records behind a figure by id."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from services.funds.models import Allocation, Payment, Project, ProjectFund, replica
from shared.pagination import prefix_upper_bound

Key = tuple[str, str, str]  # county, project type, source


@dataclass(frozen=True)
class Cell:
    """One row of a filter: which year, counties, source and project type a figure covers."""

    year: int
    region: str
    source: str | None = None
    project_type: str | None = None


def _projects_of(stmt: Select, cell: Cell, source_column: object) -> Select:
    """Narrow a statement joined to projects to the cell's year, counties, type and source."""
    stmt = stmt.where(
        Project.year == cell.year,
        Project.county_code >= cell.region,
        Project.county_code < prefix_upper_bound(cell.region),
    )
    if cell.project_type is not None:
        stmt = stmt.where(Project.project_type == cell.project_type)
    if cell.source is not None and source_column is not None:
        stmt = stmt.where(source_column == cell.source)
    return stmt


def budgets(session: Session, cell: Cell) -> dict[Key, tuple[int, int]]:
    """Sum the budget lines (and count their projects) by county, project type and source."""
    f = ProjectFund
    keys = (Project.county_code, Project.project_type, f.source)
    stmt = _projects_of(
        select(*keys, func.count(), func.sum(f.budget_fen)).join(Project, Project.id == f.project_id),
        cell,
        f.source,
    )
    return {(c, t, s): (n, int(fen)) for c, t, s, n, fen in session.execute(stmt.group_by(*keys))}


def allocated(session: Session, cell: Cell) -> dict[Key, int]:
    """Sum the allocations by county, project type and source."""
    a = Allocation
    keys = (Project.county_code, Project.project_type, a.source)
    stmt = _projects_of(
        select(*keys, func.sum(a.amount_fen)).join(Project, Project.id == a.project_id), cell, a.source
    )
    return {(c, t, s): int(fen) for c, t, s, fen in session.execute(stmt.group_by(*keys))}


def disbursed(session: Session, cell: Cell) -> dict[Key, tuple[int, int]]:
    """Sum (and count) the payments by county, project type and source."""
    p = Payment
    keys = (Project.county_code, Project.project_type, p.source)
    stmt = _projects_of(
        select(*keys, func.count(), func.sum(p.amount_fen)).join(Project, Project.id == p.project_id),
        cell,
        p.source,
    )
    return {(c, t, s): (n, int(fen)) for c, t, s, n, fen in session.execute(stmt.group_by(*keys))}


def project_counts(session: Session, cell: Cell) -> dict[tuple[str, str], int]:
    """Count the projects by county and project type."""
    keys = (Project.county_code, Project.project_type)
    stmt = _projects_of(select(*keys, func.count()), cell, None)
    return {(c, t): n for c, t, n in session.execute(stmt.group_by(*keys))}


def region_names(session: Session, codes: Iterable[str]) -> dict[str, str]:
    """Name regions from the register replica."""
    r = replica.regions
    return dict(session.execute(select(r.c.code, r.c.name).where(r.c.code.in_(set(codes)))).all())


def project_lines(
    session: Session, cell: Cell, after: tuple[uuid.UUID, str] | None, limit: int
) -> list[tuple[Project, ProjectFund]]:
    """List the budget lines behind a cell by project and source after a cursor."""
    f = ProjectFund
    stmt = _projects_of(select(Project, f).join(f, f.project_id == Project.id), cell, f.source)
    if after is not None:
        stmt = stmt.where((f.project_id > after[0]) | ((f.project_id == after[0]) & (f.source > after[1])))
    return [(p, line) for p, line in session.execute(stmt.order_by(f.project_id, f.source).limit(limit + 1))]


def ledger_sums(session: Session, lines: list[tuple[uuid.UUID, str]]) -> tuple[dict, dict]:
    """Sum the allocations and the payments of some (project, source) lines."""
    ids = {project_id for project_id, _ in lines}
    if not ids:
        return {}, {}
    sums = []
    for model in (Allocation, Payment):
        rows = session.execute(
            select(model.project_id, model.source, func.sum(model.amount_fen))
            .where(model.project_id.in_(ids))
            .group_by(model.project_id, model.source)
        )
        sums.append({(p, s): int(fen) for p, s, fen in rows})
    return sums[0], sums[1]


def allocations(session: Session, cell: Cell, after: uuid.UUID | None, limit: int) -> list[Allocation]:
    """List the allocations behind a cell by id after a cursor."""
    stmt = _projects_of(
        select(Allocation).join(Project, Project.id == Allocation.project_id), cell, Allocation.source
    )
    if after is not None:
        stmt = stmt.where(Allocation.id > after)
    return list(session.scalars(stmt.order_by(Allocation.id).limit(limit + 1)))


def payments(session: Session, cell: Cell, after: uuid.UUID | None, limit: int) -> list[Payment]:
    """List the payments behind a cell by id after a cursor."""
    stmt = _projects_of(select(Payment).join(Project, Project.id == Payment.project_id), cell, Payment.source)
    if after is not None:
        stmt = stmt.where(Payment.id > after)
    return list(session.scalars(stmt.order_by(Payment.id).limit(limit + 1)))
