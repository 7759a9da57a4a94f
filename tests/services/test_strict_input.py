"""Strict parsing of what callers send: integers, feed positions, If-Match, and logs without input."""

from __future__ import annotations

import logging

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from shared.errors import install_error_handlers
from shared.observability import Metrics, RequestContextMiddleware
from tests.identification.register_data import create, household
from tests.services.test_fuzz_all import _assert_problem, _callers, _fill, _operations

# Integers that `str.isdigit` or Python's `int` or pydantic's lax mode would take: none is ASCII digits only.
LOOSE_INTEGERS = ["²", "１２", "٣", "1_0", " 12", "12 ", "+5", "12.0", "0x1f", "-0"]


@pytest.mark.parametrize("path", ["/api/v1/events", "/api/v1/audit"])
@pytest.mark.parametrize("cursor", [*LOOSE_INTEGERS, "9" * 5000, str(2 ** 63)])
def test_feed_and_audit_positions_are_ascii_digits(ident, path, cursor):
    r = ident.client.get(path, params={"cursor": cursor}, headers=ident.headers("province_official", "44"))
    _assert_problem(r, 422, "cursor")


def test_every_integer_parameter_takes_ascii_digits_only(ident):
    headers = _callers(ident)["admin"]
    checked = 0
    for method, path, op in _operations(ident):
        for param in op.get("parameters", []):
            schema = param.get("schema", {})
            kinds = {schema.get("type")} | {s.get("type") for s in schema.get("anyOf", [])}
            if "integer" not in kinds or param["in"] not in ("path", "query"):
                continue
            for loose in LOOSE_INTEGERS:
                if param["in"] == "path":
                    url, query = _fill(path, **{param["name"]: loose}), None
                else:
                    url, query = _fill(path), {param["name"]: loose}
                r = ident.client.request(method, url, params=query, headers=headers,
                                         json={"year": 2019} if method in ("POST", "PUT") else None)
                _assert_problem(r, field=param["name"])
                checked += 1
    assert checked >= 15 * len(LOOSE_INTEGERS)


def test_if_match_star_is_refused_alike_on_every_backend(ident):
    household = create(ident)
    url = f"/api/v1/households/{household['id']}"
    r = ident.client.patch(url, json={"address": "新址1号"}, headers=ident.headers(**{"If-Match": "*"}))
    _assert_problem(r, 428, "If-Match")
    assert r.json()["code"] == "if_match_wildcard"
    assert ident.client.get(url, headers=ident.headers()).json()["address"] == household["address"]
    r = ident.client.patch(url, json={"address": "新址1号"}, headers=ident.headers(**{"If-Match": '"1"'}))
    assert r.status_code == 200, r.text


def _crashing_app() -> FastAPI:
    app = FastAPI()
    install_error_handlers(app)

    @app.get("/crash")
    def crash(q: str) -> None:
        raise ValueError(f"cannot use {q}")

    app.add_middleware(RequestContextMiddleware, metrics=Metrics("test"))
    return app


def test_a_crash_is_a_500_problem_and_its_log_never_quotes_the_input(caplog):
    secret = "441882197005010113"
    # raise_server_exceptions=True: the crash must be answered here, not re-raised to the server,
    # whose own traceback would print the exception's message.
    client = TestClient(_crashing_app(), raise_server_exceptions=True)
    with caplog.at_level(logging.DEBUG):
        r = client.get("/crash", params={"q": secret})
    assert r.status_code == 500 and r.json()["code"] == "internal_error"
    assert secret not in r.text
    server_side = [r for r in caplog.records if r.name != "httpx"]  # httpx logs the test client's own URL
    logged = "\n".join(logging.Formatter().format(r) for r in server_side)
    assert "unexpected error on GET /crash: ValueError at" in logged
    assert secret not in logged


@pytest.mark.parametrize(("field", "value"), [
    ("phone", "１３８００１３８０００"), ("phone", "138²0013800"),
    ("bank_account", "6228４８０４０２５６４８９００１８"),
])
def test_phone_and_bank_account_take_ascii_digits_only(ident, field, value):
    r = ident.client.post("/api/v1/households", json=household(**{field: value}), headers=ident.headers())
    _assert_problem(r, 422, field)
