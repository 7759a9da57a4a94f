"""Queries of visits: the batch's existing records, inserting, and coverage against the replica."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Table, and_, case, exists, func, literal, select
from sqlalchemy.orm import Session

from services.supervision.models import Official, Visit, replica
from services.supervision.register import POOR_STATUSES
from shared.auth import LEVEL_CODE_LENGTH
from shared.bulk_copy import insert_rows, one_of
from shared.pagination import prefix_upper_bound

VISITS: Table = Visit.__table__  # type: ignore[assignment]


def officials(session: Session, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, Official]:
    """Return the officials with these ids, by id."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    return {o.id: o for o in session.execute(select(Official).where(Official.id.in_(wanted))).scalars()}


def existing(
    session: Session, keys: Iterable[tuple[uuid.UUID, uuid.UUID]]
) -> dict[tuple[uuid.UUID, uuid.UUID], Any]:
    """Return stored visits with these (official, client id) keys: their id and content hash.

    Matching both columns lets the unique index on them answer, however many visits are stored;
    a pair of an official with another's client id may come back too, and is never asked for.
    """
    wanted = set(keys)
    if not wanted:
        return {}
    rows = session.execute(
        select(Visit.id, Visit.official_id, Visit.client_id, Visit.content_hash).where(
            one_of(session, Visit.official_id, sorted({o for o, _ in wanted})),
            one_of(session, Visit.client_id, sorted({c for _, c in wanted})),
        )
    )
    return {(r.official_id, r.client_id): r for r in rows}


def insert_visits(session: Session, rows: list[dict[str, Any]]) -> None:
    """Insert a batch's visits at once (binary COPY on PostgreSQL); a stored key fails them all."""
    insert_rows(session, VISITS, rows)


def list_visits(
    session: Session,
    prefix: str,
    official_id: uuid.UUID | None,
    household_id: uuid.UUID | None,
    after: tuple[datetime, uuid.UUID] | None,
    limit: int,
) -> list[Visit]:
    """List visits to targets under a region prefix, newest first."""
    stmt = select(Visit).where(
        Visit.target_region >= prefix, Visit.target_region < prefix_upper_bound(prefix)
    )
    if official_id:
        stmt = stmt.where(Visit.official_id == official_id)
    if household_id:
        stmt = stmt.where(Visit.household_id == household_id)
    if after:
        stmt = stmt.where(
            (Visit.visited_at < after[0]) | ((Visit.visited_at == after[0]) & (Visit.id < after[1]))
        )
    return list(
        session.execute(stmt.order_by(Visit.visited_at.desc(), Visit.id.desc()).limit(limit)).scalars()
    )


@dataclass(frozen=True)
class CoverageQuery:
    """One level's targets under a region prefix, and the period [start, end) in UTC."""

    level: str
    target_kind: str
    prefix: str
    start: datetime
    end: datetime


def _unit(column: Any, level: str) -> Any:
    """The 12-digit code of the region at `level` containing a region code column."""
    length = LEVEL_CODE_LENGTH[level]
    return func.substr(column, 1, length).concat(literal("0" * (12 - length)))


def _targets(q: CoverageQuery) -> tuple[Any, Any, Any, Any]:
    """The target rows of a level: (selectable, id column, region column, visited condition)."""
    in_period = and_(
        Visit.official_level == q.level,
        Visit.official_post == "party_secretary",
        Visit.visited_at >= q.start,
        Visit.visited_at < q.end,
    )
    if q.target_kind == "household":
        h = replica.households
        where = and_(
            h.c.status.in_(POOR_STATUSES),
            h.c.region_code >= q.prefix,
            h.c.region_code < prefix_upper_bound(q.prefix),
        )
        visited = exists().where(
            Visit.household_id == h.c.id, in_period, Visit.official_region == _unit(h.c.region_code, q.level)
        )
        return h, where, h.c.region_code, visited
    r, poor = replica.regions, replica.regions.alias("poor_village")
    length = LEVEL_CODE_LENGTH[q.target_kind]
    has_poor_village = exists().where(
        poor.c.level == "village",
        poor.c.relatively_poor.is_(True),
        func.substr(poor.c.code, 1, length) == func.substr(r.c.code, 1, length),
    )
    where = and_(
        r.c.level == q.target_kind,
        r.c.code >= q.prefix,
        r.c.code < prefix_upper_bound(q.prefix),
        r.c.relatively_poor.is_(True) if q.target_kind == "village" else has_poor_village,
    )
    visited = exists().where(
        Visit.target_region == r.c.code,
        Visit.target_kind == q.target_kind,
        in_period,
        Visit.official_region == _unit(r.c.code, q.level),
    )
    return r, where, r.c.code, visited


def coverage(session: Session, q: CoverageQuery) -> list[Any]:
    """Count targets and visited targets per responsible region (unit, targets, visited), by unit."""
    table, where, region, visited = _targets(q)
    unit = _unit(region, q.level).label("unit")
    stmt = (
        select(unit, func.count().label("targets"), func.sum(case((visited, 1), else_=0)).label("visited"))
        .select_from(table)
        .where(where)
        .group_by(unit)
        .order_by(unit)
    )
    return list(session.execute(stmt))


def unvisited(session: Session, q: CoverageQuery, after: str | None, limit: int) -> list[Any]:
    """List targets not visited in the period: (id, label, region), by region then label."""
    table, where, region, visited = _targets(q)
    if q.target_kind == "household":
        key, label = table.c.household_no, table.c.household_no
        stmt = select(table.c.id.label("target_id"), label.label("label"), region.label("region"))
    else:
        key, label = table.c.code, table.c.name
        stmt = select(table.c.code.label("target_id"), label.label("label"), region.label("region"))
    stmt = stmt.where(where, ~visited)
    if after:
        stmt = stmt.where(key > after)
    return list(session.execute(stmt.order_by(key).limit(limit)))
