"""The raw-driver reference of bench_reads.py: the service's read queries through psycopg, nothing else.

A minimal FastAPI app (async routes, a fixed set of autocommit psycopg connections, orjson) that
answers the same paths with the same SQL as the service, without auth, scope, masking or audit.
The benchmark runs it under uvicorn beside the service:

    BENCH_READS_DSN=postgresql://postgres@127.0.0.1:5432/bench_reads \\
        .venv/bin/python -m uvicorn bench.reads_reference:app --port 8001
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import orjson
import psycopg
from fastapi import FastAPI, Response
from psycopg.rows import dict_row

POOL_SIZE = 10
_HOUSEHOLD = """SELECT h.*, r.name AS region_name FROM households h JOIN regions r ON r.code = h.region_code
WHERE h.id = %s"""
_MEMBERS = "SELECT * FROM members WHERE household_id = %s ORDER BY seq"
_LIST = """SELECT h.id, h.household_no, h.region_code, h.status, h.category, h.primary_cause, h.version,
 (SELECT m.name FROM members m WHERE m.household_id = h.id AND m.relation = 'head' AND m.active LIMIT 1)
   AS head_name,
 (SELECT count(*) FROM members m WHERE m.household_id = h.id AND m.active) AS member_count
FROM households h
WHERE h.region_code >= %(low)s AND h.region_code < %(high)s {status}
ORDER BY h.region_code, h.household_no LIMIT %(limit)s"""
_PROCEDURES = """SELECT * FROM procedures WHERE region_code >= %(low)s AND region_code < %(high)s {state}
ORDER BY started_on, id LIMIT %(limit)s"""
_HEAD = """SELECT c.event_position, o.time FROM chain_head c
LEFT JOIN outbox_events o ON o.position = c.event_position"""
_EVENTS = """SELECT * FROM outbox_events WHERE position > %(after)s
AND region_code >= %(low)s AND region_code < %(high)s ORDER BY position LIMIT %(limit)s"""


class Connections:
    """A fixed set of autocommit connections handed out one request at a time."""

    def __init__(self) -> None:
        self.idle: asyncio.Queue[psycopg.AsyncConnection[Any]] = asyncio.Queue()

    async def open(self, dsn: str) -> None:
        for _ in range(POOL_SIZE):
            self.idle.put_nowait(await psycopg.AsyncConnection.connect(dsn, autocommit=True,
                                                                       row_factory=dict_row))

    async def fetch(self, *statements: tuple[str, Any]) -> list[list[dict[str, Any]]]:
        """Run statements on one connection; return each one's rows."""
        conn = await self.idle.get()
        try:
            out = []
            for sql, params in statements:
                cursor = await conn.execute(sql, params)
                out.append(await cursor.fetchall())
            return out
        finally:
            self.idle.put_nowait(conn)

    async def close(self) -> None:
        while not self.idle.empty():
            await self.idle.get_nowait().close()


connections = Connections()


@asynccontextmanager
async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
    await connections.open(os.environ["BENCH_READS_DSN"])
    yield
    await connections.close()


app = FastAPI(lifespan=lifespan)


def _json(body: Any) -> Response:
    return Response(orjson.dumps(body, default=_plain), media_type="application/json")


def _plain(value: Any) -> Any:
    if isinstance(value, bytes | memoryview):
        return None  # ciphertext: the reference shows no personal data
    return str(value)


def _upper(prefix: str) -> str:
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


@app.get("/api/v1/households/{household_id}")
async def household(household_id: str) -> Response:
    """A household with its members (two statements)."""
    found, members = await connections.fetch((_HOUSEHOLD, (household_id,)), (_MEMBERS, (household_id,)))
    if not found:
        return Response(status_code=404)
    return _json({**found[0], "members": members})


@app.get("/api/v1/households")
async def households(region: str, limit: int = 50, status: str | None = None) -> Response:
    """A page of households in a region prefix."""
    sql = _LIST.format(status="AND h.status = %(status)s" if status else "")
    params = {"low": region, "high": _upper(region), "limit": limit, "status": status}
    (rows,) = await connections.fetch((sql, params))
    last = rows[-1] if len(rows) == limit else None
    cursor = [last["region_code"], last["household_no"]] if last else None
    return _json({"items": rows, "next_cursor": cursor})


@app.get("/api/v1/procedures")
async def procedures(region: str, limit: int = 50, state: str | None = None) -> Response:
    """A page of the procedures' work list."""
    sql = _PROCEDURES.format(state="AND state = %(state)s" if state else "")
    params = {"low": region, "high": _upper(region), "limit": limit, "state": state}
    (rows,) = await connections.fetch((sql, params))
    return _json({"items": rows, "next_cursor": None})


@app.get("/api/v1/events")
async def events(region: str, after: int = 0, limit: int = 100) -> Response:
    """A page of the change feed after a position, with the feed's head."""
    params = {"after": after, "low": region, "high": _upper(region), "limit": limit}
    head, rows = await connections.fetch((_HEAD, None), (_EVENTS, params))
    return _json({"items": rows, "head": head[0]["event_position"], "head_time": head[0]["time"]})
