"""Lists of employers and positions, in a stable order with cursors."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy.orm import Session

from services.employment.jobs import repository as repo
from services.employment.jobs.schemas import EmployerRead, PositionRead
from services.employment.jobs.views import render_employer, render_position
from shared.errors import invalid
from shared.pagination import decode_cursor, encode_cursor


def uuid_cursor(cursor: str | None) -> uuid.UUID | None:
    """Decode a cursor holding one id."""
    values = decode_cursor(cursor, 1, (str,))
    if values is None:
        return None
    try:
        return uuid.UUID(values[0])
    except ValueError as exc:
        raise invalid("cursor", "cursor_invalid", "The cursor is not valid", "游标无效") from exc


def employers(session: Session, prefix: str | None, cursor: str | None,
              limit: int) -> tuple[list[EmployerRead], str | None]:
    """Return a page of employers in credit-code order."""
    after = decode_cursor(cursor, 1, (str,))
    rows = repo.employers_page(session, prefix, after[0] if after else None, limit)
    return [render_employer(e) for e in rows], encode_cursor([rows[-1].credit_code]) if len(rows) == limit \
        else None


def positions(session: Session, prefix: str | None, kind: str | None, open_only: bool, cursor: str | None,
              limit: int) -> tuple[list[PositionRead], str | None]:
    """Return a page of positions in id order."""
    open_on = date.today() if open_only else None
    rows = repo.positions_page(session, prefix, kind, open_on, uuid_cursor(cursor), limit)
    names = repo.employer_names(session, {p.employer_id for p in rows})
    items = [render_position(p, names[p.employer_id]) for p in rows]
    return items, encode_cursor([str(rows[-1].id)]) if len(rows) == limit else None
