"""The suite's services: every package here with a `main.py` is one, found rather than listed.

A service package declares its local port as `PORT` in its `__init__.py`; the CLI, the
tests' harness and the import contract take the list from here, and
`tests/services/test_service_list.py` checks that alembic.ini and deploy/ name every service.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from shared.settings import ServiceSettings

_ROOT = Path(__file__).resolve().parent


def service_names() -> tuple[str, ...]:
    """Name every service package, in the order of their local ports."""
    names = [path.parent.name for path in _ROOT.glob("*/main.py")]
    return tuple(sorted(names, key=local_port))


def local_port(name: str) -> int:
    """Return the port a service listens on under `make run`."""
    return int(importlib.import_module(f"services.{name}").PORT)


def settings_class(name: str) -> type[ServiceSettings]:
    """Return a service's settings class, `<Name>Settings` in its settings module."""
    return getattr(importlib.import_module(f"services.{name}.settings"), f"{name.capitalize()}Settings")
