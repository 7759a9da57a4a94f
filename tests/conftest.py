"""Fixtures: one harness per service for the whole run, reset before every test."""

from __future__ import annotations

import asyncio
import importlib
import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import suppress
from typing import Any

import pytest
from nats.errors import Error as NatsError
from nats.js.errors import NotFoundError
from sqlalchemy import create_engine, text

from services import service_names, settings_class
from shared.relay import StreamSpec, describe, jetstream
from tests.harness import BACKEND, PG_URL, Harness, build_harness, drop_database

NATS_URL = os.environ.get("SUITE_TEST_NATS_URL", "nats://127.0.0.1:4222")


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


async def _probe(url: str) -> None:
    async with jetstream(url) as js:
        await js.account_info()


@pytest.fixture(scope="session")
def nats_url() -> str:
    """The real NATS JetStream server; on CI its absence fails the tests instead of skipping them."""
    try:
        asyncio.run(_probe(NATS_URL))
    except (NatsError, OSError) as exc:
        message = f"NATS JetStream at {NATS_URL} is unreachable: {describe(exc)}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message + " (run nats-server -js to test what goes through NATS)")
    return NATS_URL


async def _delete_stream(url: str, name: str) -> None:
    async with jetstream(url) as js:
        with suppress(NotFoundError):
            await js.delete_stream(name)


def delete_stream(url: str, name: str) -> None:
    """Delete a test's own stream."""
    asyncio.run(_delete_stream(url, name))


@pytest.fixture
def spec(nats_url: str) -> Iterator[StreamSpec]:
    """An event stream and subject prefix of this test alone, deleted afterwards.

    The prefix lies outside suite.>, so a real SUITE_EVENTS stream on the server never overlaps it.
    """
    tag = uuid.uuid4().hex[:12]
    stream = StreamSpec(name=f"STREAMTEST_{tag}", subject_prefix=f"streamtest_{tag}")
    yield stream
    delete_stream(nats_url, stream.name)
