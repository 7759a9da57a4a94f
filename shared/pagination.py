"""Opaque keyset cursors and the page envelope every list returns."""

from __future__ import annotations

import base64
import json
import uuid
from datetime import datetime
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, Field, model_validator

from shared.errors import invalid
from shared.types import INTEGER_MAX

T = TypeVar("T")
MAX_LIMIT = 500
# Every cursor the suite makes is a flat list of a few short scalars, far below this; the bound keeps a
# forged one from costing more to decode (or nesting deep enough to exhaust the parser's recursion).
MAX_CURSOR_LENGTH = 512


class Page(BaseModel, Generic[T]):
    """One page of a list or of a log (the change feed, the audit trail), with where to continue.

    Every paged operation takes `cursor` and `limit` and answers this. Read on with
    `cursor=next_cursor` while `has_more`. A list's last page has `next_cursor` null; a log grows at
    its end, so its `next_cursor` is never null: a tail page names the position to poll from next.
    """

    items: list[T] = Field(description="本页条目")
    next_cursor: str | None = Field(None, description="下一页游标: pass it as `cursor` to read on; null only "
                                    "on a list's last page, never on the change feed or the audit trail")
    has_more: bool = Field(description="是否还有下一页: true when another page can be read now")

    @model_validator(mode="before")
    @classmethod
    def _more_when_continued(cls, data: Any) -> Any:
        """A list has more exactly when it gives a next cursor; a log says so itself."""
        if isinstance(data, dict) and "has_more" not in data:
            return {**data, "has_more": data.get("next_cursor") is not None}
        return data


def encode_cursor(values: list[Any]) -> str:
    """Encode the sort key of the last item of a page."""
    raw = json.dumps(values, separators=(",", ":"), default=str).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str | None, arity: int, kinds: tuple[type, ...] | None = None) -> list[Any] | None:
    """Decode a cursor made by encode_cursor, or refuse it as a bad query field.

    Every value must be a scalar a database can bind (no NUL or lone surrogate in text, integers
    within INTEGER); with `kinds`, each value must also be of that exact type, so a forged cursor
    cannot reach a query.
    """
    if not cursor:
        return None
    if len(cursor) > MAX_CURSOR_LENGTH:
        raise invalid("cursor", "cursor_invalid", "The cursor is not valid", "游标无效")
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, RecursionError) as exc:
        raise invalid("cursor", "cursor_invalid", "The cursor is not valid", "游标无效") from exc
    if not isinstance(values, list) or len(values) != arity or not all(map(_bindable, values)) or (
            kinds is not None and not all(type(v) is k for v, k in zip(values, kinds, strict=True))):
        raise invalid("cursor", "cursor_invalid", "The cursor is not valid", "游标无效")
    return values


def _bindable(value: Any) -> bool:
    """Tell whether a decoded cursor value is a scalar every database can bind."""
    if isinstance(value, str):
        return "\x00" not in value and _encodable(value)
    if isinstance(value, int):
        return -INTEGER_MAX - 1 <= value <= INTEGER_MAX
    return value is None


def _encodable(text: str) -> bool:
    try:
        text.encode()
    except UnicodeEncodeError:  # a lone surrogate, which no database driver can send
        return False
    return True


def prefix_upper_bound(prefix: str) -> str:
    """Return the smallest string greater than every string starting with a digit prefix."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def cursor_time(values: list[Any] | None) -> datetime | None:
    """Turn a decoded one-value cursor back into the timestamp it holds."""
    if values is None:
        return None
    return _aware(str(values[0]))


def cursor_pair(values: list[Any] | None) -> tuple[str, int] | None:
    """Turn a decoded (text, integer) cursor back into its key."""
    if values is None:
        return None
    try:
        return str(values[0]), int(values[1])
    except (TypeError, ValueError) as exc:
        raise invalid("cursor", "cursor_invalid", "The cursor is not valid", "游标无效") from exc


def cursor_time_id(values: list[Any] | None) -> tuple[datetime, uuid.UUID] | None:
    """Turn a decoded (timestamp, id) cursor back into its key."""
    if values is None:
        return None
    try:
        key = uuid.UUID(str(values[1]))
    except ValueError as exc:
        raise invalid("cursor", "cursor_invalid", "The cursor is not valid", "游标无效") from exc
    return _aware(str(values[0])), key


def _aware(text: str) -> datetime:
    """Parse a cursor's timestamp; a naive one could not be compared with the stored UTC times."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as exc:
        raise invalid("cursor", "cursor_invalid", "The cursor is not valid", "游标无效") from exc
    if moment.tzinfo is None:
        raise invalid("cursor", "cursor_invalid", "The cursor is not valid", "游标无效")
    return moment
