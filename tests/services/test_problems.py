"""Typed errors: each declared once per sub-domain, every one listed in some route's documentation."""

from __future__ import annotations

import importlib
import pkgutil
import re

import pytest

from services import service_names
from shared.errors import PROBLEM_JSON, FieldError, Problem, RegionOutOfScope


def declared(service: str) -> list[type[Problem]]:
    """Every Problem class declared in a service's `errors` modules."""
    package = importlib.import_module(f"services.{service}")
    found = []
    for info in pkgutil.walk_packages(package.__path__, f"services.{service}."):
        if info.name.endswith(".errors"):
            module = importlib.import_module(info.name)
            found += [v for v in vars(module).values()
                      if isinstance(v, type) and issubclass(v, Problem) and v.__module__ == module.__name__]
    return found


@pytest.mark.parametrize("service", service_names())
def test_each_code_is_declared_once(service):
    codes = [p.CODE for p in declared(service)]
    assert len(codes) == len(set(codes))


def test_every_declared_error_is_documented_on_a_route(ident):
    spec = ident.client.get("/openapi.json").json()
    documented = set()
    for operation in (op for ops in spec["paths"].values() for op in ops.values()):
        for answer in operation["responses"].values():
            documented |= set(re.findall(r"`(\w+)`", answer.get("description", "")))
    assert {p.CODE for p in declared("identification")} - documented == set()


def test_a_documented_error_shows_its_codes_and_an_example(ident):
    spec = ident.client.get("/openapi.json").json()
    documented = spec["paths"]["/api/v1/households"]["post"]["responses"]["403"]
    assert documented["x-problem-codes"] == ["region_out_of_scope", "forbidden", "idempotency_rights_changed"]
    assert documented["description"].splitlines()[0] == (
        "- `region_out_of_scope`: The region named in the request is outside the caller's scope.")
    example = documented["content"][PROBLEM_JSON]["example"]
    assert (example["status"], example["code"]) == (403, "region_out_of_scope")


def test_region_out_of_scope_names_its_field():
    error = RegionOutOfScope("region_prefix", "4401")
    assert (error.status, error.code, error.message) == (403, "region_out_of_scope",
                                                         "Region 4401 is outside your scope")
    assert error.errors == [FieldError("region_prefix", "region_out_of_scope", "outside your scope",
                                       "不在管辖范围内")]
