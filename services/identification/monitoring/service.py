"""Monitoring use cases: at-risk exited households, disasters, rural population, statistics (§24)."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from services.identification.codes import CODE_TABLES
from services.identification.households.rules import income_per_head, net_income
from services.identification.models import RuralPopulation, VillageDisaster
from services.identification.monitoring import repository as repo
from services.identification.monitoring import statistics as stats
from services.identification.monitoring.rules import incidence_percent, near_line_threshold, region_code_of
from services.identification.monitoring.schemas import (
    AtRiskItem,
    Breakdown,
    DisasterCreate,
    Incidence,
    IncomeRisk,
    MemberRisk,
    PopulationSet,
    RegionRow,
    Statistics,
    VillageProgress,
)
from services.identification.policy.catalogue import RISK_RULES
from services.identification.policy.service import current_standard
from shared.auth import Caller
from shared.db import ServiceSession
from shared.errors import RegionOutOfScope, invalid, not_found
from shared.events.identification import RuralPopulationSet, VillageDisasterRecorded
from shared.pagination import Page, cursor_pair, decode_cursor, encode_cursor
from shared.types import to_fen

RISK_NAMES = ("income_near_line", "illness_or_disability", "disaster")


def _thresholds(session: Session, year: int, region: str,
                margin: Decimal) -> list[tuple[str, Decimal, Decimal]]:
    """Return (prefix, exit line, threshold): prefixes with their own standard first, the region's last."""
    specific = sorted(repo.standard_prefixes_within(session, year, region), key=len, reverse=True)
    out = []
    for prefix in [*specific, region]:
        line = current_standard(session, year, prefix).household_exit_threshold()
        out.append((prefix, line, near_line_threshold(line, margin)))
    return out


def at_risk(session: Session, caller: Caller, year: int, region: str | None, margin: Decimal,
            risk: str | None, after_no: str | None, limit: int) -> Page[AtRiskItem]:
    """List exited households in the caller's region at risk of returning to poverty, with the figures."""
    prefix = caller.narrow(region)
    if prefix is None:
        return Page[AtRiskItem](items=[], next_cursor=None)
    lines = _thresholds(session, year, prefix, margin)
    query = repo.RiskQuery(year, prefix, [(p, to_fen(t)) for p, _, t in lines], risk)
    rows = repo.at_risk(session, query, after_no, limit)
    households = [r[0] for r in rows]
    ids = [h.id for h in households]
    incomes = repo.latest_incomes(session, year, ids) if ids else {}
    members: dict[uuid.UUID, list[MemberRisk]] = {}
    for m in repo.health_changes(session, ids) if ids else []:
        members.setdefault(m.household_id, []).append(
            MemberRisk(member_id=m.id, name=m.name, health_status=m.health_status, recorded_at=m.at))
    disasters = repo.disasters_after_exit(session, year, households) if ids else {}
    items = []
    for household, *flags in rows:
        line = next(x for x in lines if household.region_code.startswith(x[0]))
        income = _income_risk(incomes.get(household.id), year, line, margin) if flags[0] else None
        risks = [name for name, flag in zip(RISK_NAMES, flags, strict=True) if flag]
        items.append(AtRiskItem(
            household_id=household.id, household_no=household.household_no, region_code=household.region_code,
            exited_on=household.exited_on, exit_pathway=household.exit_pathway, risks=risks,
            rules=[RISK_RULES[name].code for name in risks], income=income,
            members=members.get(household.id, []), disasters=disasters.get(household.id, [])))
    next_cursor = encode_cursor([households[-1].household_no]) if len(rows) == limit else None
    return Page[AtRiskItem](items=items, next_cursor=next_cursor)


def _income_risk(record: Any, year: int, line: tuple[str, Decimal, Decimal], margin: Decimal) -> IncomeRisk:
    net = net_income(record.wages, record.production_business, record.property_income,
                     record.transfer_income, record.production_costs)
    return IncomeRisk(year=year, revision=record.revision,
                      income_per_head=income_per_head(net, record.household_size),
                      exit_line=line[1], margin=margin, threshold=line[2])


def record_disaster(session: ServiceSession, caller: Caller, village_code: str,
                    data: DisasterCreate) -> VillageDisaster:
    """Record a disaster in a village of the caller's region."""
    _village_in_scope(session, caller, village_code)
    disaster = VillageDisaster(id=uuid.uuid4(), village_code=village_code, kind=data.kind,
                               occurred_on=data.occurred_on, description=data.description,
                               recorded_by=caller.subject)
    session.add(disaster)
    session.flush()
    session.journal.record(VillageDisasterRecorded(disaster_id=str(disaster.id), village_code=village_code,
                                                   kind=data.kind, occurred_on=data.occurred_on.isoformat()),
                           actor=caller.subject, action="village.disaster",
                           after={"disaster_id": str(disaster.id), "kind": data.kind,
                                  "occurred_on": data.occurred_on, "description": data.description})
    return disaster


