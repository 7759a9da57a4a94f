"""The labour force list: the replica's working-age members with capacity, in the caller's region."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy.orm import Session

from services.employment.labour import repository as repo
from services.employment.labour.schemas import LabourForceItem
from services.employment.labour.views import render_item
from shared.errors import invalid
from shared.pagination import decode_cursor, encode_cursor


def _after(cursor: str | None) -> uuid.UUID | None:
    values = decode_cursor(cursor, 1, (str,))
    if values is None:
        return None
    try:
        return uuid.UUID(values[0])
    except ValueError as exc:
        raise invalid("cursor", "cursor_invalid", "The cursor is not valid", "游标无效") from exc


def labour_force(session: Session, prefix: str, registered: bool | None, cursor: str | None, limit: int,
                 today: date) -> tuple[list[LabourForceItem], str | None]:
    """Return a page of the labour force under a region prefix, in member-id order."""
    rows = repo.labour_force_page(session, today, prefix, registered, _after(cursor), limit)
    items = [render_item(person, labourer, today) for person, labourer in rows]
    return items, encode_cursor([str(rows[-1][0].member_id)]) if len(rows) == limit else None
