"""Keyset pages by id, as every funds list answers them: the cursor decoded, the page and the next cursor."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TypeVar

from shared.errors import invalid
from shared.pagination import decode_cursor, encode_cursor

T = TypeVar("T")


def after_id(cursor: str | None) -> uuid.UUID | None:
    """Decode a cursor holding the last id of a page."""
    values = decode_cursor(cursor, 1, (str,))
    if values is None:
        return None
    try:
        return uuid.UUID(values[0])
    except ValueError as exc:
        raise invalid("cursor", "cursor_invalid", "The cursor is not valid", "游标无效") from exc


def cut(rows: list[T], limit: int, key: Callable[[T], uuid.UUID]) -> tuple[list[T], str | None]:
    """Cut rows read with limit + 1 to a page and the cursor of the next (none on the last page)."""
    if len(rows) <= limit:
        return rows, None
    return rows[:limit], encode_cursor([str(key(rows[limit - 1]))])
