"""Fixtures of the funds tests: the service on a clean database, and its register replica."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conftest import harness_for
from tests.funds.support import Register
from tests.harness import Harness


@pytest.fixture
def funds() -> Iterator[Harness]:
    """The funds service on a clean database."""
    yield harness_for("funds")


@pytest.fixture
def register(funds: Harness) -> Register:
    """The register as funds' replica knows it: the demo county's regions, households added by tests."""
    return Register(funds)
