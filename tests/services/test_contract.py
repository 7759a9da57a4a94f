"""Every operation of every service states its whole contract in the OpenAPI document."""

from __future__ import annotations

from typing import Any

import pytest

from shared.contract import INFRASTRUCTURE_PATHS

_WRITES = ("post", "put", "patch", "delete")


def _operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(method, path, op) for path, ops in spec["paths"].items() for method, op in ops.items()]


def _headers(op: dict[str, Any]) -> set[str]:
    """The request headers an operation takes, in lower case (header names are case-insensitive)."""
    return {p["name"].lower() for p in op.get("parameters", []) if p["in"] == "header"}


def _query(op: dict[str, Any]) -> set[str]:
    return {p["name"] for p in op.get("parameters", []) if p["in"] == "query"}


def _success(op: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {status: r for status, r in op["responses"].items() if status.startswith("2")}


def _schema(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref", "")
    return spec["components"]["schemas"][ref.rsplit("/", 1)[-1]] if ref else schema


def _is_page(spec: dict[str, Any], op: dict[str, Any]) -> bool:
    for response in _success(op).values():
        schema = response.get("content", {}).get("application/json", {}).get("schema")
        if schema and {"items", "next_cursor"} <= set(_schema(spec, schema).get("properties", {})):
            return True
    return False


def _violations(spec: dict[str, Any]) -> list[str]:
    """Name each operation and the part of its contract it does not state."""
    found = []
    versioned = {path for _m, path, op in _operations(spec) if "if-match" in _headers(op)}
    for method, path, op in _operations(spec):
        where = f"{method.upper()} {path}"
        found += [f"{where}: {gap}" for gap in _gaps(spec, method, path, op, versioned)]
    return found


def _gaps(spec: dict[str, Any], method: str, path: str, op: dict[str, Any], versioned: set[str]) -> list[str]:
    """The parts of one operation's contract that are missing."""
    gaps = []
    responses, success = op["responses"], _success(op)
    if not op.get("operationId") or not op.get("summary"):
        gaps.append("no operationId or summary")
    if path not in INFRASTRUCTURE_PATHS and not op.get("x-permissions") and not op.get("x-public"):
        gaps.append("states no permission (require(...)) and is not public (public(...))")
    if path not in INFRASTRUCTURE_PATHS and not op.get("security") and not op.get("x-public"):
        gaps.append("asks for no token and is not marked public")
    if op.get("x-public"):
        if op.get("security") or op.get("x-permissions"):
            gaps.append("public but asks for a token or a permission")
        if "Retry-After" not in responses.get("429", {}).get("headers", {}) or not op.get("x-rate-limit"):
            gaps.append("public without its rate limit (429 with Retry-After)")
    if not success:
        gaps.append("documents no success")
    for status, response in responses.items():
        if status[0] in "45" and not response.get("x-problem-codes"):
            gaps.append(f"{status} lists no problem codes")
        if status[0] in "45" and "application/problem+json" not in response.get("content", {}):
            gaps.append(f"{status} is not problem+json")
    success_headers = {h for r in success.values() for h in r.get("headers", {})}
    if op.get("security"):
        for status in ("401", "422"):
            if status not in responses:
                gaps.append(f"does not document {status}")
    if path not in INFRASTRUCTURE_PATHS and "Retry-After" not in responses.get("503", {}).get("headers", {}):
        gaps.append("503 without Retry-After")
    if method == "post" and op.get("security"):
        if "idempotency-key" not in _headers(op):
            gaps.append("POST without Idempotency-Key")
        if "Idempotent-Replayed" not in success_headers:
            gaps.append("POST success without Idempotent-Replayed")
    if "if-match" in _headers(op):
        gaps += [f"takes If-Match but does not document {s}" for s in ("412", "428") if s not in responses]
        if "ETag" not in success_headers:
            gaps.append("takes If-Match but its answer carries no ETag")
    if method == "get" and path in versioned and "ETag" not in success_headers:
        gaps.append("reads a versioned resource without ETag")
    if "201" in success and "Location" not in success_headers:
        gaps.append("201 without Location")
    if method in _WRITES and "409" not in responses:
        gaps.append("write without 409")
    if _is_page(spec, op):
        if not {"cursor", "limit"} <= _query(op):
            gaps.append("a page without the cursor and limit parameters")
        if "after" in _query(op):
            gaps.append("a page still taking `after`")
    return gaps


def test_every_operation_states_its_whole_contract(any_service):
    spec = any_service.client.get("/openapi.json").json()
    violations = _violations(spec)
    assert not violations, "\n".join(violations)


def test_titles_and_tags_are_ascii_and_described(any_service):
    spec = any_service.client.get("/openapi.json").json()
    assert spec["info"]["title"].isascii(), spec["info"]["title"]
    used = {t for _m, _p, op in _operations(spec) for t in op.get("tags", [])}
    described = {t["name"]: t.get("description", "") for t in spec.get("tags", [])}
    assert used <= set(described)
    assert [t for t in used if not t.isascii() or not described[t]] == []


def test_permission_is_read_from_the_route_that_enforces_it(ident):
    spec = ident.client.get("/openapi.json").json()
    assert spec["paths"]["/api/v1/households"]["post"]["x-permissions"] == ["identification:write"]
    assert spec["paths"]["/api/v1/events"]["get"]["x-permissions"] == ["events:read"]
    assert "**Permission:** `audit:read`" in spec["paths"]["/api/v1/audit"]["get"]["description"]


def test_a_gap_is_named():
    spec = {"paths": {"/api/v1/things": {"post": {
        "operationId": "make", "summary": "Make", "security": [{"bearer": []}],
        "responses": {"201": {"description": "made"}, "422": {"description": "bad"}}}}},
        "components": {"schemas": {}}}
    assert _violations(spec) == [
        "POST /api/v1/things: states no permission (require(...)) and is not public (public(...))",
        "POST /api/v1/things: 422 lists no problem codes",
        "POST /api/v1/things: 422 is not problem+json",
        "POST /api/v1/things: does not document 401",
        "POST /api/v1/things: 503 without Retry-After",
        "POST /api/v1/things: POST without Idempotency-Key",
        "POST /api/v1/things: POST success without Idempotent-Replayed",
        "POST /api/v1/things: 201 without Location",
        "POST /api/v1/things: write without 409",
    ]


def test_a_public_operation_states_no_token_and_its_rate_limit():
    spec = {"paths": {"/api/v1/public/things": {"get": {
        "operationId": "read", "summary": "Read", "x-public": True, "x-permissions": [],
        "responses": {"200": {"description": "ok"},
                      "503": {"description": "busy", "x-problem-codes": ["database_unavailable"],
                              "content": {"application/problem+json": {}},
                              "headers": {"Retry-After": {}}}}}}},
        "components": {"schemas": {}}}
    assert _violations(spec) == [
        "GET /api/v1/public/things: public without its rate limit (429 with Retry-After)"]
    del spec["paths"]["/api/v1/public/things"]["get"]["x-public"]
    assert _violations(spec)[:2] == [
        "GET /api/v1/public/things: states no permission (require(...)) and is not public (public(...))",
        "GET /api/v1/public/things: asks for no token and is not marked public"]


def test_funds_public_reads_are_the_only_operations_without_a_token(any_service):
    """Outside /healthz, /readyz and /metrics only funds' notices (公告公示) are public, each rate-limited."""
    spec = any_service.client.get("/openapi.json").json()
    public = sorted(f"{m.upper()} {p}" for m, p, op in _operations(spec)
                    if not op.get("security") and p not in INFRASTRUCTURE_PATHS)
    marked = sorted(f"{m.upper()} {p}" for m, p, op in _operations(spec) if op.get("x-public"))
    assert public == marked
    if any_service.service == "funds":
        assert "GET /api/v1/public/notices" in marked and "GET /notice-board" in marked
    else:
        assert marked == []


@pytest.mark.parametrize("path", ["/api/v1/events", "/api/v1/households"])
def test_an_unknown_query_parameter_is_422_naming_it(ident, path):
    r = ident.client.get(path, params={"after": "0", "limit": 5}, headers=ident.headers())
    assert r.status_code == 422, r.text
    assert r.json()["code"] == "unknown_parameter"
    assert [e["field"] for e in r.json()["errors"]] == ["after"]


def test_405_allows_every_method_the_path_documents(any_service):
    """Starlette's own 405 names only the first route's methods; the suite's names them all."""
    spec = any_service.client.get("/openapi.json").json()
    checked = 0
    for path, ops in spec["paths"].items():
        documented = {m.upper() for m in ops}
        unused = next(m for m in ("DELETE", "PUT", "PATCH", "POST", "GET") if m not in documented)
        url = path.replace("{", "").replace("}", "")  # a literal segment: the path still matches
        r = any_service.client.request(unused, url, headers=any_service.headers())
        if r.status_code == 405:
            # A templated path may also match (PATCH /households/{household_id} for /households/export).
            allowed = set(r.headers["allow"].split(", "))
            assert documented <= allowed and unused not in allowed, (path, r.headers["allow"])
            assert r.headers["content-type"] == "application/problem+json"
            checked += 1
    assert checked >= len(spec["paths"]) // 2


def _enums(node: Any, where: str) -> list[tuple[str, dict[str, Any]]]:
    """Every enum schema under a node of the document, with where it is."""
    if isinstance(node, list):
        return [found for item in node for found in _enums(item, where)]
    if not isinstance(node, dict):
        return []
    own = [(where, node)] if isinstance(node.get("enum"), list) else []
    return own + [found for key, value in node.items() if key != "x-enum-labels"
                  for found in _enums(value, f"{where}/{key}")]


def test_every_enum_documents_its_chinese_labels(any_service):
    spec = any_service.client.get("/openapi.json").json()
    unlabelled = [where for where, enum in _enums(spec, "")
                  if set(enum.get("x-enum-labels", {})) != set(enum["enum"])
                  or not all(any("\u4e00" <= c <= "\u9fff" for c in label)
                             for label in enum.get("x-enum-labels", {}).values())]
    assert unlabelled == []


def test_a_query_parameter_without_a_name_is_422_naming_the_query(ident):
    r = ident.client.get("/api/v1/households?=1", headers=ident.headers())
    assert (r.status_code, r.json()["code"]) == (422, "unknown_parameter")
    assert [e["field"] for e in r.json()["errors"]] == ["query"]
