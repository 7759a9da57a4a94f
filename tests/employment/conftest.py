"""Fixtures of the employment tests: employment on a clean database beside a real identification."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from services.employment.counselling.register_contacts import RegisterContacts
from tests.conftest import harness_for
from tests.consumers.support import Server
from tests.harness import Harness


@pytest.fixture
def emp(ident: Harness) -> Iterator[Harness]:
    """The employment service on a clean database (identification beside it, also clean)."""
    yield harness_for("employment")


@pytest.fixture
def contacts_from(emp: Harness) -> Iterator[Callable[..., None]]:
    """Point employment's reader of contacts at an identification URL, as its settings would, for one test."""
    state = vars(emp.app.state)["_state"]
    before = state.get("register_contacts")

    def point(url: str, **settings: str) -> None:
        configured = emp.settings.model_copy(update={"identification_url": url, **settings})
        state["register_contacts"] = RegisterContacts.connect(configured)

    yield point
    state.pop("register_contacts", None)
    if before is not None:
        state["register_contacts"] = before


@pytest.fixture
def register_server(ident: Harness, contacts_from: Callable[..., None]) -> Iterator[Server]:
    """identification served by uvicorn on its test database; employment reads contacts from it over HTTP."""
    server = Server("identification", {
        "IDENTIFICATION_DATABASE_URL": ident.db.engine.url.render_as_string(hide_password=False),
        "IDENTIFICATION_ENVIRONMENT": "test",
        "IDENTIFICATION_AUDIT_CHECKPOINT_DIR": str(ident.settings.audit_checkpoint_dir)}).start()
    contacts_from(server.url)
    yield server
    server.stop()
