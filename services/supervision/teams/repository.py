"""Queries of work teams and their terms."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.supervision.models import TeamPosting, WorkTeam
from shared.pagination import prefix_upper_bound


def team_by_village(session: Session, village_code: str) -> WorkTeam | None:
    """Return a village's work team."""
    return session.execute(select(WorkTeam).where(WorkTeam.village_code == village_code)).scalar_one_or_none()


def postings(session: Session, team_ids: list[uuid.UUID]) -> list[TeamPosting]:
    """Every term of these teams, oldest first."""
    if not team_ids:
        return []
    return list(
        session.execute(
            select(TeamPosting)
            .where(TeamPosting.team_id.in_(team_ids))
            .order_by(TeamPosting.started_on, TeamPosting.created_at)
        ).scalars()
    )


def serving_posting(session: Session, official_id: uuid.UUID) -> TeamPosting | None:
    """Return the term an official is serving, if any."""
    return session.execute(
        select(TeamPosting).where(TeamPosting.official_id == official_id, TeamPosting.ended_on.is_(None))
    ).scalar_one_or_none()


def serving_first_secretary(session: Session, team_id: uuid.UUID) -> TeamPosting | None:
    """Return a team's serving first secretary's term, if any."""
    return session.execute(
        select(TeamPosting).where(
            TeamPosting.team_id == team_id,
            TeamPosting.role == "first_secretary",
            TeamPosting.ended_on.is_(None),
        )
    ).scalar_one_or_none()


def list_teams(session: Session, prefix: str, after: str | None, limit: int) -> list[WorkTeam]:
    """List teams of villages under a region prefix, by village code."""
    stmt = select(WorkTeam).where(
        WorkTeam.village_code >= prefix, WorkTeam.village_code < prefix_upper_bound(prefix)
    )
    if after:
        stmt = stmt.where(WorkTeam.village_code > after)
    return list(session.execute(stmt.order_by(WorkTeam.village_code).limit(limit)).scalars())
