"""Rules of research quotas: quotas as data per year, records by leaders, compliance against them."""

from __future__ import annotations

import uuid
from typing import Any

from services.supervision.catalogue import RESEARCH_DAYS, RESEARCH_REPORT, RESEARCH_STUDIES
from services.supervision.models import Official, ResearchDay, ResearchQuota, TopicalStudy, YearlyReport
from services.supervision.rectification.service import china_today
from services.supervision.research import repository as repo
from services.supervision.research.errors import AlreadyRecorded, NoQuotaForYear, QuotaExists
from services.supervision.research.rules import LEADER_POSTS, QUOTA_LEVELS, period_state, periods
from services.supervision.research.schemas import (
    ComplianceReport,
    LeaderCompliance,
    PeriodRow,
    QuotaCreate,
    QuotaRead,
    ReportCreate,
    ResearchDayCreate,
    StudyCreate,
)
from shared.auth import Caller
from shared.db import ServiceSession
from shared.errors import RegionOutOfScope, invalid
from shared.events.supervision import ResearchQuotaSet, ResearchRecorded


def set_quota(session: ServiceSession, caller: Caller, data: QuotaCreate) -> ResearchQuota:
    """Store a year's quota for a level (a policy administrator's act; the plan's years are preloaded)."""
    if repo.quota(session, data.year, data.level):
        raise QuotaExists.on(
            "year", f"{data.year} already has a {data.level} quota", f"{data.year}年已有该层级定额"
        )
    quota = ResearchQuota(**data.model_dump(), created_by=caller.subject)
    session.add(quota)
    session.flush_unique(lambda: QuotaExists.on(
        "year", f"{data.year} already has a {data.level} quota", f"{data.year}年已有该层级定额"
    ))
    session.journal.record(
        ResearchQuotaSet(
            quota_key=f"{data.year}:{data.level}",
            year=data.year,
            level=data.level,
            min_days=data.min_days,
            study_period=data.study_period,
        ),
        actor=caller.subject,
        action="research_quota.set",
        after=data.model_dump(),
    )
    return quota


def _leader(session: ServiceSession, caller: Caller, official_id: uuid.UUID) -> Official:
    """A city or county party or government head the caller may record for (themselves, or in scope)."""
    official = session.get(Official, official_id)
    mine = official is not None and (
        official.subject == caller.subject
        or (caller.has("supervision:write") and caller.can_see(official.region_code))
    )
    if official is None or not mine:
        raise invalid(
            "official_id",
            "official_unknown",
            "No official you may record for has that id",
            "无此干部，或您无权为其记录",
        )
    if official.level not in QUOTA_LEVELS or official.post not in LEADER_POSTS:
        raise invalid(
            "official_id",
            "not_a_quota_leader",
            "Quotas bind city and county party and government heads",
            "调研定额只适用于市、县党政一把手",
        )
    return official


def _record(
    session: ServiceSession, caller: Caller, row: Any, official: Official, kind: str, on: str, rule: str
) -> uuid.UUID:
    session.add(row)
    session.flush_unique(lambda: AlreadyRecorded(f"This {kind.replace('_', ' ')} is already recorded",
                                                 "已记录过", extra={"rule": rule}))
    session.journal.record(
        ResearchRecorded(
            record_id=str(row.id),
            kind=kind,
            official_id=str(official.id),
            on=on,
            region_code=official.region_code,
        ),
        actor=caller.subject,
        action=f"research.{kind}",
        after={"on": on, "kind": kind},
    )
    return row.id


def record_day(session: ServiceSession, caller: Caller, data: ResearchDayCreate) -> uuid.UUID:
    """Record a day of field research; a day counts once."""
    official = _leader(session, caller, data.official_id)
    row = ResearchDay(
        id=uuid.uuid4(),
        official_id=official.id,
        day=data.day,
        region_code=official.region_code,
        topic=data.topic,
        recorded_by=caller.subject,
    )
    return _record(session, caller, row, official, "research_day", data.day.isoformat(), RESEARCH_DAYS.code)


