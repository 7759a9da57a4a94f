"""The template holds: routers call services and read-side queries, never a repository."""

from __future__ import annotations

import ast
import importlib
import inspect
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ROUTERS = sorted(p for p in (ROOT / "services").rglob("*.py")
                 if p.stem.endswith("router") or p.stem == "public")


def _repository_imports(source: str) -> list[tuple[str, str]]:
    """Name what a module's source imports from repository modules: (module, name)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                if node.module.endswith(".repository") or alias.name == "repository":
                    found.append((node.module, alias.name))
        elif isinstance(node, ast.Import):
            found += [(alias.name, "") for alias in node.names if alias.name.endswith(".repository")]
    return found


def test_routers_are_found():
    assert len(ROUTERS) > 30


@pytest.mark.parametrize("path", ROUTERS, ids=lambda p: str(p.relative_to(ROOT)))
def test_a_router_takes_from_a_repository_at_most_its_filter_types(path):
    for module, name in _repository_imports(path.read_text(encoding="utf-8")):
        taken = getattr(importlib.import_module(module), name, None) if name else None
        assert inspect.isclass(taken), f"{path.name} imports {module} {name}: call a service or queries"


def test_a_router_calling_a_repository_is_named():
    source = ("from services.supervision.flags import repository as repo\n"
              "import services.funds.reports.repository\n")
    assert _repository_imports(source) == [("services.supervision.flags", "repository"),
                                           ("services.funds.reports.repository", "")]
