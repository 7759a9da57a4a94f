"""Reads of the register replica (identification's regions and households, kept by the consumers)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.supervision.models import replica
from shared.bulk_copy import one_of

# Households the secretaries visit (遍访贫困户): in the register as poor, or returned to poverty.
POOR_STATUSES = ("identified", "returned")


def region(session: Session, code: str) -> Any | None:
    """Return a region of the replica (code, name, level, parent, relatively poor), or None."""
    return session.execute(select(replica.regions).where(replica.regions.c.code == code)).first()


def regions(session: Session, codes: Iterable[str]) -> dict[str, Any]:
    """Return the replica's regions with these codes, by code."""
    wanted = sorted(set(codes))
    if not wanted:
        return {}
    rows = session.execute(select(replica.regions).where(replica.regions.c.code.in_(wanted)))
    return {r.code: r for r in rows}


def households(session: Session, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, Any]:
    """Return the replica's households with these ids (id, region, status), by id."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    table = replica.households
    rows = session.execute(
        select(table.c.id, table.c.region_code, table.c.status, table.c.household_no).where(
            one_of(session, table.c.id, wanted)
        )
    )
    return {r.id: r for r in rows}
