"""Which catalogue rules a service's code cites, read from its source (for the catalogue-held-to-code tests).

The scan reads every module of `services/<service>/` except the catalogue itself and its migrations:
a rule is cited where a module imports its spec from the catalogue (ruff refuses an unused import, so an
imported spec is used: its code goes on a refusal, a flag or a reason, or its parameters are applied) or
where a `rule` keyword or `"rule"` key is given a literal code. A literal code given that way must be a
catalogue rule, and every catalogue rule must be cited somewhere.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

from shared.rules import RuleSpec

ROOT = Path(__file__).resolve().parents[1]


def _modules(service: str) -> list[Path]:
    """Every module of the service but its catalogue and migrations."""
    base = ROOT / "services" / service
    return [p for p in sorted(base.rglob("*.py"))
            if p.name != "catalogue.py" and "migrations" not in p.relative_to(base).parts]


def _literal_rules(tree: ast.AST) -> set[str]:
    """The literal codes given to a `rule` keyword or a `"rule"` key."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg == "rule":
            values = [node.value]
        elif isinstance(node, ast.Dict):
            values = [v for k, v in zip(node.keys, node.values, strict=True)
                      if isinstance(k, ast.Constant) and k.value == "rule"]
        else:
            continue
        found |= {v.value for v in values if isinstance(v, ast.Constant) and isinstance(v.value, str)}
    return found


def citations(service: str) -> tuple[dict[str, set[str]], set[str]]:
    """Return (rule code -> modules citing its spec, literal rule codes the code emits)."""
    catalogue_name = f"services.{service}.catalogue"
    catalogue = importlib.import_module(catalogue_name)
    cited: dict[str, set[str]] = {}
    literals: set[str] = set()
    for path in _modules(service):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        where = str(path.relative_to(ROOT))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == catalogue_name:
                for alias in node.names:
                    spec = getattr(catalogue, alias.name)
                    if isinstance(spec, RuleSpec):
                        cited.setdefault(spec.code, set()).add(where)
        for code in _literal_rules(tree):
            literals.add(code)
            cited.setdefault(code, set()).add(where)
    return cited, literals
