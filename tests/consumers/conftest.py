"""Fixtures of the consumer tests: funds as the consuming service, with a table of effects."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conftest import harness_for
from tests.consumers.support import EFFECTS
from tests.harness import Harness


@pytest.fixture
def funds() -> Iterator[Harness]:
    """The funds service on a clean database, with the counting handler's table."""
    harness = harness_for("funds")
    EFFECTS.create(harness.db.engine, checkfirst=True)
    yield harness
    EFFECTS.drop(harness.db.engine)
