"""Build replica rows: the position first, then the rows, so the rows reflect at least it.

Rows leave as plain dicts in the ReplicaRows shape (the contract the router documents): they
come from this service's own tables, so building ~5,000 models a page to check them again
would only triple the cost of a snapshot.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from typing import Any

from sqlalchemy.orm import Session

from services.identification.replica import repository as repo
from shared.auth import Caller
from shared.errors import invalid
from shared.pagination import decode_cursor, encode_cursor
from shared.replica.contract import ReplicaLookup


def _households(session: Session, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    ids = [r["id"] for r in rows]
    members: dict[uuid.UUID, list[dict[str, Any]]] = defaultdict(list)
    for member in repo.members_of(session, ids):
        members[member.pop("household_id")].append(member)
    removed = repo.removals(session, [r["id"] for r in rows if r["status"] == "removed"])
    empty = {"removed_on": None, "removal_reason": None}
    return [row | removed.get(row["id"], empty) | {"members": members[row["id"]]} for row in rows]


def _rows(position: int, regions: list[dict[str, Any]], households: list[dict[str, Any]],
          next_cursor: str | None = None) -> dict[str, Any]:
    return {"feed_position": position, "regions": regions, "households": households,
            "next_cursor": next_cursor}


def lookup(session: Session, caller: Caller, body: ReplicaLookup) -> dict[str, Any]:
    """Read the named households and regions inside the caller's region as they are now."""
    position = repo.feed_position(session)
    regions = repo.regions(session, caller.region, body.region_codes) if body.region_codes else []
    households = repo.households_by_id(session, caller.region, body.household_ids)
    return _rows(position, regions, _households(session, households))


def all_regions(session: Session, caller: Caller) -> dict[str, Any]:
    """Read every region inside the caller's region."""
    position = repo.feed_position(session)
    return _rows(position, repo.regions(session, caller.region), [])


def _after(cursor: str | None) -> uuid.UUID | None:
    values = decode_cursor(cursor, 1, (str,))
    if values is None:
        return None
    try:
        return uuid.UUID(values[0])
    except ValueError as exc:
        raise invalid("cursor", "cursor_invalid", "The cursor is not valid", "游标无效") from exc


def households_page(session: Session, caller: Caller, cursor: str | None, limit: int) -> dict[str, Any]:
    """Read one snapshot page of households with their members, in id order."""
    after = _after(cursor)
    position = repo.feed_position(session)
    rows = repo.households_page(session, caller.region, after, limit)
    next_cursor = encode_cursor([str(rows[-1]["id"])]) if len(rows) == limit else None
    return _rows(position, [], _households(session, rows), next_cursor)
