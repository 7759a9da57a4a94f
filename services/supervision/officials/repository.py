"""Queries of officials."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services.supervision.models import Official, replica
from shared.pagination import prefix_upper_bound


@dataclass(frozen=True)
class OfficialFilter:
    """Which officials a list shows."""

    prefix: str
    level: str | None
    post: str | None
    serving: bool | None


def by_subject(session: Session, subject: str) -> Official | None:
    """Return the official who signs in with this account."""
    return session.execute(select(Official).where(Official.subject == subject)).scalar_one_or_none()


def serving_secretary(session: Session, region_code: str, level: str) -> Official | None:
    """Return the serving party secretary of a region at a level."""
    return session.execute(
        select(Official).where(
            Official.region_code == region_code,
            Official.level == level,
            Official.post == "party_secretary",
            Official.left_on.is_(None),
        )
    ).scalar_one_or_none()


def list_officials(
    session: Session, f: OfficialFilter, after: tuple[str, uuid.UUID] | None, limit: int
) -> list[Official]:
    """List officials under a region prefix, by region and id."""
    stmt = select(Official).where(
        Official.region_code >= f.prefix, Official.region_code < prefix_upper_bound(f.prefix)
    )
    if f.level:
        stmt = stmt.where(Official.level == f.level)
    if f.post:
        stmt = stmt.where(Official.post == f.post)
    if f.serving is not None:
        stmt = stmt.where(Official.left_on.is_(None) if f.serving else Official.left_on.is_not(None))
    if after:
        region, last = after
        stmt = stmt.where(
            (Official.region_code > region) | ((Official.region_code == region) & (Official.id > last))
        )
    return list(session.execute(stmt.order_by(Official.region_code, Official.id).limit(limit)).scalars())


def reserve_rows(
    session: Session, prefix: str, after: str | None, limit: int, short_only: bool, required: int
) -> list[Any]:
    """Each relatively poor village under a prefix with its serving secretary and reserve count, by code."""
    villages = replica.regions
    reserve = (
        select(Official.region_code, func.count().label("n"))
        .where(Official.post == "reserve_secretary", Official.left_on.is_(None))
        .group_by(Official.region_code)
        .subquery()
    )
    secretary = (
        select(Official.region_code, Official.name)
        .where(Official.post == "party_secretary", Official.level == "village", Official.left_on.is_(None))
        .subquery()
    )
    count = func.coalesce(reserve.c.n, 0)
    stmt = (
        select(villages.c.code, villages.c.name, secretary.c.name.label("secretary"), count.label("reserve"))
        .outerjoin(reserve, reserve.c.region_code == villages.c.code)
        .outerjoin(secretary, secretary.c.region_code == villages.c.code)
        .where(
            villages.c.level == "village",
            villages.c.relatively_poor.is_(True),
            villages.c.code >= prefix,
            villages.c.code < prefix_upper_bound(prefix),
        )
    )
    if short_only:
        stmt = stmt.where(count < required)
    if after:
        stmt = stmt.where(villages.c.code > after)
    return list(session.execute(stmt.order_by(villages.c.code).limit(limit)))
