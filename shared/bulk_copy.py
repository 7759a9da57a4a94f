"""Set-based reads and writes on PostgreSQL: binary COPY and one array parameter for many values."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from operator import itemgetter
from typing import Any

import psycopg
from sqlalchemy import Table, any_, bindparam, insert
from sqlalchemy.dialects.postgresql import ARRAY
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


def insert_rows(session: Session, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert rows that share their keys: binary COPY on PostgreSQL, one executemany elsewhere.

    Either way a duplicate key raises SQLAlchemy's IntegrityError and writes none of the rows.
    """
    if not rows:
        return
    if session.get_bind().dialect.name != "postgresql":
        session.execute(insert(table), list(rows))
        return
    columns = list(rows[0])
    values_of = itemgetter(*columns) if len(columns) > 1 else lambda row: (row[columns[0]],)
    copy_rows(session, table, columns, map(values_of, rows))


def one_of(session: Session, column: Any, values: Iterable[Any]) -> Any:
    """Match a column against many values: one array parameter on PostgreSQL, IN elsewhere.

    An IN list of hundreds of parameters is a new statement for psycopg to parse each time
    its length changes; an array is one parameter of one statement.
    """
    wanted = list(values)
    if session.get_bind().dialect.name == "postgresql":
        return column == any_(bindparam(None, wanted, type_=ARRAY(column.type)))
    return column.in_(wanted)
