"""Every query of audits: the population in scope, the stored draw, findings moved by guarded UPDATEs."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from services.funds.codes import AuditSubject, RectificationStatus
from services.funds.models import Audit, AuditPopulationItem, AuditSampleItem, Finding, Payment, Project
from shared.pagination import prefix_upper_bound


def population(
    session: Session, subject: str, region: str, year: int
) -> list[tuple[uuid.UUID, uuid.UUID, str]]:
    """List (item, project, county) of a region's projects of a year, or of those projects' payments."""
    in_scope = (
        Project.year == year,
        Project.county_code >= region,
        Project.county_code < prefix_upper_bound(region),
    )
    if subject == AuditSubject.PROJECTS:
        stmt = select(Project.id, Project.id, Project.county_code).where(*in_scope)
    else:
        stmt = (
            select(Payment.id, Payment.project_id, Project.county_code)
            .join(Project, Project.id == Payment.project_id)
            .where(*in_scope)
        )
    return [(i, p, c) for i, p, c in session.execute(stmt)]


def audit(session: Session, audit_id: uuid.UUID) -> Audit | None:
    """Load an audit."""
    return session.get(Audit, audit_id)


def audits(session: Session, region: str, after: uuid.UUID | None, limit: int) -> list[Audit]:
    """List the audits whose region lies in a prefix or holds it, by id after a cursor."""
    inside = (Audit.region_code >= region) & (Audit.region_code < prefix_upper_bound(region))
    holding = Audit.region_code.in_({region[:n] for n in range(2, len(region) + 1)})
    stmt = select(Audit).where(inside | holding)
    if after is not None:
        stmt = stmt.where(Audit.id > after)
    return list(session.scalars(stmt.order_by(Audit.id).limit(limit + 1)))


def sample(session: Session, audit_id: uuid.UUID) -> list[AuditSampleItem]:
    """List an audit's drawn items in rank order."""
    return list(
        session.scalars(
            select(AuditSampleItem).where(AuditSampleItem.audit_id == audit_id).order_by(AuditSampleItem.rank)
        )
    )


def sample_item(session: Session, audit_id: uuid.UUID, item_id: uuid.UUID) -> AuditSampleItem | None:
    """Find a drawn item."""
    return session.get(AuditSampleItem, (audit_id, item_id))


def population_ids(
    session: Session, audit_id: uuid.UUID, after: uuid.UUID | None = None, limit: int | None = None
) -> list[uuid.UUID]:
    """List an audit's frozen population by id (a page of it, with a limit)."""
    p = AuditPopulationItem
    stmt = select(p.item_id).where(p.audit_id == audit_id)
    if after is not None:
        stmt = stmt.where(p.item_id > after)
    stmt = stmt.order_by(p.item_id)
    return list(session.scalars(stmt if limit is None else stmt.limit(limit + 1)))


def finding(session: Session, finding_id: uuid.UUID) -> Finding | None:
    """Load a finding."""
    return session.get(Finding, finding_id)


def findings(
    session: Session,
    region: str,
    audit_id: uuid.UUID | None,
    status: str | None,
    overdue_on: date | None,
    after: uuid.UUID | None,
    limit: int,
) -> list[Finding]:
    """List findings on counties under a prefix (or an audit's), by id after a cursor."""
    stmt = select(Finding).where(
        Finding.county_code >= region, Finding.county_code < prefix_upper_bound(region)
    )
    if audit_id is not None:
        stmt = stmt.where(Finding.audit_id == audit_id)
    if status is not None:
        stmt = stmt.where(Finding.status == status)
    if overdue_on is not None:
        stmt = stmt.where(Finding.status == RectificationStatus.OPEN, Finding.deadline < overdue_on)
    if after is not None:
        stmt = stmt.where(Finding.id > after)
    return list(session.scalars(stmt.order_by(Finding.id).limit(limit + 1)))


def move(session: Session, finding_id: uuid.UUID, expected: str, values: dict[str, Any]) -> bool:
    """Change a finding only if it is still in the expected state; tell whether it was changed."""
    result = session.execute(
        update(Finding)
        .where(Finding.id == finding_id, Finding.status == expected)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1
