"""Every query of cross-checks: matching hashes against active members, and the import records."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.identification.campaigns.repository import in_prefix
from services.identification.codes import ACTIVE_STATUSES
from services.identification.models import CrossCheckImport, Household, Member

_CHUNK = 1000


@dataclass(frozen=True)
class ActiveMember:
    """An active member of a household in the register, found by ID-number hash."""

    member_id: uuid.UUID
    household_id: uuid.UUID
    region_code: str


def active_members_by_hash(session: Session, hashes: Sequence[str], region: str) -> dict[str, ActiveMember]:
    """Map each hash to the active member holding it in a household of the region."""
    found: dict[str, ActiveMember] = {}
    unique = sorted(set(hashes))
    for start in range(0, len(unique), _CHUNK):
        rows = session.execute(
            select(Member.id_number_hash, Member.id, Household.id, Household.region_code)
            .join(Household, Member.household_id == Household.id)
            .where(Member.id_number_hash.in_(unique[start:start + _CHUNK]), Member.active.is_(True),
                   Household.status.in_([str(s) for s in ACTIVE_STATUSES]),
                   in_prefix(Household.region_code, region)))
        for h, member_id, household_id, code in rows:
            found[h] = ActiveMember(member_id, household_id, code)
    return found


def get_import(session: Session, import_id: uuid.UUID) -> CrossCheckImport | None:
    """Load an import record."""
    return session.get(CrossCheckImport, import_id)


def list_imports(session: Session, region: str, after: datetime | None, limit: int) -> list[CrossCheckImport]:
    """List imports made inside a region, newest first."""
    stmt = select(CrossCheckImport).where(in_prefix(CrossCheckImport.region_code, region))
    if after is not None:
        stmt = stmt.where(CrossCheckImport.imported_at < after)
    return list(session.execute(stmt.order_by(CrossCheckImport.imported_at.desc()).limit(limit)).scalars())