def _village_in_scope(session: Session, caller: Caller, village_code: str) -> None:
    region = repo.get_region(session, village_code)
    if region is None or region.level != "village" or not caller.can_see(village_code):
        raise not_found("Village", "行政村", village_code)


def list_disasters(session: Session, caller: Caller, village_code: str) -> list[VillageDisaster]:
    """List a village's disasters; a village outside the caller's region answers 404."""
    _village_in_scope(session, caller, village_code)
    return repo.village_disasters(session, village_code)


def set_population(session: ServiceSession, caller: Caller, region_code: str, year: int,
                   data: PopulationSet) -> RuralPopulation:
    """Set a region's rural population for a year; the previous figure stays in the audit trail."""
    region = repo.get_region(session, region_code)
    if region is None or not caller.can_see(region_code):
        raise not_found("Region", "区划", region_code)
    row = repo.get_population(session, region_code, year)
    before = {"population": row.population, "source": row.source} if row else None
    if row is None:
        row = RuralPopulation(region_code=region_code, year=year)
        session.add(row)
    row.population, row.source, row.recorded_by = data.population, data.source, caller.subject
    session.flush()
    session.journal.record(RuralPopulationSet(region_code=region_code, year=year, population=data.population),
                           actor=caller.subject, action="region.rural_population", before=before,
                           after={"year": year, "population": data.population, "source": data.source})
    return row


def _breakdowns(rows: list[tuple[str | None, int, int]], table: str) -> list[Breakdown]:
    labels = {c.value: c.label_zh for c in CODE_TABLES[table]}  # type: ignore[attr-defined]
    return [Breakdown(code=code, label_zh=labels.get(code or ""), households=h, people=p)
            for code, h, p in rows]


def statistics(session: Session, caller: Caller, region: str | None, year: int) -> Statistics:
    """Count households and people by status, cause, category and pathway, incidence and villages."""
    prefix = caller.narrow(region)
    if prefix is None:
        raise RegionOutOfScope("region", region or "")
    try:
        code = region_code_of(prefix)
    except ValueError as exc:
        raise invalid("region", "region_level", "A region prefix has 2, 4, 6, 9 or 12 digits",
                      "区划代码前缀应为2、4、6、9或12位") from exc
    as_of = date(year, 12, 31)
    rows = stats.grouped(session, prefix, as_of)
    by_status = stats.breakdown(rows, 0, None)
    poor = [r for r in by_status if r[0] in stats.STILL_POOR]
    population = repo.get_population(session, code, year)
    rural = population.population if population else None
    poor_people = sum(r[2] for r in poor)
    total, exited = stats.relatively_poor_villages(session, prefix, as_of)
    return Statistics(
        region_code=prefix, year=year, as_of=as_of,
        by_status=_breakdowns(by_status, "household_status"),
        by_cause=_breakdowns(stats.breakdown(rows, 1, stats.REGISTERED), "poverty_cause"),
        by_category=_breakdowns(stats.breakdown(rows, 2, stats.REGISTERED), "household_category"),
        by_exit_pathway=_breakdowns(stats.breakdown(rows, 3, ("exited",)), "exit_pathway"),
        incidence=Incidence(poor_households=sum(r[1] for r in poor), poor_people=poor_people,
                            rural_population=rural, incidence_percent=incidence_percent(poor_people, rural)),
        villages=VillageProgress(relatively_poor=total, exited=exited, remaining=total - exited),
        by_region=_by_region(session, rows))


def _by_region(session: Session, rows: list[tuple[Any, ...]]) -> list[RegionRow]:
    poor = {code: (h, p) for code, h, p in stats.breakdown(rows, 4, stats.STILL_POOR)}
    exited = {code: (h, p) for code, h, p in stats.breakdown(rows, 4, ("exited",))}
    codes = sorted(set(poor) | set(exited))
    names = repo.region_names(session, [region_code_of(c) for c in codes])
    return [RegionRow(code=region_code_of(c), name=names.get(region_code_of(c), ""),
                      poor_households=poor.get(c, (0, 0))[0], poor_people=poor.get(c, (0, 0))[1],
                      exited_households=exited.get(c, (0, 0))[0], exited_people=exited.get(c, (0, 0))[1])
            for c in codes]


def list_populations(session: Session, caller: Caller, cursor: str | None,
                     limit: int) -> tuple[list[RuralPopulation], str | None]:
    """List the rural populations recorded inside the caller's region, by code then year."""
    rows = repo.populations(session, caller.region, cursor_pair(decode_cursor(cursor, 2, (str, int))), limit)
    return rows, encode_cursor([rows[-1].region_code, rows[-1].year]) if len(rows) == limit else None
