"""The read path's database sessions: pure reads cannot write, dead pooled connections are replaced."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from shared.db import Database
from tests.harness import BACKEND
from tests.identification.register_data import create

postgresql_only = pytest.mark.skipif(BACKEND != "postgresql", reason="a PostgreSQL server's connections")


def _url(ident) -> str:
    return ident.db.engine.url.render_as_string(hide_password=False)


def _backend_pid(db: Database) -> int:
    with db.transaction() as session:
        return session.execute(text("SELECT pg_backend_pid()")).scalar_one()


@postgresql_only
def test_a_pure_read_session_is_refused_writes_by_the_server(ident):
    """Reads run in autocommit; the server itself refuses a write slipped into one."""
    session = ident.db.read_session()
    try:
        assert session.execute(text("SHOW transaction_read_only")).scalar_one() == "on"
        with pytest.raises(DBAPIError, match="read-only transaction"):
            session.execute(text("CREATE TABLE read_path_probe (x int)"))
    finally:
        session.close()


@postgresql_only
def test_a_pooled_connection_killed_while_idle_is_replaced_at_checkout(ident):
    """A connection the server dropped while it sat in the pool is pinged, discarded and replaced."""
    db = Database(_url(ident), idle_before_ping=0.0)
    try:
        first = _backend_pid(db)
        with ident.db.engine.connect() as admin:
            assert admin.execute(select(func.pg_terminate_backend(first))).scalar_one()
        assert _backend_pid(db) != first
    finally:
        db.dispose()


@postgresql_only
def test_without_the_idle_ping_the_dead_connection_fails_and_the_pool_recovers(ident):
    """What the ping prevents: a killed connection fails its request, and the pool replaces it after."""
    db = Database(_url(ident), idle_before_ping=3600.0)
    try:
        first = _backend_pid(db)
        with ident.db.engine.connect() as admin:
            admin.execute(select(func.pg_terminate_backend(first)))
        with pytest.raises(DBAPIError) as failure:
            _backend_pid(db)
        assert failure.value.connection_invalidated
        assert _backend_pid(db) != first
    finally:
        db.dispose()


def test_a_get_reads_a_household_its_members_and_village_name_in_one_answer(ident):
    """The one-statement read returns what the per-relation loads did."""
    made = create(ident)
    body = ident.client.get(f"/api/v1/households/{made['id']}", headers=ident.headers()).json()
    assert body["region_name"] and body["members"]
    assert [m["id"] for m in body["members"]] == [m["id"] for m in made["members"]]
