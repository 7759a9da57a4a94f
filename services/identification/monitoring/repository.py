"""Queries of monitoring: exited households at risk, village disasters, rural population."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import BigInteger, Select, String, and_, case, cast, exists, func, or_, select, type_coerce
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from services.identification.campaigns.repository import in_prefix
from services.identification.models import (
    Household,
    IncomeRecord,
    Member,
    PolicyStandard,
    Region,
    RuralPopulation,
    VillageDisaster,
    infra,
)
from services.identification.monitoring.rules import SERIOUS_HEALTH

audit = infra.audit


@dataclass(frozen=True)
class RiskQuery:
    """What the at-risk list looks for: a year, a region, and income thresholds by region prefix."""

    year: int
    region: str
    # (prefix, threshold in fen), most specific prefix first; the last one covers the whole region.
    thresholds: Sequence[tuple[str, int]]
    risk: str | None = None


def standard_prefixes_within(session: Session, year: int, region: str) -> list[str]:
    """List the prefixes inside a region that carry their own standard for a year."""
    return list(session.execute(
        select(PolicyStandard.region_prefix).distinct()
        .where(PolicyStandard.year == year, in_prefix(PolicyStandard.region_prefix, region),
               func.length(PolicyStandard.region_prefix) > len(region))
    ).scalars())


def _latest_income(year: int) -> Any:
    """The newest revision of each household's income record for a year."""
    newest = (select(IncomeRecord.household_id, func.max(IncomeRecord.revision).label("revision"))
              .where(IncomeRecord.year == year).group_by(IncomeRecord.household_id).subquery())
    return (select(IncomeRecord)
            .join(newest, and_(IncomeRecord.household_id == newest.c.household_id,
                               IncomeRecord.revision == newest.c.revision))
            .where(IncomeRecord.year == year).subquery())


def _net_fen(income: Any) -> ColumnElement[Any]:
    """Net income in fen, computed on the stored integers (Money columns hold fen)."""
    def fen(column: Any) -> Any:
        return type_coerce(column, BigInteger)

    return (fen(income.c.wages) + fen(income.c.production_business) + fen(income.c.property_income)
            + fen(income.c.transfer_income) - fen(income.c.production_costs))


def _income_flag(q: RiskQuery) -> ColumnElement[bool]:
    income = _latest_income(q.year)
    *specific, (_, default) = q.thresholds
    threshold: Any = default
    if specific:
        threshold = case(*[(in_prefix(Household.region_code, p), t) for p, t in specific], else_=default)
    below = 2 * _net_fen(income) < (2 * threshold - 1) * income.c.household_size
    return exists().where(income.c.household_id == Household.id, below)


def _uuid_matches(session: Session, text_column: Any, uuid_column: Any) -> ColumnElement[bool]:
    """Compare an audit entry's entity id (text) with a Uuid column on either database."""
    if session.get_bind().dialect.name == "sqlite":
        return func.replace(text_column, "-", "") == uuid_column  # SQLite keeps a Uuid as 32 hex digits
    return text_column == cast(uuid_column, String)


def _health_changes(session: Session) -> Select[Any]:
    """Audit entries where an active member became (or joined as) seriously ill or disabled after exit."""
    after_status = audit.c.after["health_status"].as_string()
    before_status = func.coalesce(audit.c.before["health_status"].as_string(), "")
    return (select(Member.id, Member.household_id, Member.name, Member.health_status,
                   func.min(audit.c.at).label("at"))
            .join(audit, _uuid_matches(session, audit.c.entity_id, Member.id))
            .join(Household, Member.household_id == Household.id)
            .where(Member.active.is_(True), Member.health_status.in_(SERIOUS_HEALTH),
                   audit.c.entity_type == "member", audit.c.action.in_(("member.update", "member.add")),
                   after_status.in_(SERIOUS_HEALTH), audit.c.at >= Household.exited_on,
                   or_(audit.c.action == "member.add", before_status != after_status))
            .group_by(Member.id, Member.household_id, Member.name, Member.health_status))


def _health_flag(session: Session) -> ColumnElement[bool]:
    changes = _health_changes(session).subquery()
    return exists().where(changes.c.household_id == Household.id)


