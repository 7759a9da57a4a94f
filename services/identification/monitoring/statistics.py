"""Statistics queries: one GROUP BY per breakdown, region by range predicate, status as of a day."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import and_, distinct, func, or_, select
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
    rank = func.row_number().over(partition_by=change.household_id, order_by=change.id.desc())
    ranked = (select(change.household_id, change.to_status, rank.label("rn"))
              .join(Household, change.household_id == Household.id)
              .where(change.effective_on <= as_of, *_in_region(region))
              .subquery())
    newest = select(ranked.c.household_id, ranked.c.to_status.label("status")).where(ranked.c.rn == 1)
    return newest.subquery()


def breakdown(session: Session, region: str, as_of: date, key: str,
              statuses: Sequence[str] | None) -> list[tuple[str | None, int, int]]:
    """Count households and their people on a day, grouped by status or a household column."""
    status = status_on(region, as_of)
    column = status.c.status if key == "status" else getattr(Household, key)
    present = and_(Member.household_id == Household.id,
                   or_(Member.left_on.is_(None), Member.left_on > as_of))
    stmt = (select(column, func.count(distinct(Household.id)), func.count(Member.id))
            .select_from(status).join(Household, Household.id == status.c.household_id)
            .outerjoin(Member, present)
            .where(*_in_region(region)).group_by(column).order_by(column))
    if statuses is not None:
        stmt = stmt.where(status.c.status.in_(list(statuses)))
    return [(r[0], int(r[1]), int(r[2])) for r in session.execute(stmt)]


def relatively_poor_villages(session: Session, region: str, as_of: date) -> tuple[int, int]:
    """Count relatively poor villages in a region and those whose exit (出列) took effect by a day."""
    exited = and_(VillageExit.village_code == Region.code, VillageExit.exited_on <= as_of)
    row = session.execute(
        select(func.count(Region.code), func.count(VillageExit.village_code))
        .select_from(Region).outerjoin(VillageExit, exited)
        .where(Region.level == "village", Region.relatively_poor.is_(True), in_prefix(Region.code, region))
    ).one()
    return int(row[0]), int(row[1])
