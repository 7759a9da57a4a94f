"""Every operation of the identification service: bad input is a 4xx problem+json, never a 500."""

from __future__ import annotations

import base64
import json
import re
import uuid
from collections.abc import Callable
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shared.errors import AppError
from shared.pagination import decode_cursor
from shared.types import INTEGER_MAX
from tests.identification.campaign_factory import make_household
from tests.identification.register_data import VILLAGE, create
from tests.identification.register_data import household as household_body
from tests.identification.register_data import member as person

_PROBLEM_KEYS = {"type", "title", "status", "detail", "code"}
# Operations that are not the service's own input (infrastructure endpoints).
_SKIP = {"/healthz", "/readyz", "/metrics"}


def _callers(ident) -> dict[str, dict[str, str]]:
    """A province-wide administrator who may read personal data (and replicate the register, so
    the replica endpoints reach their validation), and a county official."""
    return {
        "admin": ident.headers("admin", "44", ["pii:read", "register:replicate"], **{"If-Match": '"1"'}),
        "county": ident.headers("county_official", "441882", **{"If-Match": '"1"'}),
    }


def _real_ids(ident) -> dict[str, Any]:
    """Ids of rows that exist, so that generated bodies reach the rules instead of a 404."""
    existing = create(ident)
    return {"household_id": existing["id"], "member_id": existing["members"][0]["id"],
            "code": VILLAGE, "region_code": VILLAGE}


def _content_type(response) -> str:
    """The response's media type (schemathesis keeps each header as a list)."""
    value = response.headers.get("content-type") or [""]
    return value if isinstance(value, str) else value[0]


def _retryable(response) -> bool:
    """A 503 problem with Retry-After: a peer or the database is away, which the contract states."""
    return response.status_code == 503 and _content_type(response) == "application/problem+json" \
        and bool(response.headers.get("retry-after"))


def _problems(case, response) -> list[str]:
    """Say what is wrong with one response to a generated request (empty when it is fine)."""
    where = f"{case.method} {case.formatted_path} query={case.query!r} body={case.body!r:.200}"
    status = response.status_code
    if status >= 500 and not _retryable(response):
        return [f"{status} on {where}: {response.text[:300]}"]
    if status < 400:
        return []
    if _content_type(response) != "application/problem+json":
        return [f"{status} not problem+json on {where}"]
    body = response.json()
    missing = _PROBLEM_KEYS - set(body)
    if missing:
        return [f"{status} lacks {sorted(missing)} on {where}"]
    if status == 422 and not all(e.get("field") for e in body.get("errors") or [{}]):
        return [f"422 names no field on {where}: {body}"]
    return []


def _fresh_key(case) -> None:
    """Give a generated Idempotency-Key its own value: the one example would make every body a reuse."""
    if case.headers and "Idempotency-Key" in case.headers:
        case.headers["Idempotency-Key"] = str(uuid.uuid4())


def _call(case, headers: dict[str, str]) -> list[str]:
    """Send a generated case; schemathesis's own client re-raises what the app answers with a 500."""
    _fresh_key(case)
    try:
        response = case.call(headers=headers)
    except Exception as exc:  # any server-side exception is exactly what this test hunts
        return [f"500 ({type(exc).__name__}) on {case.method} {case.formatted_path} "
                f"query={case.query!r} body={case.body!r:.200}"]
    return _problems(case, response)


def _run(operation, mode, headers: dict[str, str], real: dict[str, Any], found: list[str],
         examples: int) -> None:
    """Run a bounded, reproducible number of generated cases against one operation."""

    @settings(max_examples=examples, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(generation_mode=mode))
    def check(case) -> None:
        for name, value in real.items():
            if name in (case.path_parameters or {}) and mode.name == "POSITIVE":
                case.path_parameters[name] = value
        found.extend(_call(case, headers))

    check()


