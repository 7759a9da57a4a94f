"""Fixtures: one harness per service for the whole run, reset before every test."""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from services import service_names, settings_class
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


def _seed_demo_regions(db: Any) -> None:
    """Identification's tests run on the demo county's regions."""
    from services.identification.demo import load_demo_regions

    with db.transaction() as session:
        load_demo_regions(session)


# Rows a service's tests start from beyond what its migrations create; most need none.
_SEEDS: dict[str, Callable[[Any], None]] = {"identification": _seed_demo_regions}
_HARNESSES: dict[str, Harness] = {}


def _build(service: str) -> Harness:
    main = importlib.import_module(f"services.{service}.main")
    models = importlib.import_module(f"services.{service}.models")
    return build_harness(service, main.create_app, settings_class(service), models.Base.metadata,
                         _SEEDS.get(service))


def harness_for(service: str) -> Harness:
    """Build a service's harness once per run; reset it for each test."""
    if service not in _HARNESSES:
        _HARNESSES[service] = _build(service)
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


@pytest.fixture(params=service_names())
def any_service(request: pytest.FixtureRequest) -> Iterator[Harness]:
    """Each service in turn."""
    yield harness_for(request.param)
