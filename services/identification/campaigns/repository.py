"""Every query of campaigns, their households, verification results and cases."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, case, func, insert, select, update
from sqlalchemy.orm import Session

from services.identification.models import (
    CampaignHousehold,
    Household,
    Member,
    Region,
    VerificationCampaign,
    VerificationCase,
    VerificationResult,
)
from shared.pagination import prefix_upper_bound

UNVERIFIED = ("unassigned", "assigned")


def in_prefix(column: Any, prefix: str) -> Any:
    """Range predicate for a region-code prefix, which an index serves."""
    return (column >= prefix) & (column < prefix_upper_bound(prefix))


@dataclass(frozen=True)
class CandidateFilter:
    """The register filters of a campaign's selection."""

    region_prefix: str
    statuses: Sequence[str]
    categories: Sequence[str] | None
    primary_causes: Sequence[str] | None
    exited_in_year: int | None


def candidates(session: Session, f: CandidateFilter) -> list[tuple[str, uuid.UUID, str]]:
    """Return (household number, id, village code) of every household matching the filters."""
    stmt = select(Household.household_no, Household.id, Household.region_code).where(
        in_prefix(Household.region_code, f.region_prefix), Household.status.in_(list(f.statuses)))
    if f.categories:
        stmt = stmt.where(Household.category.in_(list(f.categories)))
    if f.primary_causes:
        stmt = stmt.where(Household.primary_cause.in_(list(f.primary_causes)))
    if f.exited_in_year is not None:
        stmt = stmt.where(Household.exited_on >= date(f.exited_in_year, 1, 1),
                          Household.exited_on < date(f.exited_in_year + 1, 1, 1))
    return [(r[0], r[1], r[2]) for r in session.execute(stmt.order_by(Household.household_no))]


def add_campaign_households(session: Session, campaign_id: uuid.UUID,
                            chosen: Sequence[tuple[str, uuid.UUID, str]]) -> None:
    """Insert the chosen households in one executemany."""
    rows = [{"campaign_id": campaign_id, "household_id": hid, "household_no": no, "region_code": code,
             "town_code": code[:9], "state": "unassigned"} for no, hid, code in chosen]
    session.execute(insert(CampaignHousehold), rows)


def get_campaign(session: Session, campaign_id: uuid.UUID) -> VerificationCampaign | None:
    """Load a campaign."""
    return session.get(VerificationCampaign, campaign_id)


def list_campaigns(session: Session, region: str, after: datetime | None,
                   limit: int) -> list[VerificationCampaign]:
    """List campaigns whose scope overlaps a region, newest first."""
    prefixes = [region[:n] for n in range(2, len(region) + 1)]
    stmt = select(VerificationCampaign).where(
        VerificationCampaign.region_code.in_(prefixes) | in_prefix(VerificationCampaign.region_code, region))
    if after is not None:
        stmt = stmt.where(VerificationCampaign.created_at < after)
    return list(session.execute(stmt.order_by(VerificationCampaign.created_at.desc()).limit(limit)).scalars())


def campaign_households(session: Session, campaign_id: uuid.UUID, household_ids: Sequence[uuid.UUID],
                        region: str) -> list[CampaignHousehold]:
    """Load the listed households of a campaign that lie in a region."""
    return list(session.execute(
        select(CampaignHousehold).where(CampaignHousehold.campaign_id == campaign_id,
                                        CampaignHousehold.household_id.in_(list(household_ids)),
                                        in_prefix(CampaignHousehold.region_code, region))
    ).scalars())


def campaign_household(session: Session, campaign_id: uuid.UUID,
                       household_id: uuid.UUID) -> CampaignHousehold | None:
    """Load one household of a campaign."""
    return session.execute(
        select(CampaignHousehold).where(CampaignHousehold.campaign_id == campaign_id,
                                        CampaignHousehold.household_id == household_id)
    ).scalar_one_or_none()


def assign(session: Session, campaign_id: uuid.UUID, region: str, household_ids: Sequence[uuid.UUID] | None,
           subject: str, name: str | None, at: datetime) -> list[uuid.UUID]:
    """Give unverified households to a cadre; return the ids assigned."""
    where = [CampaignHousehold.campaign_id == campaign_id, CampaignHousehold.state.in_(UNVERIFIED),
             in_prefix(CampaignHousehold.region_code, region)]
    if household_ids is not None:
        where.append(CampaignHousehold.household_id.in_(list(household_ids)))
    ids = list(session.execute(select(CampaignHousehold.household_id).where(*where)).scalars())
    if ids:
        session.execute(update(CampaignHousehold).where(*where).values(
            cadre_subject=subject, cadre_name=name, assigned_at=at, state="assigned"))
    return ids


def mark_verified(session: Session, row_id: int, subject: str, outcome: str) -> bool:
    """Move an assigned household to its outcome if it is still the cadre's and unverified."""
    result = session.execute(
        update(CampaignHousehold)
        .where(CampaignHousehold.id == row_id, CampaignHousehold.state == "assigned",
               CampaignHousehold.cadre_subject == subject)
        .values(state=outcome))
    return result.rowcount == 1