def test_every_operation_never_500(ident):
    """Generated valid and invalid requests for every operation, as two callers."""
    schema = schemathesis.openapi.from_asgi("/openapi.json", ident.app)
    operations = [r.ok() for r in schema.get_all_operations()]
    operations = [op for op in operations if op.path not in _SKIP]
    assert len(operations) >= 69
    real = _real_ids(ident)
    found: list[str] = []
    for operation in operations:
        for headers in _callers(ident).values():
            for mode in schemathesis.GenerationMode:
                _run(operation, mode, headers, real, found, 8)
    assert not found, "\n".join(found[:40])


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONEY = re.compile(r"^\d+\.\d{1,2}$")
# Each poison rewrites the leaves of a generated, schema-valid body into one kind of bad value.
_POISONS: dict[str, Callable[[Any], Any]] = {
    "nul": lambda v: v + "\x00" if isinstance(v, str) else v,
    "lone_surrogate": lambda v: "\ud800" + v if isinstance(v, str) else v,
    "beyond_integer": lambda v: 2**31 if _is_int(v) else v,
    "beyond_bigint": lambda v: 10**20 if _is_int(v) else v,
    "below_bigint": lambda v: -(10**20) if _is_int(v) else v,
    "first_day": lambda v: "0001-01-01" if isinstance(v, str) and _DATE.match(v) else v,
    "last_day": lambda v: "9999-12-31" if isinstance(v, str) and _DATE.match(v) else v,
    "negative_money": lambda v: f"-{v}" if isinstance(v, str) and _MONEY.match(v) else v,
    "money_3_decimals": lambda v: "1.005" if isinstance(v, str) and _MONEY.match(v) else v,
}


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _poisoned(value: Any, poison: Callable[[Any], Any]) -> Any:
    """Apply a poison to every leaf of a JSON value."""
    if isinstance(value, dict):
        return {k: _poisoned(v, poison) for k, v in value.items()}
    if isinstance(value, list):
        return [_poisoned(v, poison) for v in value]
    return poison(value)


def _run_poisoned(ident, operation, headers: dict[str, str], real: dict[str, Any],
                  found: list[str]) -> None:
    """Send schema-valid requests whose body and query leaves were all turned into one bad kind."""

    @settings(max_examples=len(_POISONS) * 2, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(), poison=st.sampled_from(sorted(_POISONS)))
    def check(case, poison: str) -> None:
        for name, value in real.items():
            if name in (case.path_parameters or {}):
                case.path_parameters[name] = value
        if case.query and poison != "lone_surrogate":  # a URL cannot carry one
            case.query = _poisoned(case.query, _POISONS[poison])
        if not isinstance(case.body, dict | list):
            found.extend(_call(case, headers))
            return
        case.body = _poisoned(case.body, _POISONS[poison])
        # json.dumps escapes a lone surrogate as \ud800, which is how a client can send one.
        response = ident.client.request(case.method, case.formatted_path, params=case.query,
                                        content=json.dumps(case.body),
                                        headers={**headers, "Content-Type": "application/json",
                                                 "Idempotency-Key": str(uuid.uuid4())})
        found.extend(_problems(case, response))

    check()


def test_every_operation_refuses_poisoned_values(ident):
    """NUL, lone surrogates, huge integers, extreme dates and bad money are all 4xx."""
    schema = schemathesis.openapi.from_asgi("/openapi.json", ident.app)
    operations = [r.ok() for r in schema.get_all_operations()]
    real = _real_ids(ident)
    found: list[str] = []
    for operation in operations:
        if operation.path not in _SKIP:
            _run_poisoned(ident, operation, _callers(ident)["admin"], real, found)
    assert not found, "\n".join(found[:40])


