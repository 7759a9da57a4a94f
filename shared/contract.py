"""The operation contract: what a route states beyond its body, and the OpenAPI document that says it all.

A route states its success status, response headers and typed errors with `answers(...)`; its
permission is read from its `require(...)` dependency (or its `public(...)` one: no token, a rate
limit per client address), its If-Match from the `IfMatch` header
parameter, and the answers every route shares (401, 404, 422, 503 …) are added here by rule, so
the document lists every status each operation can answer, with its problem codes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI, params, routing
from fastapi.dependencies.models import Dependant
from fastapi.dependencies.utils import get_flat_params
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute

from shared.errors import PROBLEM_JSON, TITLES, Problem, integer_parameters, query_parameters, responses
from shared.examples import add_examples

INFRASTRUCTURE_PATHS = ("/healthz", "/readyz", "/metrics")
WRITE_METHODS = {"post", "put", "patch", "delete"}


@dataclass(frozen=True)
class ResponseHeader:
    """A header a response carries, as the document states it."""

    name: str
    description: str
    example: str
    schema_type: str = "string"
    required: bool = True

    def openapi(self) -> dict[str, Any]:
        """Render the header object of an OpenAPI response."""
        return {"description": self.description, "required": self.required,
                "schema": {"type": self.schema_type}, "example": self.example}


ETAG = ResponseHeader("ETag", "the resource's version and the digest of these bytes, "
                      "`\"<version>.<digest>\"`: send it back in If-Match to change the resource (the "
                      "version part decides) or in If-None-Match to be told 304 when nothing you see "
                      "changed (版本标签)",
                      '"3.5e0c2a441d3e4b8a"')
CACHE_CONTROL = ResponseHeader("Cache-Control", "`private, no-cache`: your client may keep the answer, but "
                               "must ask again with If-None-Match before using it (缓存策略)",
                               "private, no-cache")
IF_NONE_MATCH_PARAMETER = {
    "name": "If-None-Match", "in": "header", "required": False,
    "description": "The ETag of the copy you hold: the answer is 304 without a body while it is current "
                   "(条件读取)",
    "schema": {"type": "string"}, "example": '"3.5e0c2a441d3e4b8a"',
}
NOT_MODIFIED = {
    "description": "Your copy (named in If-None-Match) is current; no body is sent (未修改)",
    "headers": {ETAG.name: ETAG.openapi(), CACHE_CONTROL.name: CACHE_CONTROL.openapi()},
}
LOCATION = ResponseHeader("Location", "where the created resource is read (新资源地址)",
                          "/api/v1/households/0b6f1c2e-8a57-4e7e-9a55-1f0c8e3b9d21")
NO_STORE = ResponseHeader("Cache-Control", "personal data: no cache may keep the answer (不得缓存)",
                          "no-store")
RETRY_AFTER = ResponseHeader("Retry-After", "seconds to wait before retrying (重试等待秒数)", "2", "integer")
IDEMPOTENT_REPLAYED = ResponseHeader(
    "Idempotent-Replayed", "`true` when this is the stored answer to an earlier request with the same "
    "Idempotency-Key, nothing was written again (幂等重放)", "true", required=False)
WWW_AUTHENTICATE = ResponseHeader("WWW-Authenticate", "why the token was refused (认证失败原因)",
                                  'Bearer error="invalid_token"')
# One or more strong or weak ETags as the suite makes them (`"3.5e0c2a441d3e4b8a"`, or the bare version
# `"3"` a 412 names); `*` is refused (428).
_ETAG = r'(W/)?"[0-9]+(\.[0-9a-f]{16})?"'
ETAG_LIST_PATTERN = rf"^\s*{_ETAG}(\s*,\s*{_ETAG})*\s*$"
# A route's `openapi_extra` key naming headers it cannot go without (a payment's Idempotency-Key).
REQUIRED_HEADERS = "x-required-headers"
IDEMPOTENCY_KEY_PARAMETER = {
    "name": "Idempotency-Key", "in": "header", "required": False,
    "description": "Any unique text per intended change (a UUID): a retry with the same key and body gets "
                   "the first answer (marked Idempotent-Replayed) instead of a second write; the same key "
                   "with another body is a 422 (幂等键)",
    "schema": {"type": "string", "minLength": 1, "maxLength": 128},
    "example": "5f0c2a44-1d3e-4b8a-9c61-7e2f3a9b0d15",
}


@dataclass(frozen=True)
class Answer:
    """One problem code a route may answer with, under its status."""

    status: int
    code: str
    meaning: str
    headers: tuple[ResponseHeader, ...] = ()


def answers(status: int = 200, *errors: type[Problem], headers: Sequence[ResponseHeader] = (),
            description: str | None = None, example: Any = None) -> dict[str, Any]:
    """Return a route decorator's keywords stating its success status and headers and its typed errors.

    `@router.post("", response_model=X, **answers(201, Taken, headers=(ETAG, LOCATION)))`
    """
    success: dict[str, Any] = {"headers": {h.name: h.openapi() for h in headers}}
    if description:
        success["description"] = description
    if example is not None:
        success["content"] = {"application/json": {"example": example}}
    return {"status_code": status, "responses": {status: success, **responses(*errors)}}


# The answers every operation can give, each by the rule that says when.
UNAUTHORIZED = Answer(401, "unauthorized", "No valid bearer token: missing, expired, or not signed by the "
                      "identity provider.", (WWW_AUTHENTICATE,))
FORBIDDEN = Answer(403, "forbidden", "The caller lacks the permission this operation needs.")
RIGHTS_CHANGED = Answer(403, "idempotency_rights_changed", "The Idempotency-Key was first answered under "
                        "rights this token no longer holds; send the request with a new key.")
NOT_FOUND = Answer(404, "not_found", "Nothing with this identifier inside the caller's region.")
KEY_INVALID = Answer(400, "idempotency_key_invalid",
                     "Idempotency-Key is empty or longer than 128 characters.")
KEY_REUSED = Answer(422, "idempotency_key_reused", "This Idempotency-Key was used with another request.")
IN_PROGRESS = Answer(409, "idempotency_in_progress", "A request with this Idempotency-Key is still being "
                     "processed; retry after Retry-After seconds.", (RETRY_AFTER,))
CONFLICT = Answer(409, "conflict", "A concurrent change won the race; read again and retry.")
VALIDATION = Answer(422, "validation_failed", "A parameter or body field is missing or invalid; `errors` "
                    "names each with its reason.")
UNKNOWN_PARAMETER = Answer(422, "unknown_parameter", "A query parameter this operation does not take; "
                           "`errors` names it.")
NUL = Answer(422, "string_nul", "A text value holds a NUL character.")
LOOSE_INTEGER = Answer(422, "int_parsing", "An integer parameter is not plain ASCII digits.")
CURSOR_INVALID = Answer(422, "cursor_invalid",
                        "The cursor was not made by this list; start again without it.")
NOT_STORABLE = Answer(422, "value_not_storable", "A value the database cannot store.")
BODY_UNPARSEABLE = Answer(400, "body_unparseable", "The body could not be read: not UTF-8, or a broken "
                          "multipart form.")
DATE_IN_FUTURE = Answer(422, "date_in_future", "A date that must have passed (`x-not-after: today`) is "
                        "after today; `errors` names it.")
YEAR_IN_FUTURE = Answer(422, "year_in_future", "A year that must have come (`x-not-after: this year`) is "
                        "after this year; `errors` names it.")
ID_NUMBER_CODES = [Answer(422, code, f"An ID number (`format: gb11643`) {meaning}; `errors` names it.")
                   for code, meaning in (("id_number_checksum", "has a wrong check digit"),
                                         ("id_number_area", "names an area code that did not exist"),
                                         ("id_number_birth_date", "holds no real or a future birth date"))]
CREDIT_CODE_CODES = [Answer(422, "credit_code_checksum", "A unified social credit code (`format: gb32100`) "
                            "has a wrong check character; `errors` names it.")]
REFERENCE_NOT_FOUND = Answer(404, "not_found", "A record the body names (an `…_id`) does not exist inside "
                             "the caller's region.")
STALE = Answer(412, "version_stale", "The resource changed since it was read (its current ETag is in "
               "`current_etag`); read it again.")
IF_MATCH_REQUIRED = Answer(428, "if_match_required", "The change needs If-Match with the ETag last read.")
IF_MATCH_WILDCARD = Answer(428, "if_match_wildcard",
                           "If-Match was `*`, which would skip the lost-update check.")
RATE_LIMITED = Answer(429, "rate_limited", "Too many requests from this address to the public endpoints; "
                      "retry after Retry-After seconds.", (RETRY_AFTER,))
UNAVAILABLE = Answer(503, "database_unavailable", "The database is busy or unreachable; retry after "
                     "Retry-After seconds.", (RETRY_AFTER,))


@dataclass(frozen=True)
class RouteFacts:
    """What the document can tell of a route from its declaration alone."""

    permissions: tuple[str, ...]
    authenticated: bool
    public: str | None
    path_parameters: bool
    query_parameters: frozenset[str]
    integer_parameters: bool
    has_input: bool
    has_body: bool
    conditional: bool


def _dependencies(dependant: Dependant) -> Iterable[Dependant]:
    for sub in dependant.dependencies:
        yield sub
        yield from _dependencies(sub)


def route_facts(route: APIRoute) -> RouteFacts:
    """Read a route's permission, parameters and preconditions from its dependencies."""
    calls = [d.call for d in _dependencies(route.dependant)]
    permissions = tuple(dict.fromkeys(p for c in calls if (p := getattr(c, "permission", None))))
    authenticated = bool(permissions) or any(getattr(c, "authenticates", False) for c in calls)
    public = next((limit for c in calls if (limit := getattr(c, "public", None))), None)
    flat = get_flat_params(route.dependant)
    headers = {p.alias.lower() for p in flat if isinstance(p.field_info, params.Header)}
    return RouteFacts(
        permissions=permissions, authenticated=authenticated, public=public,
        path_parameters=any(isinstance(p.field_info, params.Path) for p in flat),
        query_parameters=query_parameters(route),
        integer_parameters=bool(integer_parameters(route)),
        has_input=bool(flat) or route.body_field is not None,
        has_body=route.body_field is not None,
        conditional="if-match" in headers,
    )