def household_filter(campaign_id: uuid.UUID, prefix: str, state: str | None, cadre: str | None) -> list[Any]:
    """Build the predicates of a campaign's household list."""
    where = [CampaignHousehold.campaign_id == campaign_id, in_prefix(CampaignHousehold.region_code, prefix)]
    if state:
        where.append(CampaignHousehold.state == state)
    if cadre:
        where.append(CampaignHousehold.cadre_subject == cadre)
    return where


def list_campaign_households(session: Session, stmt_filter: list[Any], after_no: str | None,
                             limit: int) -> list[CampaignHousehold]:
    """List campaign households in household-number order."""
    stmt = select(CampaignHousehold).where(*stmt_filter)
    if after_no is not None:
        stmt = stmt.where(CampaignHousehold.household_no > after_no)
    return list(session.execute(stmt.order_by(CampaignHousehold.household_no).limit(limit)).scalars())


def my_assignments(session: Session, subject: str, region: str, state: str | None,
                   after: tuple[str, int] | None, limit: int) -> list[CampaignHousehold]:
    """List a cadre's own campaign households, by household number."""
    stmt = select(CampaignHousehold).where(CampaignHousehold.cadre_subject == subject,
                                           in_prefix(CampaignHousehold.region_code, region))
    if state:
        stmt = stmt.where(CampaignHousehold.state == state)
    if after is not None:
        same_no = (CampaignHousehold.household_no == after[0]) & (CampaignHousehold.id > after[1])
        stmt = stmt.where((CampaignHousehold.household_no > after[0]) | same_no)
    order = (CampaignHousehold.household_no, CampaignHousehold.id)
    return list(session.execute(stmt.order_by(*order).limit(limit)).scalars())


def completion(session: Session, campaign_id: uuid.UUID, region: str, level: str) -> list[tuple[Any, ...]]:
    """Count households by state per town or village in one GROUP BY."""
    key = CampaignHousehold.town_code if level == "town" else CampaignHousehold.region_code
    state = CampaignHousehold.state

    def count_of(value: str) -> Any:
        return func.coalesce(func.sum(case((state == value, 1), else_=0)), 0)

    stmt: Select[Any] = (
        select(key, func.count(), count_of("unassigned"), count_of("assigned"), count_of("confirmed"),
               count_of("failed"))
        .where(CampaignHousehold.campaign_id == campaign_id, in_prefix(CampaignHousehold.region_code, region))
        .group_by(key).order_by(key))
    return [tuple(r) for r in session.execute(stmt)]


def region_names(session: Session, codes: Sequence[str]) -> dict[str, str]:
    """Map region codes to names."""
    if not codes:
        return {}
    stmt = select(Region.code, Region.name).where(Region.code.in_(list(codes)))
    return {code: name for code, name in session.execute(stmt)}


def add_result(session: Session, result: VerificationResult) -> None:
    """Store a verification result."""
    session.add(result)
    session.flush()


def case_with_names(session: Session, case_id: uuid.UUID) -> tuple[VerificationCase, str, str | None] | None:
    """Load a case with its household number and member name."""
    row = session.execute(_case_select().where(VerificationCase.id == case_id)).first()
    return (row[0], row[1], row[2]) if row else None


def _case_select() -> Select[Any]:
    return (select(VerificationCase, Household.household_no, Member.name)
            .join(Household, VerificationCase.household_id == Household.id)
            .outerjoin(Member, VerificationCase.member_id == Member.id))


@dataclass(frozen=True)
class CaseFilter:
    """The filters of the case list."""

    region_prefix: str
    state: str | None = None
    kind: str | None = None
    source: str | None = None
    household_id: uuid.UUID | None = None
    crosscheck_id: uuid.UUID | None = None


def list_cases(session: Session, f: CaseFilter, after: tuple[datetime, uuid.UUID] | None,
               limit: int) -> list[tuple[VerificationCase, str, str | None]]:
    """List cases oldest first, keyed on (opened_at, id)."""
    stmt = _case_select().where(in_prefix(VerificationCase.region_code, f.region_prefix))
    c = VerificationCase
    for column, value in ((c.state, f.state), (c.kind, f.kind), (c.source, f.source),
                          (c.household_id, f.household_id), (c.crosscheck_id, f.crosscheck_id)):
        if value is not None:
            stmt = stmt.where(column == value)
    if after is not None:
        stmt = stmt.where((VerificationCase.opened_at > after[0])
                          | ((VerificationCase.opened_at == after[0]) & (VerificationCase.id > after[1])))
    rows = session.execute(stmt.order_by(VerificationCase.opened_at, VerificationCase.id).limit(limit)).all()
    return [(r[0], r[1], r[2]) for r in rows]


def existing_dedup_keys(session: Session, keys: Sequence[str]) -> set[str]:
    """Return which case keys already exist."""
    if not keys:
        return set()
    return set(session.execute(
        select(VerificationCase.dedup_key).where(VerificationCase.dedup_key.in_(list(keys)))).scalars())


def case_for_verification(session: Session, verification_id: uuid.UUID) -> uuid.UUID | None:
    """Return the case a verification result opened, if any."""
    return session.execute(
        select(VerificationCase.id).where(VerificationCase.verification_id == verification_id)
    ).scalar_one_or_none()


def result_of(session: Session, row_id: int) -> VerificationResult | None:
    """Load the verification result of a campaign household."""
    return session.execute(
        select(VerificationResult).where(VerificationResult.campaign_household_id == row_id)
    ).scalar_one_or_none()
