"""Queries of regions."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from services.identification.models import Region


def children(session: Session, parent: str | None, level: str | None) -> list[Region]:
    """List regions under a parent (or at the top), by code."""
    stmt = select(Region).order_by(Region.code)
    stmt = stmt.where(Region.parent_code == parent) if parent else stmt.where(Region.parent_code.is_(None))
    if level:
        stmt = stmt.where(Region.level == level)
    return list(session.execute(stmt).scalars())


def with_natural_villages(session: Session, code: str) -> Region | None:
    """Load a region with its natural villages."""
    return session.execute(
        select(Region).where(Region.code == code).options(selectinload(Region.natural_villages))
    ).scalar_one_or_none()
