"""Fixtures of the employment tests: employment on a clean database beside a real identification."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conftest import harness_for
from tests.harness import Harness


@pytest.fixture
def emp(ident: Harness) -> Iterator[Harness]:
    """The employment service on a clean database (identification beside it, also clean)."""
    yield harness_for("employment")
