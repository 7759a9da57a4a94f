"""Fixtures of identification's tests."""

from __future__ import annotations

import pytest

from services.identification.bulk.router import runner_for


@pytest.fixture
def stopped_worker(ident):
    """Stop the test app's own import worker, so the test steps a worker of its own."""
    runner_for(ident.app).stop()
    yield
    runner_for(ident.app).start()
