"""Queries of interviews, inspections and rectification items."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.supervision.models import Interview, RectificationItem
from shared.pagination import prefix_upper_bound


def items_of(
    session: Session,
    *,
    interview_ids: list[uuid.UUID] | None = None,
    inspection_ids: list[uuid.UUID] | None = None,
) -> list[RectificationItem]:
    """The items of these interviews or inspections, by deadline."""
    column, ids = (
        (RectificationItem.interview_id, interview_ids)
        if interview_ids is not None
        else (RectificationItem.inspection_id, inspection_ids or [])
    )
    if not ids:
        return []
    stmt = select(RectificationItem).where(column.in_(ids))
    return list(session.execute(stmt.order_by(RectificationItem.deadline, RectificationItem.id)).scalars())


def overdue_unflagged(session: Session, as_of: date) -> list[RectificationItem]:
    """Items not closed whose deadline passed before a day and that were never flagged overdue."""
    return list(
        session.execute(
            select(RectificationItem)
            .where(
                RectificationItem.state != "closed",
                RectificationItem.deadline < as_of,
                RectificationItem.overdue_flagged_on.is_(None),
            )
            .order_by(RectificationItem.deadline)
        ).scalars()
    )


@dataclass(frozen=True)
class ItemFilter:
    """Which items a list shows."""

    prefix: str
    state: str | None
    overdue_on: date | None


def list_items(
    session: Session, f: ItemFilter, after: tuple[str, uuid.UUID] | None, limit: int
) -> list[RectificationItem]:
    """List items under a region prefix, by deadline and id."""
    stmt = select(RectificationItem).where(
        RectificationItem.region_code >= f.prefix,
        RectificationItem.region_code < prefix_upper_bound(f.prefix),
    )
    if f.state:
        stmt = stmt.where(RectificationItem.state == f.state)
    if f.overdue_on:
        stmt = stmt.where(RectificationItem.state != "closed", RectificationItem.deadline < f.overdue_on)
    if after:
        day, last = date.fromisoformat(after[0]), after[1]
        stmt = stmt.where(
            (RectificationItem.deadline > day)
            | ((RectificationItem.deadline == day) & (RectificationItem.id > last))
        )
    order = (RectificationItem.deadline, RectificationItem.id)
    return list(session.execute(stmt.order_by(*order).limit(limit)).scalars())


def list_interviews(
    session: Session, prefix: str, state: str | None, after: tuple[str, uuid.UUID] | None, limit: int
) -> list[Interview]:
    """List interviews under a region prefix, newest first."""
    stmt = select(Interview).where(
        Interview.region_code >= prefix, Interview.region_code < prefix_upper_bound(prefix)
    )
    if state:
        stmt = stmt.where(Interview.state == state)
    if after:
        day, last = date.fromisoformat(after[0]), after[1]
        stmt = stmt.where((Interview.held_on < day) | ((Interview.held_on == day) & (Interview.id < last)))
    return list(
        session.execute(stmt.order_by(Interview.held_on.desc(), Interview.id.desc()).limit(limit)).scalars()
    )
