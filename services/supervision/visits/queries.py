"""The read side of visits: lists, coverage by level and the targets not yet visited."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta

from services.supervision.catalogue import VISIT_TARGETS
from services.supervision.models import Visit
from services.supervision.models.visits import VISIT_FINDINGS
from services.supervision.visits import repository as repo
from services.supervision.visits.errors import LevelWithoutTargets
from services.supervision.visits.rules import CHINA_TIME, LEVEL_TARGETS, unit_code
from services.supervision.visits.schemas import CoverageReport, CoverageRow, UnvisitedTarget, VisitRead
from shared.auth import PII_READ, Caller
from shared.db import ServiceSession
from shared.errors import invalid
from shared.pagination import cursor_time_id, decode_cursor, encode_cursor


def coverage_query(level: str, prefix: str, start: date, end: date) -> repo.CoverageQuery:
    """The query of a level's targets in a period of China days [start, end]."""
    if end < start:
        raise invalid(
            "end", "end_before_start", "The period ends before it starts", "期间结束日期早于开始日期"
        )
    target = LEVEL_TARGETS.get(level)
    if target is None:
        raise LevelWithoutTargets.on(
            "level", f"The plan gives {level} no visit targets", "该层级无遍访对象", rule=VISIT_TARGETS.code
        )
    return repo.CoverageQuery(level, target, prefix, _moment(start), _moment(end + timedelta(days=1)))


def _moment(day: date) -> datetime:
    return datetime.combine(day, time(), CHINA_TIME)


def coverage(session: ServiceSession, q: repo.CoverageQuery, start: date, end: date) -> CoverageReport:
    """Count one level's targets and visited targets per responsible region."""
    rows = [
        CoverageRow(
            region_code=r.unit,
            targets=r.targets,
            visited=r.visited or 0,
            not_visited=r.targets - (r.visited or 0),
        )
        for r in repo.coverage(session, q)
    ]
    return CoverageReport(
        level=q.level,
        target_kind=q.target_kind,
        region_prefix=q.prefix,
        period_start=start,
        period_end=end,
        targets=sum(r.targets for r in rows),
        visited=sum(r.visited for r in rows),
        rows=rows,
    )


def unvisited(
    session: ServiceSession, q: repo.CoverageQuery, cursor: str | None, limit: int
) -> tuple[list[UnvisitedTarget], str | None]:
    """List the targets not visited in the period, by household number or region code."""
    after = decode_cursor(cursor, 1, (str,))
    rows = repo.unvisited(session, q, after[0] if after else None, limit)
    items = [
        UnvisitedTarget(
            target_kind=q.target_kind,
            target_id=str(r.target_id),
            label=r.label,
            region_code=r.region,
            responsible_region=unit_code(r.region, q.level),
        )
        for r in rows
    ]
    last = rows[-1] if len(rows) == limit else None
    key = (last.label if q.target_kind == "household" else last.target_id) if last else None
    return items, encode_cursor([key]) if key else None


def list_visits(
    session: ServiceSession,
    caller: Caller,
    prefix: str,
    official_id: uuid.UUID | None,
    household_id: uuid.UUID | None,
    cursor: str | None,
    limit: int,
) -> tuple[list[VisitRead], str | None]:
    """List visits in a region, newest first; findings only for pii:read, whose reading is audited."""
    after = cursor_time_id(decode_cursor(cursor, 2, (str, str)))
    rows = repo.list_visits(session, prefix, official_id, household_id, after, limit)
    view = session.personal_view(caller.has(PII_READ))
    for visit in rows if view.unmasked else []:
        session.journal.audit(
            actor=caller.subject,
            action="pii.read",
            entity_type="visit",
            entity_id=visit.id,
            region_code=visit.target_region,
        )
    items = [_render(v, view.show(VISIT_FINDINGS, v.findings_enc)) for v in rows]
    last = rows[-1] if len(rows) == limit else None
    return items, encode_cursor([last.visited_at.isoformat(), str(last.id)]) if last else None


def _render(visit: Visit, findings: str | None) -> VisitRead:
    return VisitRead(
        id=visit.id,
        client_id=visit.client_id,
        official_id=visit.official_id,
        official_level=visit.official_level,
        target_kind=visit.target_kind,
        target_region=visit.target_region,
        household_id=visit.household_id,
        visited_at=visit.visited_at,
        latitude=visit.latitude,
        longitude=visit.longitude,
        findings=findings,
        follow_ups=visit.follow_ups,
        photos=visit.photos,
        received_at=visit.received_at,
    )