def _relations(op: dict[str, Any], components: dict[str, Any]) -> list[tuple[str, str]]:
    """The codes and meanings of the `x-relation` rules of an operation's parameters and body."""
    found: dict[str, str] = {}

    def note(node: dict[str, Any]) -> bool:
        rules = node.get("x-relation")
        for rule in rules if isinstance(rules, list) else []:
            found.setdefault(rule["code"], f"{rule['rule']} `{rule['field']}`")
        return False

    _body_has({"requestBody": [op.get("requestBody", {}), op.get("parameters", [])]}, components, note)
    return sorted(found.items())


def _body_has(op: dict[str, Any], components: dict[str, Any], found: Callable[[Any], bool]) -> bool:
    """Tell whether any node of the operation's request body schema, references followed, passes a test."""
    seen: set[str] = set()

    def visit(node: Any) -> bool:
        if isinstance(node, list):
            return any(visit(item) for item in node)
        if not isinstance(node, dict):
            return False
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
            name = ref.rsplit("/", 1)[-1]
            if name in seen:
                return False
            seen.add(name)
            return visit(components.get(name, {}))
        return found(node) or any(visit(value) for value in node.values())

    return visit(op.get("requestBody", {}))


def _names_records(node: dict[str, Any]) -> bool:
    """A body field naming another record (`…_id`, `…_ids`)."""
    properties = node.get("properties")
    return isinstance(properties, dict) and any(name.endswith(("_id", "_ids")) for name in properties)


