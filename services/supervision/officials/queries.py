"""The read side of officials: plain lists in the caller's region, a page at a time."""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from services.supervision.catalogue import RESERVE_PER_SECRETARY
from services.supervision.models import Official
from services.supervision.officials import repository as repo
from services.supervision.officials.rules import reserve_meets
from services.supervision.officials.schemas import ReserveRow
from shared.errors import invalid
from shared.pagination import decode_cursor, encode_cursor


def cursor_code_id(cursor: str | None) -> tuple[str, uuid.UUID] | None:
    """Decode a (region code, id) cursor, refusing a forged one as a bad query field."""
    after = decode_cursor(cursor, 2, (str, str))
    if after is None:
        return None
    try:
        return after[0], uuid.UUID(after[1])
    except ValueError as exc:
        raise invalid("cursor", "cursor_invalid", "The cursor is not valid", "游标无效") from exc


def list_officials(
    session: Session, f: repo.OfficialFilter, cursor: str | None, limit: int
) -> tuple[list[Official], str | None]:
    """List officials under a region prefix, by region and id."""
    rows = repo.list_officials(session, f, cursor_code_id(cursor), limit)
    last = rows[-1] if len(rows) == limit else None
    return rows, encode_cursor([last.region_code, str(last.id)]) if last else None


def reserve_report(
    session: Session, prefix: str, short_only: bool, cursor: str | None, limit: int
) -> tuple[list[ReserveRow], str | None]:
    """Each relatively poor village's reserve against the 1:2 rule (§28), by village code."""
    after = decode_cursor(cursor, 1, (str,))
    rows = repo.reserve_rows(
        session, prefix, after[0] if after else None, limit, short_only, RESERVE_PER_SECRETARY
    )
    items = [
        ReserveRow(
            village_code=r.code,
            village_name=r.name,
            secretary=r.secretary,
            reserve=r.reserve,
            required=RESERVE_PER_SECRETARY,
            meets=reserve_meets(r.reserve),
        )
        for r in rows
    ]
    return items, encode_cursor([rows[-1].code]) if len(rows) == limit else None
