"""Every query of households, members, status changes and incomes."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, func, select, update
from sqlalchemy.orm import Session, joinedload, selectinload

from services.identification.filters import ORDER, HouseholdFilter, after
from services.identification.models import (
    Household,
    HouseholdStatusChange,
    IncomeRecord,
    Member,
    Region,
)


def get_household(session: Session, household_id: uuid.UUID, lock: bool = False) -> Household | None:
    """Load a household with its members."""
    stmt = select(Household).where(Household.id == household_id).options(selectinload(Household.members))
    if lock:
        stmt = stmt.with_for_update()
    return session.execute(stmt).scalar_one_or_none()


def read_household(session: Session, household_id: uuid.UUID) -> tuple[Household, str] | None:
    """Load a household, its members and its village's name in one statement (one snapshot, one trip)."""
    stmt = (select(Household, Region.name).join(Region, Region.code == Household.region_code)
            .where(Household.id == household_id).options(joinedload(Household.members)))
    row = session.execute(stmt).unique().one_or_none()
    return (row[0], row[1]) if row else None


def household_id_by_number(session: Session, household_no: str) -> uuid.UUID | None:
    """Find a household's id by its household number."""
    return session.execute(
        select(Household.id).where(Household.household_no == household_no)
    ).scalar_one_or_none()


def get_region(session: Session, code: str) -> Region | None:
    """Load a region by code."""
    return session.get(Region, code)


def take_household_serial(session: Session, village_code: str) -> int:
    """Reserve the next household serial of a village (row-locked, so never handed out twice)."""
    serial = session.execute(
        select(Region.next_household_serial).where(Region.code == village_code).with_for_update()
    ).scalar_one()
    session.execute(
        update(Region).where(Region.code == village_code).values(next_household_serial=serial + 1)
    )
    return serial


def active_memberships(session: Session,
                       id_hashes: Sequence[str]) -> dict[str, tuple[uuid.UUID, str, str]]:
    """Map each ID-number hash that is active somewhere to (household id, number, region code)."""
    if not id_hashes:
        return {}
    rows = session.execute(
        select(Member.id_number_hash, Household.id, Household.household_no, Household.region_code)
        .join(Household, Member.household_id == Household.id)
        .where(Member.active.is_(True), Member.id_number_hash.in_(list(id_hashes)))
    ).all()
    return {r[0]: (r[1], r[2], r[3]) for r in rows}


# What a list row shows: the summary's columns only, read as plain rows (no ORM identity map, no
# ciphertext fetched for a page that never shows it).
SUMMARY_COLUMNS = (Household.id, Household.household_no, Household.region_code, Household.status,
                   Household.category, Household.primary_cause, Household.version)


def list_households(session: Session, f: HouseholdFilter, key: tuple[str, str] | None,
                    limit: int) -> Sequence[Row[Any]]:
    """Return summary rows (with head_name and member_count) by village, then household number."""
    head = (select(Member.name).where(Member.household_id == Household.id, Member.relation == "head",
                                      Member.active.is_(True)).limit(1).scalar_subquery())
    count = (select(func.count()).where(Member.household_id == Household.id, Member.active.is_(True))
             .scalar_subquery())
    stmt = select(*SUMMARY_COLUMNS, head.label("head_name"), count.label("member_count"))
    return session.execute(stmt.where(*f.conditions(), *after(key)).order_by(*ORDER).limit(limit)).all()


def status_changes(session: Session, household_id: uuid.UUID) -> list[HouseholdStatusChange]:
    """Return a household's transitions, oldest first."""
    return list(session.execute(
        select(HouseholdStatusChange).where(HouseholdStatusChange.household_id == household_id)
        .order_by(HouseholdStatusChange.id)
    ).scalars())


def income_records(session: Session, household_id: uuid.UUID) -> list[IncomeRecord]:
    """Return every revision of a household's income records, by year then revision."""
    return list(session.execute(
        select(IncomeRecord).where(IncomeRecord.household_id == household_id)
        .order_by(IncomeRecord.year, IncomeRecord.revision)
    ).scalars())


def last_income_revision(session: Session, household_id: uuid.UUID, year: int) -> int:
    """Return the newest revision number of a year's income record, 0 when none."""
    return session.execute(
        select(func.coalesce(func.max(IncomeRecord.revision), 0))
        .where(IncomeRecord.household_id == household_id, IncomeRecord.year == year)
    ).scalar_one()