def record_study(session: ServiceSession, caller: Caller, data: StudyCreate) -> uuid.UUID:
    """Record a topical study of poverty alleviation."""
    official = _leader(session, caller, data.official_id)
    row = TopicalStudy(
        id=uuid.uuid4(),
        official_id=official.id,
        held_on=data.held_on,
        region_code=official.region_code,
        topic=data.topic,
        recorded_by=caller.subject,
    )
    return _record(session, caller, row, official, "topical_study", data.held_on.isoformat(),
                   RESEARCH_STUDIES.code)


def record_report(session: ServiceSession, caller: Caller, data: ReportCreate) -> uuid.UUID:
    """Record a yearly progress report; one a year."""
    official = _leader(session, caller, data.official_id)
    if data.submitted_on.year < data.year:
        raise invalid(
            "submitted_on",
            "report_before_year",
            "A year's report comes in or after that year",
            "年度报告不能早于该年度报送",
            rule=RESEARCH_REPORT.code,
        )
    row = YearlyReport(
        id=uuid.uuid4(),
        official_id=official.id,
        year=data.year,
        submitted_on=data.submitted_on,
        reference=data.reference,
        region_code=official.region_code,
        recorded_by=caller.subject,
    )
    return _record(session, caller, row, official, "yearly_report", data.submitted_on.isoformat(),
                   RESEARCH_REPORT.code)


def compliance(
    session: ServiceSession, caller: Caller, year: int, level: str, region: str | None
) -> ComplianceReport:
    """Each leader's research days, studies per period and yearly report against the year's quota."""
    if level not in QUOTA_LEVELS:
        raise invalid(
            "level",
            "level_without_quota",
            "Quotas bind city and county leaders",
            "调研定额只适用于市、县两级",
        )
    quota = repo.quota(session, year, level)
    if quota is None:
        raise NoQuotaForYear.on(
            "year", f"No {level} research quota is stored for {year}", f"{year}年无该层级调研定额"
        )
    prefix = caller.narrow(region)
    if prefix is None:
        raise RegionOutOfScope("region", region or "")
    leaders = repo.leaders(session, level, prefix, year)
    ids = [o.id for o in leaders]
    days, reports = repo.day_counts(session, ids, year), repo.reports(session, ids, year)
    studies: dict[uuid.UUID, list[Any]] = {}
    for official_id, day in repo.study_days(session, ids, year):
        studies.setdefault(official_id, []).append(day)
    today = china_today()
    rows = [
        _leader_row(o, quota, days.get(o.id, 0), studies.get(o.id, []), reports.get(o.id), today)
        for o in leaders
    ]
    return ComplianceReport(year=year, level=level, quota=QuotaRead.model_validate(quota), leaders=rows)


def _leader_row(
    official: Official, quota: ResearchQuota, days: int, study_days: list[Any], report: Any, today: Any
) -> LeaderCompliance:
    rows = [
        PeriodRow(
            period=label,
            studies=sum(start <= d <= end for d in study_days),
            state=period_state(sum(start <= d <= end for d in study_days), end, today),
        )
        for label, start, end in periods(quota.year, quota.study_period)
    ]
    year_over = today.year > quota.year
    missed = sum(r.state == "missed" for r in rows)
    behind = missed > 0 or (year_over and (days < quota.min_days or report is None))
    return LeaderCompliance(
        official_id=official.id,
        name=official.name,
        region_code=official.region_code,
        research_days=days,
        required_days=quota.min_days,
        days_met=days >= quota.min_days,
        periods=rows,
        periods_missed=missed,
        report_submitted_on=report,
        behind=behind,
    )


def list_quotas(session: ServiceSession) -> list[QuotaRead]:
    """Every stored quota."""
    return [QuotaRead.model_validate(q) for q in repo.quotas(session)]
