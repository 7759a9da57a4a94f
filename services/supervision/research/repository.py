"""Queries of research quotas, days, studies and reports."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services.supervision.models import Official, ResearchDay, ResearchQuota, TopicalStudy, YearlyReport
from services.supervision.research.rules import LEADER_POSTS
from shared.pagination import prefix_upper_bound


def quota(session: Session, year: int, level: str) -> ResearchQuota | None:
    """Return the quota stored for a year and level."""
    return session.execute(
        select(ResearchQuota).where(ResearchQuota.year == year, ResearchQuota.level == level)
    ).scalar_one_or_none()


def quotas(session: Session) -> list[ResearchQuota]:
    """Every stored quota, by year and level."""
    return list(
        session.execute(select(ResearchQuota).order_by(ResearchQuota.year, ResearchQuota.level)).scalars()
    )


def leaders(session: Session, level: str, prefix: str, year: int) -> list[Official]:
    """The party and government heads of a level under a prefix who served during the year."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    stmt = select(Official).where(
        Official.level == level,
        Official.post.in_(LEADER_POSTS),
        Official.region_code >= prefix,
        Official.region_code < prefix_upper_bound(prefix),
        Official.appointed_on <= last,
        (Official.left_on.is_(None)) | (Official.left_on >= first),
    )
    return list(session.execute(stmt.order_by(Official.region_code, Official.id)).scalars())


def day_counts(session: Session, ids: list[uuid.UUID], year: int) -> dict[uuid.UUID, int]:
    """Research days per official in a year."""
    if not ids:
        return {}
    rows = session.execute(
        select(ResearchDay.official_id, func.count())
        .where(
            ResearchDay.official_id.in_(ids),
            ResearchDay.day >= date(year, 1, 1),
            ResearchDay.day <= date(year, 12, 31),
        )
        .group_by(ResearchDay.official_id)
    )
    return {r[0]: r[1] for r in rows}


def study_days(session: Session, ids: list[uuid.UUID], year: int) -> list[Any]:
    """The days of topical studies of these officials in a year: (official, day)."""
    if not ids:
        return []
    return list(
        session.execute(
            select(TopicalStudy.official_id, TopicalStudy.held_on).where(
                TopicalStudy.official_id.in_(ids),
                TopicalStudy.held_on >= date(year, 1, 1),
                TopicalStudy.held_on <= date(year, 12, 31),
            )
        )
    )


def reports(session: Session, ids: list[uuid.UUID], year: int) -> dict[uuid.UUID, date]:
    """The day each official's report for a year was submitted."""
    if not ids:
        return {}
    rows = session.execute(
        select(YearlyReport.official_id, YearlyReport.submitted_on).where(
            YearlyReport.official_id.in_(ids), YearlyReport.year == year
        )
    )
    return {r[0]: r[1] for r in rows}
