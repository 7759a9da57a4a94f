"""Fixtures of the supervision tests: the service with the demo county in its register replica."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conftest import harness_for
from tests.harness import Harness
from tests.supervision.register import load_regions


@pytest.fixture
def sup() -> Iterator[Harness]:
    """The supervision service on a clean database whose replica holds the demo county's regions."""
    harness = harness_for("supervision")
    load_regions(harness)
    yield harness
