"""Statistics queries: one GROUP BY per breakdown, region by range predicate, status as of a day."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from services.identification.campaigns.repository import in_prefix
from services.identification.models import Household, HouseholdStatusChange, Member, Region, VillageExit

REGISTERED = ("identified", "exited", "returned")  # 建档立卡户: in the register, poor or exited
STILL_POOR = ("identified", "returned")


def _in_region(region: str) -> list[Any]:
    where = [in_prefix(Household.region_code, region)]
    if len(region) >= 6:
        where.append(Household.county_code == region[:6])  # the stored county column has an index
    return where


def status_on(region: str, as_of: date) -> Any:
    """Each household's status on a day: the last recorded transition effective on or before it.

    Recording order, not effective date, decides between transitions: a register loaded later
    records backdated history after the entry itself, and the last recorded decision is the
    one Household.status holds, so the current year agrees with the register exactly.
    """
    change = HouseholdStatusChange
    last = (select(change.household_id, func.max(change.id).label("change_id"))
            .join(Household, change.household_id == Household.id)
            .where(change.effective_on <= as_of, *_in_region(region))
            .group_by(change.household_id).subquery())
    return (select(last.c.household_id, change.to_status.label("status"))
            .join(change, change.id == last.c.change_id).subquery())


def people_on(region: str, as_of: date) -> Any:
    """Each household's people on a day: members who had not left by then."""
    return (select(Member.household_id, func.count().label("people"))
            .join(Household, Member.household_id == Household.id)
            .where(or_(Member.left_on.is_(None), Member.left_on > as_of), *_in_region(region))
            .group_by(Member.household_id).subquery())


def child_length(region: str) -> int:
    """Return the code length of the level below a region prefix (a village is its own child)."""
    return next((n for n in (2, 4, 6, 9, 12) if n > len(region)), 12)


def grouped(session: Session, region: str, as_of: date) -> list[tuple[Any, ...]]:
    """Count households and people on a day in one GROUP BY over status, cause, category, pathway
    and the region one level down."""
    status, people = status_on(region, as_of), people_on(region, as_of)
    child = func.substr(Household.region_code, 1, child_length(region))
    keys = (status.c.status, Household.primary_cause, Household.category, Household.exit_pathway, child)
    stmt = (select(*keys, func.count(Household.id), func.coalesce(func.sum(people.c.people), 0))
            .select_from(status).join(Household, Household.id == status.c.household_id)
            .outerjoin(people, people.c.household_id == Household.id)
            .where(*_in_region(region)).group_by(*keys))
    return [tuple(r) for r in session.execute(stmt)]


def breakdown(rows: Sequence[tuple[Any, ...]], key: int,
              statuses: Sequence[str] | None) -> list[tuple[str | None, int, int]]:
    """Fold the grouped counts into one breakdown (a handful of groups, never households)."""
    totals: dict[str | None, list[int]] = {}
    for row in rows:
        if statuses is None or row[0] in statuses:
            sums = totals.setdefault(row[key], [0, 0])
            sums[0] += int(row[5])
            sums[1] += int(row[6])
    return [(code, h, p) for code, (h, p) in sorted(totals.items(), key=lambda kv: kv[0] or "")]


def relatively_poor_villages(session: Session, region: str, as_of: date) -> tuple[int, int]:
    """Count relatively poor villages in a region and those whose exit (出列) took effect by a day."""
    exited = and_(VillageExit.village_code == Region.code, VillageExit.exited_on <= as_of)
    row = session.execute(
        select(func.count(Region.code), func.count(VillageExit.village_code))
        .select_from(Region).outerjoin(VillageExit, exited)
        .where(Region.level == "village", Region.relatively_poor.is_(True), in_prefix(Region.code, region))
    ).one()
    return int(row[0]), int(row[1])
