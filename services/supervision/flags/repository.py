"""Queries of target places and red flags."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import case, func, insert, select
from sqlalchemy.orm import Session

from services.supervision.models import RedFlag, TargetPlace, Visit
from shared.bulk_copy import one_of
from shared.pagination import prefix_upper_bound


def places(session: Session, keys: Iterable[str]) -> dict[str, tuple[float, float]]:
    """Return the recorded positions of these targets, by key."""
    wanted = sorted(set(keys))
    if not wanted:
        return {}
    rows = session.execute(
        select(TargetPlace.target_key, TargetPlace.latitude, TargetPlace.longitude).where(
            one_of(session, TargetPlace.target_key, wanted)
        )
    )
    return {r.target_key: (r.latitude, r.longitude) for r in rows}


def visits_between(
    session: Session, official_ids: Iterable[uuid.UUID], start: datetime, end: datetime
) -> list[Any]:
    """The officials' visits in a time window: id, official, time and position."""
    wanted = sorted(set(official_ids))
    if not wanted:
        return []
    return list(
        session.execute(
            select(
                Visit.id,
                Visit.official_id,
                Visit.visited_at,
                Visit.latitude,
                Visit.longitude,
                Visit.target_region,
            ).where(Visit.official_id.in_(wanted), Visit.visited_at >= start, Visit.visited_at <= end)
        )
    )


def neighbour_times(
    session: Session, official_ids: Iterable[uuid.UUID], start: datetime, end: datetime, reach: timedelta
) -> tuple[datetime, datetime]:
    """Widen [start, end] to the officials' stored visits just before and after it, looking `reach` out.

    Read from the (official, time) index alone, so a batch reads the rows of its own span and
    its neighbours, not every visit within `reach` of it.
    """
    wanted = sorted(set(official_ids))
    before = case((Visit.visited_at < start, Visit.visited_at))
    after = case((Visit.visited_at > end, Visit.visited_at))
    rows = session.execute(
        select(func.max(before).label("before"), func.min(after).label("after"))
        .where(
            Visit.official_id.in_(wanted),
            Visit.visited_at >= start - reach,
            Visit.visited_at <= end + reach,
        )
        .group_by(Visit.official_id)
    ).all()
    lows = [r.before for r in rows if r.before is not None]
    highs = [r.after for r in rows if r.after is not None]
    return min(lows, default=start), max(highs, default=end)


def known_keys(session: Session, keys: Iterable[str]) -> set[str]:
    """Return which of these flag keys are already raised."""
    wanted = sorted(set(keys))
    if not wanted:
        return set()
    found: set[str] = set()
    for i in range(0, len(wanted), 500):  # bound the IN list
        found |= set(
            session.execute(
                select(RedFlag.dedup_key).where(RedFlag.dedup_key.in_(wanted[i : i + 500]))
            ).scalars()
        )
    return found


def insert_flags(session: Session, rows: list[dict[str, Any]]) -> None:
    """Insert red flags as one executemany."""
    if rows:
        session.execute(insert(RedFlag), rows)


def list_flags(
    session: Session,
    prefix: str,
    kind: str | None,
    official_id: uuid.UUID | None,
    after: tuple[datetime, uuid.UUID] | None,
    limit: int,
) -> list[RedFlag]:
    """List flags under a region prefix, newest first."""
    stmt = select(RedFlag).where(
        RedFlag.region_code >= prefix, RedFlag.region_code < prefix_upper_bound(prefix)
    )
    if kind:
        stmt = stmt.where(RedFlag.kind == kind)
    if official_id:
        stmt = stmt.where(RedFlag.official_id == official_id)
    if after:
        stmt = stmt.where(
            (RedFlag.raised_at < after[0]) | ((RedFlag.raised_at == after[0]) & (RedFlag.id < after[1]))
        )
    return list(
        session.execute(stmt.order_by(RedFlag.raised_at.desc(), RedFlag.id.desc()).limit(limit)).scalars()
    )
