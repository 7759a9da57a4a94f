"""Binary COPY into PostgreSQL: the set-based write path of bulk imports and the journal."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import psycopg
from sqlalchemy import Table
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session


def copy_rows(session: Session, table: Table, columns: Sequence[str],
              rows: Iterable[Sequence[Any]]) -> None:
    """Write rows (values in `columns` order) by binary COPY in the session's transaction.

    Binary COPY takes ~5x less client CPU than text COPY (uuids, dates and times go as bytes,
    not formatted text) and less server CPU to parse; it must be told every column's type,
    read here from the catalog. A JSON column takes the Python value (or a psycopg Jsonb).
    """
    names = ", ".join(f'"{c}"' for c in columns)
    statement = f"COPY {table.name} ({names}) FROM STDIN (FORMAT BINARY)"
    raw = session.connection().connection.driver_connection
    try:
        with raw.cursor() as cursor:
            cursor.execute("SELECT attname, atttypid FROM pg_attribute WHERE attrelid = %s::regclass "
                           "AND attnum > 0 AND NOT attisdropped", [table.name])
            oids = dict(cursor.fetchall())
            with cursor.copy(statement) as copy:
                copy.set_types([int(oids[c]) for c in columns])
                for row in rows:
                    copy.write_row(row)
    except psycopg.IntegrityError as exc:  # the driver's own error: give callers SQLAlchemy's
        raise IntegrityError(statement, None, exc) from exc
