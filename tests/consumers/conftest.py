"""Fixtures of the consumer tests: funds as the consuming service, with a table of effects."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import Iterator
from contextlib import suppress

import pytest
from nats.errors import Error as NatsError
from nats.js.errors import NotFoundError

from shared.relay import StreamSpec, describe, jetstream
from tests.conftest import harness_for
from tests.consumers.support import EFFECTS
from tests.harness import Harness

NATS_URL = os.environ.get("SUITE_TEST_NATS_URL", "nats://127.0.0.1:4222")


@pytest.fixture
def funds() -> Iterator[Harness]:
    """The funds service on a clean database, with the counting handler's table."""
    harness = harness_for("funds")
    EFFECTS.create(harness.db.engine, checkfirst=True)
    yield harness
    EFFECTS.drop(harness.db.engine)


async def _probe(url: str) -> None:
    async with jetstream(url) as js:
        await js.account_info()


@pytest.fixture(scope="module")
def nats_url() -> str:
    """The real NATS server; on CI its absence fails the tests instead of skipping them."""
    try:
        asyncio.run(_probe(NATS_URL))
    except (NatsError, OSError) as exc:
        message = f"NATS JetStream at {NATS_URL} is unreachable: {describe(exc)}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message + " (run nats-server -js to test the JetStream transport)")
    return NATS_URL


async def _delete_stream(url: str, name: str) -> None:
    async with jetstream(url) as js:
        with suppress(NotFoundError):
            await js.delete_stream(name)


@pytest.fixture
def spec(nats_url: str) -> Iterator[StreamSpec]:
    """A stream and subject prefix of this test alone, deleted afterwards."""
    tag = uuid.uuid4().hex[:12]
    stream = StreamSpec(name=f"CONSUMERTEST_{tag}", subject_prefix=f"consumertest_{tag}")
    yield stream
    asyncio.run(_delete_stream(nats_url, stream.name))