def _past_dates(node: dict[str, Any]) -> bool:
    """A date that must not be after today."""
    return node.get("x-not-after") == "today"


# What a body's schema says of the refusals it may meet: each rule by the schema nodes that state it.
_BODY_RULES: dict[str, Callable[[dict[str, Any]], bool]] = {
    "references": _names_records,
    "past_dates": _past_dates,
    "past_years": lambda node: node.get("x-not-after") == "this year",
    "id_numbers": lambda node: node.get("format") == "gb11643",
    "credit_codes": lambda node: node.get("format") == "gb32100",
}


def shared_answers(method: str, facts: RouteFacts, api: bool, body: frozenset[str] = frozenset(),
                   relations: Sequence[tuple[str, str]] = ()) -> list[Answer]:
    """The answers an operation gives by rule: auth, lookups, input checks, writes, preconditions."""
    found: list[Answer] = []
    if facts.authenticated:
        found.append(UNAUTHORIZED)
    if facts.permissions:
        found.append(FORBIDDEN)
    if facts.public:
        found.append(RATE_LIMITED)
    if facts.path_parameters:
        found.append(NOT_FOUND)
    elif "references" in body:
        found.append(REFERENCE_NOT_FOUND)
    if facts.has_body:
        found.append(BODY_UNPARSEABLE)
    found += [VALIDATION, NUL] if facts.has_input else []
    found += [DATE_IN_FUTURE] if "past_dates" in body else []
    found += [YEAR_IN_FUTURE] if "past_years" in body else []
    found += [Answer(422, code, f"A field breaks its `x-relation` ({meaning}); `errors` names it.")
              for code, meaning in relations]
    found += ID_NUMBER_CODES if "id_numbers" in body else []
    found += CREDIT_CODE_CODES if "credit_codes" in body else []
    found.append(UNKNOWN_PARAMETER)
    if facts.integer_parameters:
        found.append(LOOSE_INTEGER)
    if "cursor" in facts.query_parameters:
        found.append(CURSOR_INVALID)
    if method in WRITE_METHODS:
        found += [CONFLICT, NOT_STORABLE]
    if method == "post" and facts.authenticated:
        found += [KEY_INVALID, KEY_REUSED, IN_PROGRESS, RIGHTS_CHANGED]
    if facts.conditional:
        found += [STALE, IF_MATCH_REQUIRED, IF_MATCH_WILDCARD]
    if api:
        found.append(UNAVAILABLE)
    return found


