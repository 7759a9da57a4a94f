"""Every query of the replica endpoints: plain rows, a page or a list of ids at a time."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from services.identification.models import (
    Household,
    HouseholdStatusChange,
    Member,
    Procedure,
    Region,
    VillageExit,
    infra,
)
from shared.pagination import prefix_upper_bound

_HOUSEHOLD_COLUMNS = (Household.id, Household.household_no, Household.region_code, Household.status,
                      Household.category, Household.identified_on, Household.exited_on,
                      Household.version)
_MEMBER_COLUMNS = (Member.id, Member.household_id, Member.id_number_hash, Member.birth_date, Member.sex,
                   Member.relation, Member.labour_capacity, Member.health_status,
                   Member.disability_grade, Member.active, Member.left_on)


def feed_position(session: Session) -> int:
    """Read the newest committed feed position (read before the rows, so they reflect it)."""
    return session.execute(select(infra.chain_head.c.event_position)).scalar_one()


def _in_region(column: Any, prefix: str) -> Any:
    return and_(column >= prefix, column < prefix_upper_bound(prefix))


def regions(session: Session, prefix: str, codes: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """Read regions inside a prefix (all, or those with the given codes) with their exit day."""
    stmt = (select(Region.code, Region.name, Region.level, Region.parent_code, Region.relatively_poor,
                   VillageExit.exited_on)
            .outerjoin(VillageExit, VillageExit.village_code == Region.code)
            .where(_in_region(Region.code, prefix)).order_by(Region.code))
    if codes is not None:
        stmt = stmt.where(Region.code.in_(codes))
    return [dict(r) for r in session.execute(stmt).mappings()]


def households_page(session: Session, prefix: str, after: uuid.UUID | None,
                    limit: int) -> list[dict[str, Any]]:
    """Read a page of households inside a prefix in id order."""
    stmt = select(*_HOUSEHOLD_COLUMNS).where(_in_region(Household.region_code, prefix))
    if after is not None:
        stmt = stmt.where(Household.id > after)
    return [dict(r) for r in session.execute(stmt.order_by(Household.id).limit(limit)).mappings()]


def households_by_id(session: Session, prefix: str, ids: Sequence[uuid.UUID]) -> list[dict[str, Any]]:
    """Read the households with the given ids that lie inside a prefix."""
    if not ids:
        return []
    stmt = select(*_HOUSEHOLD_COLUMNS).where(Household.id.in_(ids), _in_region(Household.region_code, prefix))
    return [dict(r) for r in session.execute(stmt).mappings()]


def members_of(session: Session, household_ids: Sequence[uuid.UUID]) -> list[dict[str, Any]]:
    """Read the members of households, in their order within each household."""
    if not household_ids:
        return []
    stmt = select(*_MEMBER_COLUMNS).where(Member.household_id.in_(household_ids)).order_by(
        Member.household_id, Member.seq)
    return [dict(r) for r in session.execute(stmt).mappings()]


def removals(session: Session, household_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, dict[str, Any]]:
    """Find each removed household's removal day and the reason code of its removal procedure."""
    if not household_ids:
        return {}
    days = session.execute(
        select(HouseholdStatusChange.household_id, func.max(HouseholdStatusChange.effective_on))
        .where(HouseholdStatusChange.household_id.in_(household_ids),
               HouseholdStatusChange.to_status == "removed")
        .group_by(HouseholdStatusChange.household_id)).all()
    reasons = session.execute(
        select(Procedure.household_id, Procedure.removal_reason)
        .where(Procedure.household_id.in_(household_ids), Procedure.kind == "removal",
               Procedure.state == "completed")
        .order_by(Procedure.closed_on)).all()
    found = {household_id: {"removed_on": day, "removal_reason": None} for household_id, day in days}
    for household_id, reason in reasons:
        if household_id in found:
            found[household_id]["removal_reason"] = reason
    return found
