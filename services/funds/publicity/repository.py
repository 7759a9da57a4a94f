"""Every query of publicity, as functions taking the session."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from services.funds.codes import NoticeKind, NoticeStatus, ObjectionStatus
from services.funds.models import Allocation, Notice, NoticeObjection, Project, replica
from shared.pagination import prefix_upper_bound


def notice(session: Session, notice_id: uuid.UUID, for_update: bool = False) -> Notice | None:
    """Load a notice (locked for a change)."""
    stmt = select(Notice).where(Notice.id == notice_id)
    return session.scalars(stmt.with_for_update() if for_update else stmt).first()


def current(session: Session, project_id: uuid.UUID, kind: str) -> Notice | None:
    """The project's published (current) notice of a kind, if any."""
    return session.scalars(select(Notice).where(Notice.project_id == project_id, Notice.kind == kind,
                                                Notice.status == NoticeStatus.PUBLISHED)).first()


def supersede(session: Session, old_id: uuid.UUID, new_id: uuid.UUID) -> bool:
    """Mark a current notice superseded by another, unless it no longer is current; tell whether it was."""
    done = session.execute(update(Notice).where(Notice.id == old_id, Notice.status == NoticeStatus.PUBLISHED)
                           .values(status=NoticeStatus.SUPERSEDED, superseded_by_id=new_id,
                                   version=Notice.version + 1)
                           .execution_options(synchronize_session=False))
    return done.rowcount == 1  # type: ignore[attr-defined]


def notices(session: Session, region: str, filters: dict, after: str | None, limit: int) -> list[Notice]:
    """List notices of counties under a region prefix, by id after a cursor, with equality filters."""
    stmt = select(Notice).where(Notice.county_code >= region, Notice.county_code < prefix_upper_bound(region))
    for column, value in filters.items():
        if value is not None:
            stmt = stmt.where(getattr(Notice, column) == value)
    if after is not None:
        stmt = stmt.where(Notice.id > uuid.UUID(after))
    return list(session.scalars(stmt.order_by(Notice.id).limit(limit + 1)))


def public_notices(session: Session, county: str | None, kind: str | None, statuses: Iterable[str],
                   after: str | None, limit: int) -> list[Notice]:
    """List published (and, when asked, superseded) notices, by id after a cursor."""
    stmt = select(Notice).where(Notice.status.in_(list(statuses)))
    if county is not None:
        stmt = stmt.where(Notice.county_code == county)
    if kind is not None:
        stmt = stmt.where(Notice.kind == kind)
    if after is not None:
        stmt = stmt.where(Notice.id > uuid.UUID(after))
    return list(session.scalars(stmt.order_by(Notice.id).limit(limit + 1)))


def board(session: Session, county: str | None, limit: int) -> list[Notice]:
    """The current notices of a county (or every county), latest period first, for the notice board."""
    stmt = select(Notice).where(Notice.status == NoticeStatus.PUBLISHED)
    if county is not None:
        stmt = stmt.where(Notice.county_code == county)
    return list(session.scalars(stmt.order_by(Notice.county_code, Notice.starts_on.desc(), Notice.id)
                                .limit(limit)))


def projects(session: Session, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, Project]:
    """Load projects by id."""
    ids = set(ids)
    return {p.id: p for p in session.scalars(select(Project).where(Project.id.in_(ids)))} if ids else {}


def region_names(session: Session, codes: Iterable[str]) -> dict[str, str]:
    """Names of regions from the register replica."""
    codes = set(codes)
    if not codes:
        return {}
    r = replica.regions
    rows = session.execute(select(r.c.code, r.c.name).where(r.c.code.in_(codes)))
    return {code: name for code, name in rows}


def objection_counts(session: Session, notice_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, dict[str, int]]:
    """Count each notice's objections by state."""
    ids = set(notice_ids)
    found: dict[uuid.UUID, dict[str, int]] = {i: {s.value: 0 for s in ObjectionStatus} for i in ids}
    if ids:
        rows = session.execute(select(NoticeObjection.notice_id, NoticeObjection.status, func.count())
                               .where(NoticeObjection.notice_id.in_(ids))
                               .group_by(NoticeObjection.notice_id, NoticeObjection.status))
        for notice_id, status, count in rows:
            found[notice_id][status] = count
    return found


def objections(session: Session, notice_id: uuid.UUID) -> list[NoticeObjection]:
    """A notice's objections in the order received."""
    return list(session.scalars(select(NoticeObjection).where(NoticeObjection.notice_id == notice_id)
                                .order_by(NoticeObjection.recorded_at, NoticeObjection.id)))


def objection(session: Session, objection_id: uuid.UUID) -> NoticeObjection | None:
    """Load an objection."""
    return session.get(NoticeObjection, objection_id)


def answer(session: Session, objection_id: uuid.UUID, status: str, reason: str, by: str,
           at: datetime) -> bool:
    """Answer a pending objection, unless it is answered already; tell whether this answered it."""
    done = session.execute(update(NoticeObjection).where(NoticeObjection.id == objection_id,
                                                   NoticeObjection.status == ObjectionStatus.PENDING)
                           .values(status=status, answer=reason, answered_by=by, answered_at=at)
                           .execution_options(synchronize_session=False))
    return done.rowcount == 1  # type: ignore[attr-defined]


def plan_chain(session: Session, project_id: uuid.UUID) -> list[uuid.UUID]:
    """Every published or superseded plan notice of a project (the current one and those it corrected)."""
    return list(session.scalars(select(Notice.id).where(
        Notice.project_id == project_id, Notice.kind == NoticeKind.PLAN,
        Notice.status.in_([NoticeStatus.PUBLISHED, NoticeStatus.SUPERSEDED]))))


def pending_count(session: Session, notice_ids: list[uuid.UUID]) -> int:
    """Count unanswered objections to any of these notices."""
    if not notice_ids:
        return 0
    return session.scalar(select(func.count()).select_from(NoticeObjection).where(
        NoticeObjection.notice_id.in_(notice_ids), NoticeObjection.status == ObjectionStatus.PENDING)) or 0


def allocations_exist(session: Session, project_id: uuid.UUID) -> bool:
    """Tell whether any money is allocated to the project."""
    return session.scalar(select(func.count()).select_from(Allocation)
                          .where(Allocation.project_id == project_id)) > 0
