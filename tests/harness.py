"""Test databases on SQLite or PostgreSQL, built by the real migrations, reset between tests."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import MetaData, create_engine, delete, insert, select, text
from sqlalchemy.engine import make_url

from shared.auth import mint_token
from shared.jobs.runner import JobRunner
from shared.migrations import upgrade
from shared.settings import ServiceSettings

BACKEND = os.environ.get("SUITE_TEST_DATABASE", "sqlite")
PG_URL = os.environ.get("SUITE_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
_TMP = Path(tempfile.mkdtemp(prefix="suite-tests-"))


def database_url(service: str) -> str:
    """Create an empty database for a service and return its URL."""
    if BACKEND == "sqlite":
        path = _TMP / f"{service}.db"
        path.unlink(missing_ok=True)
        return f"sqlite:///{path}"
    name = f"suite_test_{service}_{os.getpid()}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(PG_URL).set(database=name).render_as_string(hide_password=False)


def drop_database(url: str) -> None:
    """Drop a PostgreSQL test database (SQLite files go with the temp folder)."""
    if BACKEND == "sqlite":
        return
    name = make_url(url).database
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@dataclass
class Harness:
    """One service under test: its app, client, database and token maker."""

    service: str
    app: FastAPI
    client: TestClient
    metadata: MetaData
    settings: ServiceSettings
    seed: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    @property
    def db(self) -> Any:
        """The app's Database."""
        return self.app.state.db

    def token(self, role: str = "county_official", region: str = "441882", scopes: list[str] | None = None,
              subject: str | None = None) -> str:
        """Mint a token for a role and region scope."""
        return mint_token(self.settings, subject=subject or f"{role}-{region}", roles=[role],
                          region=region, scopes=scopes)

    def headers(self, role: str = "county_official", region: str = "441882",
                scopes: list[str] | None = None, **extra: str) -> dict[str, str]:
        """Build request headers with a bearer token."""
        return {"Authorization": f"Bearer {self.token(role, region, scopes)}", **extra}

    def snapshot_seed(self) -> None:
        """Remember the rows the migrations and fixtures seeded, to restore after each test."""
        with self.db.engine.connect() as conn:
            for table in self.metadata.sorted_tables:
                rows = [dict(r) for r in conn.execute(select(table)).mappings()]
                if rows:
                    self.seed[table.name] = rows

    def job_runners(self) -> list[JobRunner]:
        """Return the background job workers the app has made so far."""
        state = vars(self.app.state).get("_state", {})
        return [value for value in state.values() if isinstance(value, JobRunner)]

    def reset(self) -> None:
        """Stop stray jobs, delete every row and the audit checkpoints, and put the seeded rows back.

        A job an earlier test left running (a fuzzed upload, a job nobody waited for) is stopped
        before its rows go, so every test starts with an empty queue and an idle worker.
        """
        runners = self.job_runners()
        for runner in runners:
            runner.stop()
        shutil.rmtree(self.settings.audit_checkpoint_dir, ignore_errors=True)
        with self.db.engine.begin() as conn:
            for table in reversed(self.metadata.sorted_tables):
                conn.execute(delete(table))
            for table in self.metadata.sorted_tables:
                if table.name in self.seed:
                    conn.execute(insert(table), self.seed[table.name])
        for runner in runners:
            runner.start()
        limiter = getattr(self.app.state, "public_limiter", None)
        if limiter is not None:  # each test starts with the public endpoints' rate limits unspent
            limiter.storage.reset()


def build_harness(service: str, create_app: Callable[[ServiceSettings], FastAPI],
                  settings_cls: type[ServiceSettings], metadata: MetaData,
                  seed: Callable[[Any], None] | None = None) -> Harness:
    """Migrate a fresh database, build the app on it and snapshot its seed rows."""
    url = database_url(service)
    upgrade(service, url)
    settings = settings_cls(database_url=url, environment="test",
                            audit_checkpoint_dir=_TMP / f"{service}-audit-checkpoints")
    app = create_app(settings)
    harness = Harness(service, app, TestClient(app, raise_server_exceptions=False), metadata, settings)
    if seed is not None:
        seed(harness.db)
    harness.snapshot_seed()
    return harness
