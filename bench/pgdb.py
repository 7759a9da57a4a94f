"""Throw-away PostgreSQL databases for the benchmarks, migrated like production."""

from __future__ import annotations

import os

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from shared.migrations import upgrade

SERVER = os.environ.get("BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


def database_url(name: str) -> str:
    """Return the URL of a database on the benchmark server."""
    return make_url(SERVER).set(database=name).render_as_string(hide_password=False)


def create_database(name: str, service: str = "identification") -> str:
    """Create an empty database at a service's schema (identification's by default); return its URL."""
    drop_database(name)
    admin = create_engine(SERVER, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    url = database_url(name)
    upgrade(service, url)
    return url


def drop_database(name: str) -> None:
    """Drop a benchmark database if it exists."""
    admin = create_engine(SERVER, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()
