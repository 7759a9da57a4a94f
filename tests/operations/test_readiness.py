"""Readiness during a rolling update: a newer schema keeps old pods ready only while it is compatible."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from sqlalchemy import String, column, delete, insert, select, table, text

_VERSIONS = table("alembic_version", column("version_num", String))


@contextmanager
def _newer_schema(harness, revision: str, change: list[str], undo: list[str]):
    """Stamp the database with a revision this code does not know, after changing its schema."""
    engine = harness.db.engine
    with engine.begin() as conn:
        heads = [r[0] for r in conn.execute(select(_VERSIONS.c.version_num))]
        for statement in change:
            conn.execute(text(statement))
        conn.execute(delete(_VERSIONS))
        conn.execute(insert(_VERSIONS), [{"version_num": revision}])
    try:
        yield
    finally:
        with engine.begin() as conn:
            for statement in undo:
                conn.execute(text(statement))
            conn.execute(delete(_VERSIONS))
            conn.execute(insert(_VERSIONS), [{"version_num": v} for v in heads])


def test_a_newer_schema_that_only_adds_keeps_the_service_ready(any_service):
    added = ["ALTER TABLE idempotency_keys ADD COLUMN note VARCHAR(20)",
             "CREATE TABLE future_things (id INTEGER PRIMARY KEY)"]
    undo = ["DROP TABLE future_things", "ALTER TABLE idempotency_keys DROP COLUMN note"]
    with _newer_schema(any_service, "9001_future_additive", added, undo):
        r = any_service.client.get("/readyz")
        assert r.status_code == 200, r.text
        assert r.json()["schema"] == "newer_compatible"
        # and the old code still writes to the table the newer schema extended
        reader = any_service.headers("province_official", "44")
        events = any_service.client.get("/api/v1/events", headers=reader)
        assert events.status_code == 200
    assert any_service.client.get("/readyz").json()["schema"] == "current"


def test_a_newer_schema_without_a_column_this_code_uses_makes_it_unready(any_service):
    renamed = ["ALTER TABLE idempotency_keys RENAME COLUMN fingerprint TO request_fingerprint"]
    undo = ["ALTER TABLE idempotency_keys RENAME COLUMN request_fingerprint TO fingerprint"]
    with _newer_schema(any_service, "9002_future_rename", renamed, undo):
        r = any_service.client.get("/readyz")
        assert (r.status_code, r.json()["code"]) == (503, "schema_incompatible")
        assert any_service.client.get("/healthz").status_code == 200  # alive, only not ready
    assert any_service.client.get("/readyz").status_code == 200


def test_a_newer_schema_with_a_required_column_without_default_makes_it_unready(any_service):
    if any_service.db.dialect == "sqlite":
        pytest.skip("SQLite cannot add a NOT NULL column without a default; PostgreSQL can")
    required = ["ALTER TABLE idempotency_keys ADD COLUMN tenant INTEGER NOT NULL"]
    undo = ["ALTER TABLE idempotency_keys DROP COLUMN tenant"]
    with _newer_schema(any_service, "9003_future_required", required, undo):
        r = any_service.client.get("/readyz")
        assert (r.status_code, r.json()["code"]) == (503, "schema_incompatible")
    assert any_service.client.get("/readyz").status_code == 200


def test_a_newer_required_column_with_a_default_is_compatible(any_service):
    added = ["ALTER TABLE idempotency_keys ADD COLUMN tenant INTEGER DEFAULT 0 NOT NULL"]
    undo = ["ALTER TABLE idempotency_keys DROP COLUMN tenant"]
    with _newer_schema(any_service, "9004_future_default", added, undo):
        assert any_service.client.get("/readyz").json()["schema"] == "newer_compatible"