def _disaster_flag(year: int) -> ColumnElement[bool]:
    return exists().where(VillageDisaster.village_code == Household.region_code,
                          VillageDisaster.occurred_on >= Household.exited_on,
                          VillageDisaster.occurred_on >= date(year, 1, 1),
                          VillageDisaster.occurred_on <= date(year, 12, 31))


def at_risk(session: Session, q: RiskQuery, after_no: str | None, limit: int) -> list[tuple[Any, ...]]:
    """Return (household, income?, health?, disaster?) for exited households with a risk, by number."""
    flags = {"income_near_line": _income_flag(q), "illness_or_disability": _health_flag(session),
             "disaster": _disaster_flag(q.year)}
    chosen = [flags[q.risk]] if q.risk else list(flags.values())
    stmt = (select(Household, *[f.label(name) for name, f in flags.items()])
            .where(Household.status == "exited", in_prefix(Household.region_code, q.region), or_(*chosen)))
    if len(q.region) >= 6:
        stmt = stmt.where(Household.county_code == q.region[:6])  # lets the county index serve it
    if after_no is not None:
        stmt = stmt.where(Household.household_no > after_no)
    return [tuple(r) for r in session.execute(stmt.order_by(Household.household_no).limit(limit))]


def latest_incomes(session: Session, year: int, household_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Any]:
    """Return each listed household's newest income record of a year."""
    income = _latest_income(year)
    rows = session.execute(select(income).where(income.c.household_id.in_(list(household_ids))))
    return {r.household_id: r for r in rows}


def health_changes(session: Session, household_ids: Sequence[uuid.UUID]) -> list[Any]:
    """Return the members of listed households who became seriously ill or disabled after exit."""
    stmt = _health_changes(session).where(Member.household_id.in_(list(household_ids)))
    return list(session.execute(stmt.order_by(Member.household_id, Member.seq)))


def disasters_after_exit(session: Session, year: int,
                         households: Sequence[Household]) -> dict[uuid.UUID, list[VillageDisaster]]:
    """Return, per listed household, the disasters of the year in its village on or after its exit."""
    villages = {h.region_code for h in households}
    rows = list(session.execute(
        select(VillageDisaster).where(VillageDisaster.village_code.in_(villages),
                                      VillageDisaster.occurred_on >= date(year, 1, 1),
                                      VillageDisaster.occurred_on <= date(year, 12, 31))
        .order_by(VillageDisaster.occurred_on)).scalars())
    return {h.id: [d for d in rows if d.village_code == h.region_code and h.exited_on
                   and d.occurred_on >= h.exited_on] for h in households}


def village_disasters(session: Session, village_code: str) -> list[VillageDisaster]:
    """List a village's disasters, newest first."""
    return list(session.execute(
        select(VillageDisaster).where(VillageDisaster.village_code == village_code)
        .order_by(VillageDisaster.occurred_on.desc(), VillageDisaster.recorded_at.desc())).scalars())


def get_region(session: Session, code: str) -> Region | None:
    """Load a region."""
    return session.get(Region, code)


def region_names(session: Session, codes: Sequence[str]) -> dict[str, str]:
    """Map region codes to names."""
    rows = session.execute(select(Region.code, Region.name).where(Region.code.in_(list(codes))))
    return {code: name for code, name in rows}


def get_population(session: Session, region_code: str, year: int) -> RuralPopulation | None:
    """Load a region's rural population for a year."""
    return session.get(RuralPopulation, (region_code, year))


def populations(session: Session, region: str, after: tuple[str, int] | None,
                limit: int) -> list[RuralPopulation]:
    """List recorded rural populations inside a region, by code then year."""
    stmt = select(RuralPopulation).where(in_prefix(RuralPopulation.region_code, region))
    if after is not None:
        stmt = stmt.where(or_(RuralPopulation.region_code > after[0],
                              and_(RuralPopulation.region_code == after[0], RuralPopulation.year > after[1])))
    order = (RuralPopulation.region_code, RuralPopulation.year)
    return list(session.execute(stmt.order_by(*order).limit(limit)).scalars())