def _cursor(values: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


# Each list that pages with a cursor, the arity of its cursor, and whether it starts with a time.
_CURSOR_LISTS = [
    ("GET", "/api/v1/households", 2, False), ("GET", "/api/v1/procedures", 2, True),
    ("GET", "/api/v1/policy/standards", 3, False), ("POST", "/api/v1/policy/what-if/households", 1, False),
    ("GET", "/api/v1/campaigns", 1, True), ("GET", "/api/v1/campaigns/{campaign_id}/households", 1, False),
    ("GET", "/api/v1/campaign-assignments/mine", 2, False), ("GET", "/api/v1/cases", 2, True),
    ("GET", "/api/v1/crosschecks", 1, True), ("GET", "/api/v1/monitoring/at-risk", 1, False),
    ("GET", "/api/v1/rural-populations", 2, False),
]
# Forged cursor values: containers, integers beyond INTEGER, NUL, lone surrogates, NaN, floats.
_FORGED = [{"a": 1}, [1], 2**31, 10**20, -(10**20), "a\x00", "\ud800", float("nan"), 1.5, None, True]
_NAIVE_TIME = "9999-12-31T23:59:59"  # a time without zone, which cannot meet the stored UTC times


def _forgeries(arity: int, timed: bool) -> list[Any]:
    """Cursors with one forged value in each position, a wrong arity, and a non-list."""
    valid = ["2019-01-01T00:00:00+00:00", "00000000-0000-0000-0000-000000000001", 1]
    forged = [*_FORGED, _NAIVE_TIME] if timed else _FORGED
    return [[bad if i == at else valid[i] for i in range(arity)]
            for bad in forged for at in range(arity)] + [["x"] * (arity + 1), "not a list"]


def _campaign_id(ident) -> str:
    make_household(ident.db)
    body = {"name": "2019年回头看", "year": 2019, "region_code": "441882", "selection": {"mode": "rule"}}
    r = ident.client.post("/api/v1/campaigns", json=body, headers=ident.headers())
    assert r.status_code == 201, r.text
    return r.json()["id"]


def _year(ident, method: str, path: str) -> dict[str, int]:
    """The year query parameter, for the lists that take one."""
    op = ident.app.openapi()["paths"][path][method.lower()]
    return {"year": 2019} if any(p["name"] == "year" and p["in"] == "query" for p in op["parameters"]) else {}


@pytest.mark.parametrize(("method", "path", "arity", "timed"), _CURSOR_LISTS)
def test_forged_cursor_is_422_naming_cursor(ident, method, path, arity, timed):
    headers = _callers(ident)["admin"]
    url = path.format(campaign_id=_campaign_id(ident) if "{" in path else "")
    body = {"year": 2019} if method == "POST" else None
    for values in _forgeries(arity, timed):
        params = {"cursor": _cursor(values), **_year(ident, method, path)}
        r = ident.client.request(method, url, params=params, json=body, headers=headers)
        assert r.status_code == 422, (values, r.text)
        assert r.headers["content-type"] == "application/problem+json"
        assert [e["field"] for e in r.json()["errors"]] == ["cursor"], (values, r.text)


@pytest.mark.parametrize(("method", "path", "arity", "timed"), _CURSOR_LISTS)
@pytest.mark.parametrize("depth", [300, 1000, 10_000])
def test_deeply_nested_cursor_is_422_naming_cursor(ident, method, path, arity, timed, depth):
    url = path.format(campaign_id=_campaign_id(ident) if "{" in path else "")
    nested = base64.urlsafe_b64encode(b"[" * depth + b"]" * depth).decode()
    r = ident.client.request(method, url, params={"cursor": nested, **_year(ident, method, path)},
                             json={"year": 2019} if method == "POST" else None,
                             headers=_callers(ident)["admin"])
    _assert_problem(r, 422, "cursor")


def _operations(ident) -> list[tuple[str, str, dict[str, Any]]]:
    """Every (method, path template, operation) of the service's own API."""
    return [(method.upper(), path, op) for path, ops in ident.app.openapi()["paths"].items()
            if path.startswith("/api/v1") for method, op in ops.items()]


def _assert_problem(r, status: int | None = None, field: str | None = None) -> None:
    """A 4xx problem+json with every member, of this status and naming this field when given."""
    assert 400 <= r.status_code < 500, r.text
    assert r.headers["content-type"] == "application/problem+json"
    assert set(r.json()) >= _PROBLEM_KEYS
    if status is not None:
        assert r.status_code == status, r.text
    if field is not None:
        assert field in [e["field"] for e in r.json()["errors"]], r.text


def _fill(path: str, **values: str) -> str:
    """Fill a path template: the given parameters, and a well-formed value for the others."""
    defaults = {"code": VILLAGE, "region_code": VILLAGE, "year": "2019", "natural_id": "1",
                "standard_id": "1"}
    return re.sub(r"\{(\w+)\}", lambda m: values.get(m[1], defaults.get(m[1], str(uuid.uuid4()))), path)


def test_nul_in_any_parameter_is_422_naming_it(ident):
    headers = _callers(ident)["admin"]
    checked = 0
    for method, path, op in _operations(ident):
        for param in op.get("parameters", []):
            if param["in"] == "path":
                url, query = _fill(path, **{param["name"]: "a%00"}), None
            elif param["in"] == "query":
                url, query = _fill(path), {param["name"]: "a\x00"}
            else:
                continue
            r = ident.client.request(method, url, params=query, headers=headers)
            _assert_problem(r, 422, param["name"])
            checked += 1
    assert checked >= 60


def _json_body_operations(ident) -> list[tuple[str, str, dict[str, Any]]]:
    return [(m, p, op) for m, p, op in _operations(ident)
            if "application/json" in op.get("requestBody", {}).get("content", {})]


def test_nul_anywhere_in_a_json_body_is_422_naming_the_field(ident):
    headers = _callers(ident)["admin"]
    for method, path, _op in _json_body_operations(ident):
        for body, field in (({"name": "a\x00"}, "name"), ({"rows": [{"details": {"k": "\x00"}}]},
                                                          "rows[0].details.k"),
                            ({"a\x00": 1}, "body"), (["\x00"], "[0]")):
            r = ident.client.request(method, _fill(path), json=body, headers=headers)
            _assert_problem(r, 422, field)


def test_empty_malformed_and_mistyped_bodies_are_4xx(ident):
    headers = _callers(ident)["admin"]
    operations = _json_body_operations(ident)
    assert len(operations) >= 25
    for method, path, _op in operations:
        url = _fill(path)
        _assert_problem(ident.client.request(method, url, headers=headers), 422)
        _assert_problem(ident.client.request(method, url, content=b"{", headers={
            **headers, "Content-Type": "application/json"}), 422)
        _assert_problem(ident.client.request(method, url, content=b"\xff\xfe", headers={
            **headers, "Content-Type": "application/json"}))
        _assert_problem(ident.client.request(method, url, content=b"name=x", headers={
            **headers, "Content-Type": "application/x-www-form-urlencoded"}))
        _assert_problem(ident.client.request(method, url, content=b"<a/>", headers={
            **headers, "Content-Type": "text/xml"}))


def test_limits_out_of_range_are_422_naming_limit(ident):
    headers = _callers(ident)["admin"]
    listed = [(m, p) for m, p, op in _operations(ident)
              if any(q["name"] == "limit" for q in op.get("parameters", []))]
    assert len(listed) >= 14
    for method, path in listed:
        for limit in (0, -1, 501, 10**30, "1e3", "ten"):
            params = {"limit": limit, **_year(ident, method, path)}
            r = ident.client.request(method, _fill(path), params=params,
                                     json={"year": 2019} if method == "POST" else None, headers=headers)
            _assert_problem(r, 422, "limit")


def test_integer_path_parameters_beyond_integer_are_422(ident):
    headers = _callers(ident)["admin"]
    for too_big in (2**31, 2**63, 10**30):
        r = ident.client.get(f"/api/v1/policy/standards/{too_big}", headers=headers)
        _assert_problem(r, 422, "standard_id")
    r = ident.client.put(f"/api/v1/regions/{VILLAGE}/natural-villages/{2**31}",
                         json={"name": "新村"}, headers=headers)
    _assert_problem(r, 422, "natural_id")
    r = ident.client.put(f"/api/v1/rural-populations/{VILLAGE}/{10**30}", json={"population": 1},
                         headers=headers)
    _assert_problem(r, 422, "year")


def _income(**parts: Any) -> dict[str, Any]:
    return {"year": 2019, "wages": "1000.00", "production_business": "0.00", "property_income": "0.00",
            "transfer_income": "0.00", "production_costs": "0.00", **parts}


def _bad_writes(household: dict[str, Any]) -> list[tuple[str, str, Any, str]]:
    """Writes that each break one rule of its input: (method, path, body, field named)."""
    hid, mid = household["id"], household["members"][0]["id"]
    member = f"/api/v1/households/{hid}/members/{mid}/leave"
    return [
        ("POST", f"/api/v1/households/{hid}/incomes", _income(wages="-1.00"), "wages"),
        ("POST", f"/api/v1/households/{hid}/incomes", _income(wages="1.005"), "wages"),
        ("POST", f"/api/v1/households/{hid}/incomes", _income(year=10**30), "year"),
        ("POST", f"/api/v1/households/{hid}/incomes", _income(wages=str(10**30)), "wages"),
        ("POST", member, {"reason": "death", "left_on": "0001-01-01"}, "left_on"),
        ("POST", member, {"reason": "death", "left_on": "9999-12-31"}, "left_on"),
        ("POST", f"/api/v1/villages/{VILLAGE}/incomes", {"year": 2019, "income_per_head": "-5.00"},
         "income_per_head"),
        ("POST", f"/api/v1/villages/{VILLAGE}/incomes", {"year": 2019, "income_per_head": "5.001"},
         "income_per_head"),
        ("POST", f"/api/v1/villages/{VILLAGE}/disasters",
         {"kind": "flood", "occurred_on": "9999-12-31", "description": "山洪"}, "occurred_on"),
        ("POST", f"/api/v1/villages/{VILLAGE}/disasters",
         {"kind": "flood", "occurred_on": "0001-01-01", "description": "山洪\x00"}, "description"),
        ("PUT", f"/api/v1/rural-populations/{VILLAGE}/2019", {"population": 10**30}, "population"),
        ("POST", "/api/v1/campaigns", {"name": "回头看", "year": 2019, "region_code": "441882",
                                       "selection": {"mode": "sample", "sample_size": 2, "seed": 10**30}},
         "selection.seed"),
        ("POST", "/api/v1/crosschecks", {"department": "民政局\x00", "kind": "death",
                                         "rows": [{"id_number": "1", "details": {}}]}, "department"),
        ("POST", "/api/v1/crosschecks", {"department": "民政局", "kind": "death",
                                         "rows": [{"id_number": "1", "details": {"a": "\ud800"}}]},
         "rows[0].details.a"),
        ("PATCH", f"/api/v1/households/{hid}", {"address": "\ud800"}, "address"),
        ("POST", "/api/v1/households", household_body([person(11)]), "members[0].id_number"),
    ]


def _trail(ident) -> tuple[int, int]:
    """The audit chain's head and the length of the change feed."""
    headers = _callers(ident)["admin"]
    head = ident.client.get("/api/v1/audit/verify", headers=headers).json()["head_seq"]
    events = ident.client.get("/api/v1/events", params={"limit": 500}, headers=headers).json()["items"]
    return head, len(events)


def test_failing_writes_are_4xx_naming_the_field_and_leave_no_trace(ident):
    household = create(ident)
    before = _trail(ident)
    assert before[0] >= 1 and before[1] >= 1
    headers = _callers(ident)["admin"]
    for method, path, body, field in _bad_writes(household):
        r = ident.client.request(method, path, content=json.dumps(body), headers={
            **headers, "Content-Type": "application/json"})
        _assert_problem(r, field=field)
    assert _trail(ident) == before


@pytest.mark.parametrize(("values", "ok"), [
    ([INTEGER_MAX], True), ([-INTEGER_MAX - 1], True), ([INTEGER_MAX + 1], False),
    ([-INTEGER_MAX - 2], False),
    (["广东"], True), (["\ud800"], False), (["a\x00"], False), ([None], True), ([1.5], False), ([[]], False),
])
def test_decode_cursor_passes_only_values_a_database_can_bind(values, ok):
    cursor = _cursor(values)
    if ok:
        assert decode_cursor(cursor, 1) == values
    else:
        with pytest.raises(AppError) as caught:
            decode_cursor(cursor, 1)
        assert [e.field for e in caught.value.errors] == ["cursor"]


def test_forged_import_error_cursor_is_422_naming_cursor(ident):
    url = "/api/v1/jobs/00000000-0000-0000-0000-000000000001/errors"
    for values in [["abc"], [None], *([bad] for bad in _FORGED), "not a list"]:
        r = ident.client.get(url, params={"cursor": _cursor(values)}, headers=_callers(ident)["admin"])
        assert r.status_code == 422, (values, r.text)
        assert [e["field"] for e in r.json()["errors"]] == ["cursor"], (values, r.text)
