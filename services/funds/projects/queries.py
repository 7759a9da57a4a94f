"""Reads behind the project list: the cursor decoded, the page and the next cursor."""

from __future__ import annotations

import uuid
from typing import Any

from services.funds.models import Project
from services.funds.projects import service
from shared.auth import Caller
from shared.db import ServiceSession
from shared.errors import invalid
from shared.pagination import decode_cursor, encode_cursor


def _after(cursor: str | None) -> str | None:
    values = decode_cursor(cursor, 1, (str,))
    if values is None:
        return None
    try:
        return str(uuid.UUID(values[0]))
    except ValueError as exc:
        raise invalid("cursor", "cursor_invalid", "The cursor is not valid", "游标无效") from exc


def list_projects(session: ServiceSession, caller: Caller, region: str | None, filters: dict[str, Any],
                  cursor: str | None, limit: int) -> tuple[list[Project], str | None]:
    """Return one page of projects in scope and the cursor of the next."""
    rows = service.list_projects(session, caller, region, filters, _after(cursor), limit)
    if len(rows) <= limit:
        return rows, None
    return rows[:limit], encode_cursor([str(rows[limit - 1].id)])
