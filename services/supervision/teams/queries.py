"""The read side of work teams: a page of a region's teams with their terms."""

from __future__ import annotations

from services.supervision.teams import repository as repo
from services.supervision.teams.schemas import WorkTeamRead
from services.supervision.teams.service import render
from shared.db import ServiceSession
from shared.pagination import decode_cursor, encode_cursor


def list_teams(
    session: ServiceSession, prefix: str, cursor: str | None, limit: int
) -> tuple[list[WorkTeamRead], str | None]:
    """List teams of villages under a region prefix, by village code."""
    after = decode_cursor(cursor, 1, (str,))
    teams = repo.list_teams(session, prefix, after[0] if after else None, limit)
    return render(session, teams), encode_cursor([teams[-1].village_code]) if len(teams) == limit else None