PROBLEM_SCHEMA = {
    "type": "object",
    "description": "RFC 9457 problem details (错误详情)",
    "properties": {
        "type": {"type": "string", "description": "`/problems/<code>`"},
        "title": {"type": "string", "description": "the status in words, in the caller's language"},
        "status": {"type": "integer"},
        "detail": {"type": "string", "description": "what went wrong, in the caller's language"},
        "code": {"type": "string", "description": "machine code of the refusal; each operation lists "
                                                  "its own"},
        "instance": {"type": "string"},
        "rule": {"type": "string", "description": "the rules-catalogue code of the rule the refusal applies, "
                                                  "when it applies one (GET /api/v1/policy/rules/{code})"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"field": {"type": "string"}, "code": {"type": "string"},
                               "message": {"type": "string"}},
            },
        },
    },
    "required": ["type", "title", "status", "detail", "code"],
}


def _problem_response(status: int, listed: list[Answer]) -> dict[str, Any]:
    """Render one error status: its codes and meanings, their headers, and an example body."""
    codes = list(dict.fromkeys(a.code for a in listed))
    meanings = {a.code: a.meaning for a in listed}
    first = listed[0]
    example = {"type": f"/problems/{first.code}", "title": TITLES[status][0], "status": status,
               "detail": first.meaning, "code": first.code}
    response: dict[str, Any] = {
        "description": "\n".join(f"- `{c}`: {meanings[c]}" for c in codes),
        "x-problem-codes": codes,
        "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}, "example": example}},
    }
    headers: dict[str, Any] = {}
    for answer in listed:
        for header in answer.headers:
            # A header only some of the status's codes carry is not promised on every answer.
            carried = all(header in a.headers for a in listed)
            headers[header.name] = {**header.openapi(), "required": header.required and carried}
    if headers:
        response["headers"] = headers
    return response


def _complete(method: str, path: str, op: dict[str, Any], route: APIRoute,
              components: dict[str, Any], refusals: Sequence[Answer] = ()) -> None:
    """Add to one operation what its route states by rule: permission, shared answers, headers."""
    facts = route_facts(route)
    api = path not in INFRASTRUCTURE_PATHS
    op["x-permissions"] = list(facts.permissions)
    if facts.permissions:
        needs = ", ".join(f"`{p}`" for p in facts.permissions)
        op["description"] = f"{op.get('description', '').rstrip()}\n\n**Permission:** {needs}".lstrip()
    if facts.authenticated:
        op["security"] = [{"bearer": []}]
    elif facts.public:
        op["x-public"], op["x-rate-limit"] = True, facts.public
        op["description"] = (f"{op.get('description', '').rstrip()}\n\n**Permission:** none: public, "
                             f"no token; at most {facts.public} per client address (429 with "
                             "Retry-After beyond it)").lstrip()
    parameters = op.setdefault("parameters", [])
    named = {(p["in"], p["name"].lower()) for p in parameters}
    if method == "post" and facts.authenticated and ("header", "idempotency-key") not in named:
        parameters.append(IDEMPOTENCY_KEY_PARAMETER)  # a route that requires the key declares its own
    required = {name.lower() for name in op.pop(REQUIRED_HEADERS, [])}
    for parameter in parameters:
        name = parameter["name"].lower()
        if parameter["in"] != "header":
            continue
        if name == "if-match" and facts.conditional:
            # The server answers 428 without it, so a request lacking it is not a valid one.
            parameter["required"] = True
            parameter["schema"] = {"type": "string", "pattern": ETAG_LIST_PATTERN}
        if name in required:
            parameter["required"] = True
            parameter["schema"].pop("anyOf", None)
            parameter["schema"].update({"type": "string", "minLength": 1})
    responses = op.setdefault("responses", {})
    responses.pop("422", None)  # FastAPI's own validation body is not what the suite answers
    by_status: dict[int, list[Answer]] = {}
    body = frozenset(name for name, test in _BODY_RULES.items() if _body_has(op, components, test))
    for answer in shared_answers(method, facts, api, body, _relations(op, components)):
        by_status.setdefault(answer.status, []).append(answer)
    for answer in refusals:  # refusals the service raises with its own codes, by operation
        by_status.setdefault(answer.status, []).append(answer)
    for status_key, declared in route.responses.items():
        for problem in reversed(declared.get("x-problems", [])):
            by_status.setdefault(int(status_key), []).insert(0, Answer(int(status_key), **problem))
    for status, listed in sorted(by_status.items()):
        responses[str(status)] = _problem_response(status, listed)
    _conditional_read(method, parameters, responses)
    op["responses"] = responses = dict(sorted(responses.items()))
    for status, response in responses.items():
        response.pop("x-problems", None)
        if status.startswith("2") and method == "post" and facts.authenticated:
            response.setdefault("headers", {})[IDEMPOTENT_REPLAYED.name] = IDEMPOTENT_REPLAYED.openapi()


