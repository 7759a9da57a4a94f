"""Fixtures: one harness per service for the whole run, reset before every test."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text

from tests.harness import BACKEND, PG_URL, Harness, build_harness, drop_database


def pytest_sessionstart(session: pytest.Session) -> None:
    """On CI a missing PostgreSQL fails the run; it is never skipped."""
    if BACKEND != "postgresql":
        return
    try:
        engine = create_engine(PG_URL)
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
    except Exception as exc:  # any failure to connect is fatal here
        message = f"PostgreSQL at {PG_URL} is unreachable: {exc}"
        if os.environ.get("CI") == "true":
            pytest.exit(message, returncode=3)
        pytest.exit(message + " (set SUITE_TEST_DATABASE=sqlite to test on SQLite)", returncode=3)


def _identification() -> Harness:
    from services.identification.demo import load_demo_regions
    from services.identification.main import create_app
    from services.identification.models import Base
    from services.identification.settings import IdentificationSettings

    def seed(db: object) -> None:
        with db.transaction() as session:  # type: ignore[attr-defined]
            load_demo_regions(session)

    return build_harness("identification", create_app, IdentificationSettings, Base.metadata, seed)


def _simple(service: str) -> Harness:
    module = __import__(f"services.{service}.main", fromlist=["create_app"])
    models = __import__(f"services.{service}.models", fromlist=["Base"])
    settings = __import__(f"services.{service}.settings", fromlist=["x"])
    settings_cls = getattr(settings, f"{service.capitalize()}Settings")
    return build_harness(service, module.create_app, settings_cls, models.Base.metadata)


_BUILDERS = {"identification": _identification, "funds": lambda: _simple("funds"),
             "employment": lambda: _simple("employment"), "supervision": lambda: _simple("supervision")}
_HARNESSES: dict[str, Harness] = {}


def harness_for(service: str) -> Harness:
    """Build a service's harness once per run; reset it for each test."""
    if service not in _HARNESSES:
        _HARNESSES[service] = _BUILDERS[service]()
    harness = _HARNESSES[service]
    harness.reset()
    return harness


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Drop the PostgreSQL test databases."""
    for harness in _HARNESSES.values():
        harness.client.close()
        url = str(harness.db.engine.url.render_as_string(hide_password=False))
        harness.db.dispose()
        drop_database(url)


@pytest.fixture
def ident() -> Iterator[Harness]:
    """The identification service on a clean database with the demo county's regions."""
    yield harness_for("identification")


@pytest.fixture(params=["identification", "funds", "employment", "supervision"])
def any_service(request: pytest.FixtureRequest) -> Iterator[Harness]:
    """Each service in turn."""
    yield harness_for(request.param)
