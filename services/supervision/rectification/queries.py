"""The read side of rectification: lists of interviews and items in the caller's region."""

from __future__ import annotations

import uuid
from datetime import date

from services.supervision.rectification import repository as repo
from services.supervision.rectification import service
from services.supervision.rectification.schemas import InterviewRead, ItemRead
from shared.db import ServiceSession
from shared.errors import invalid
from shared.pagination import decode_cursor, encode_cursor


def _date_id(cursor: str | None) -> tuple[str, uuid.UUID] | None:
    """Decode a (day, id) cursor, refusing a forged one as a bad query field."""
    after = decode_cursor(cursor, 2, (str, str))
    if after is None:
        return None
    try:
        return date.fromisoformat(after[0]).isoformat(), uuid.UUID(after[1])
    except ValueError as exc:
        raise invalid("cursor", "cursor_invalid", "The cursor is not valid", "游标无效") from exc


def list_items(
    session: ServiceSession, f: repo.ItemFilter, cursor: str | None, limit: int
) -> tuple[list[ItemRead], str | None]:
    """List items under a region prefix, by deadline."""
    rows = repo.list_items(session, f, _date_id(cursor), limit)
    last = rows[-1] if len(rows) == limit else None
    return service.render_items(rows), encode_cursor(
        [last.deadline.isoformat(), str(last.id)]
    ) if last else None


def list_interviews(
    session: ServiceSession, prefix: str, state: str | None, cursor: str | None, limit: int
) -> tuple[list[InterviewRead], str | None]:
    """List interviews under a region prefix, newest first."""
    rows = repo.list_interviews(session, prefix, state, _date_id(cursor), limit)
    last = rows[-1] if len(rows) == limit else None
    return service.render_interviews(session, rows), encode_cursor(
        [last.held_on.isoformat(), str(last.id)]
    ) if last else None