def _conditional_read(method: str, parameters: list[dict[str, Any]], responses: dict[str, Any]) -> None:
    """State what every answer with an ETag carries (Cache-Control) and, on a read, If-None-Match and 304."""
    versioned = [r for status, r in responses.items()
                 if status.startswith("2") and ETAG.name in r.get("headers", {})]
    for response in versioned:
        response["headers"][CACHE_CONTROL.name] = CACHE_CONTROL.openapi()
    if method == "get" and "200" in responses and responses["200"] in versioned:
        parameters.append(IF_NONE_MATCH_PARAMETER)
        responses["304"] = NOT_MODIFIED


def openapi_document(app: FastAPI, tags: dict[str, str],
                     refusals: Mapping[str, Sequence[Answer]] | None = None) -> dict[str, Any]:
    """Build the service's whole contract: every operation completed, tags described, Problem defined."""
    schema = get_openapi(title=app.title, version=app.version, description=app.description,
                         routes=app.routes)
    components = schema.setdefault("components", {})
    components.setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    for unused in ("HTTPValidationError", "ValidationError"):
        components["schemas"].pop(unused, None)
    components["securitySchemes"] = {"bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}}
    routes = {(m.lower(), r.path_format): r for r in routing.iter_route_contexts(app.routes)
              if isinstance(r.original_route, APIRoute) and r.include_in_schema for m in r.methods}
    used: set[str] = set()
    for path, ops in schema.get("paths", {}).items():
        for method, op in ops.items():
            _complete(method, path, op, routes[(method, path)], components["schemas"],
                      (refusals or {}).get(op.get("operationId", ""), ()))
            used.update(op.get("tags", []))
    schema["tags"] = [{"name": name, "description": tags.get(name, "")} for name in sorted(used)]
    _decimal_patterns(schema)
    add_examples(schema)
    return schema


def _decimal_patterns(node: Any) -> None:
    """State the text a decimal takes: pydantic leaves the string branch of `number | string` open.

    The pattern follows the number branch's bounds (sign, whole digits under the maximum) with at most
    two decimal places, the suite's money and percentages; a value the server also takes (`+5`, `05`)
    may lie outside it, never the reverse.
    """
    if isinstance(node, list):
        for item in node:
            _decimal_patterns(item)
        return
    if not isinstance(node, dict):
        return
    branches = node.get("anyOf", [])
    numbers = [b for b in branches if b.get("type") == "number"]
    texts = [b for b in branches if b == {"type": "string"}]
    if numbers and texts:
        texts[0]["pattern"] = _decimal_pattern(numbers[0])
    for value in node.values():
        _decimal_patterns(value)


def _decimal_pattern(number: dict[str, Any]) -> str:
    maximum = number.get("maximum")
    whole = 8 if maximum is None else max(len(str(int(maximum))) - 1, 0)
    places = r"(\.[0-9]{1,2})?"
    if whole == 0:
        return rf"^0{places}$"
    if number.get("exclusiveMinimum") == 0:
        return rf"^([1-9][0-9]{{0,{whole - 1}}}{places}|0\.([1-9][0-9]?|0[1-9]))$"
    if number.get("minimum", -1) >= 1:
        return rf"^[1-9][0-9]{{0,{whole - 1}}}{places}$"
    sign = "" if number.get("minimum", number.get("exclusiveMinimum", -1)) >= 0 else "-?"
    return rf"^{sign}[0-9]{{1,{whole}}}{places}$"
