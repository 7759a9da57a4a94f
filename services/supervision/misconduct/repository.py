"""Queries of misconduct leads and blacklist entries."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.supervision.models import BlacklistEntry, MisconductLead
from shared.pagination import prefix_upper_bound


def standing(session: Session, id_number_hash: str) -> list[BlacklistEntry]:
    """A person's entries not lifted, by reason."""
    return list(
        session.execute(
            select(BlacklistEntry)
            .where(BlacklistEntry.id_number_hash == id_number_hash, BlacklistEntry.lifted_on.is_(None))
            .order_by(BlacklistEntry.reason)
        ).scalars()
    )


def list_leads(
    session: Session, prefix: str, kind: str | None, state: str | None, after: uuid.UUID | None, limit: int
) -> list[MisconductLead]:
    """List leads under a region prefix, by id."""
    stmt = select(MisconductLead).where(
        MisconductLead.region_code >= prefix, MisconductLead.region_code < prefix_upper_bound(prefix)
    )
    if kind:
        stmt = stmt.where(MisconductLead.kind == kind)
    if state:
        stmt = stmt.where(MisconductLead.state == state)
    if after:
        stmt = stmt.where(MisconductLead.id > after)
    return list(session.execute(stmt.order_by(MisconductLead.id).limit(limit)).scalars())
