"""Every query of policy standards, village incomes and stored evaluations."""

from __future__ import annotations

import uuid

from sqlalchemy import case, func, select, tuple_
from sqlalchemy.orm import Session

from services.identification.codes import HouseholdStatus
from services.identification.models import (
    Household,
    IncomeRecord,
    NaturalVillage,
    PolicyStandard,
    Region,
    StoredEvaluation,
    VillageIncome,
)
from services.identification.policy.rules import Standard
from shared.pagination import prefix_upper_bound

REGION_LENGTHS = (2, 4, 6, 9, 12)
REGISTERED = (HouseholdStatus.IDENTIFIED, HouseholdStatus.EXITED, HouseholdStatus.RETURNED)
STILL_POOR = (HouseholdStatus.IDENTIFIED, HouseholdStatus.RETURNED)


def to_standard(row: PolicyStandard) -> Standard:
    """Turn a stored standard into the rules' value object."""
    return Standard(
        year=row.year, region_prefix=row.region_prefix, version=row.version,
        rural_income_per_head=row.rural_income_per_head, household_exit_ratio=row.household_exit_ratio,
        village_exit_ratio=row.village_exit_ratio, identification_line=row.identification_line,
        village_remaining_poor_share_max=row.village_remaining_poor_share_max,
        village_remaining_poor_share_source=row.village_remaining_poor_share_source,
        notice_days=row.notice_days, objection_days=row.objection_days,
        announcement_days=row.announcement_days, price_index=row.price_index,
        road_min_households=row.road_min_households, safe_water_required=row.safe_water_required,
        id=row.id)


def prefixes_of(region_code: str) -> list[str]:
    """List the region prefixes (province down to the code itself) a code lies in."""
    return [region_code[:n] for n in REGION_LENGTHS if n <= len(region_code)]


def applicable_standard(session: Session, year: int, region_code: str) -> PolicyStandard | None:
    """Return the most specific prefix's newest version of a year's standard for a region."""
    return session.execute(
        select(PolicyStandard)
        .where(PolicyStandard.year == year, PolicyStandard.region_prefix.in_(prefixes_of(region_code)))
        .order_by(func.length(PolicyStandard.region_prefix).desc(), PolicyStandard.version.desc())
        .limit(1)
    ).scalar_one_or_none()


def get_standard(session: Session, standard_id: int) -> PolicyStandard | None:
    """Load one stored standard version."""
    return session.get(PolicyStandard, standard_id)


def last_version(session: Session, year: int, region_prefix: str) -> int:
    """Return the newest version number of a year and prefix, 0 when none."""
    return session.execute(
        select(func.coalesce(func.max(PolicyStandard.version), 0))
        .where(PolicyStandard.year == year, PolicyStandard.region_prefix == region_prefix)
    ).scalar_one()


def list_standards(session: Session, year: int | None, region_prefix: str | None,
                   after: tuple[int, str, int] | None, limit: int) -> list[PolicyStandard]:
    """List standard versions by year, prefix and version."""
    stmt = select(PolicyStandard)
    if year is not None:
        stmt = stmt.where(PolicyStandard.year == year)
    if region_prefix is not None:
        stmt = stmt.where(PolicyStandard.region_prefix == region_prefix)
    if after is not None:
        key = (PolicyStandard.year, PolicyStandard.region_prefix, PolicyStandard.version)
        stmt = stmt.where(tuple_(*key) > tuple_(*after))
    order = (PolicyStandard.year, PolicyStandard.region_prefix, PolicyStandard.version)
    return list(session.execute(stmt.order_by(*order).limit(limit)).scalars())


def latest_income(session: Session, household_id: uuid.UUID, year: int) -> IncomeRecord | None:
    """Return the newest revision of a household's income record for a year."""
    return session.execute(
        select(IncomeRecord).where(IncomeRecord.household_id == household_id, IncomeRecord.year == year)
        .order_by(IncomeRecord.revision.desc()).limit(1)
    ).scalar_one_or_none()


def get_region(session: Session, code: str) -> Region | None:
    """Load a region."""
    return session.get(Region, code)


def natural_villages(session: Session, village_code: str) -> list[NaturalVillage]:
    """List a village's natural villages by name."""
    return list(session.execute(
        select(NaturalVillage).where(NaturalVillage.village_code == village_code)
        .order_by(NaturalVillage.name)
    ).scalars())


def latest_village_income(session: Session, village_code: str, year: int) -> VillageIncome | None:
    """Return the newest revision of a village's income per head for a year."""
    return session.execute(
        select(VillageIncome).where(VillageIncome.village_code == village_code, VillageIncome.year == year)
        .order_by(VillageIncome.revision.desc()).limit(1)
    ).scalar_one_or_none()


def last_village_income_revision(session: Session, village_code: str, year: int) -> int:
    """Return the newest revision number of a village's income for a year, 0 when none."""
    return session.execute(
        select(func.coalesce(func.max(VillageIncome.revision), 0))
        .where(VillageIncome.village_code == village_code, VillageIncome.year == year)
    ).scalar_one()


def poor_household_counts(session: Session, village_code: str) -> tuple[int, int]:
    """Count a village's registered poor households and those still in poverty."""
    row = session.execute(
        select(func.count(), func.coalesce(func.sum(case((Household.status.in_(STILL_POOR), 1), else_=0)), 0))
        .where(Household.region_code == village_code, Household.status.in_(REGISTERED))
    ).one()
    return int(row[0]), int(row[1])


def get_evaluation(session: Session, evaluation_id: uuid.UUID) -> StoredEvaluation | None:
    """Load a stored evaluation."""
    return session.get(StoredEvaluation, evaluation_id)


def village_incomes(session: Session, village_code: str) -> list[VillageIncome]:
    """List a village's income revisions by year then revision."""
    return list(session.execute(
        select(VillageIncome).where(VillageIncome.village_code == village_code)
        .order_by(VillageIncome.year, VillageIncome.revision)
    ).scalars())


def newest_within(session: Session, year: int, prefix: str) -> list[Standard]:
    """Return the newest version of each prefix of a year's standards lying inside a prefix."""
    rows = session.execute(
        select(PolicyStandard).where(PolicyStandard.year == year, PolicyStandard.region_prefix >= prefix,
                                     PolicyStandard.region_prefix < prefix_upper_bound(prefix))
        .order_by(PolicyStandard.region_prefix, PolicyStandard.version)
    ).scalars()
    newest = {row.region_prefix: row for row in rows}
    return [to_standard(row) for row in newest.values()]


def region_names(session: Session, codes: list[str]) -> dict[str, str]:
    """Map region codes to their names."""
    if not codes:
        return {}
    rows = session.execute(select(Region.code, Region.name).where(Region.code.in_(codes))).all()
    return {code: name for code, name in rows}
