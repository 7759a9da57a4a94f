"""Schemathesis with all its checks and every phase finds nothing on a service: the document is the contract.

Each run is reproducible (fixed seed, derandomized, no example database) and bounded (a fixed number of
examples per operation). What the run is told beyond the document is listed in `_config` and the hooks,
each with its reason; nothing else is excluded.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator
from datetime import date
from typing import Any

import jsonschema
import pytest
import schemathesis
from hypothesis import strategies as st
from schemathesis.core.failures import Failure
from schemathesis.engine import Status, events, from_schema
from schemathesis.hooks import GLOBAL_HOOK_DISPATCHER
from stdnum.cn import ric, uscc

from tests.conftest import harness_for
from tests.harness import Harness

# The services the run covers; every service of the suite once its document states what it does.
SERVICES = ("identification", "funds", "employment", "supervision")
MAX_EXAMPLES = 12
SEED = 20181231
# Codes about the request's shape: a schema-valid request must never get one of these.
_SHAPE_CODES = {"validation_failed", "string_nul", "int_parsing", "unknown_parameter", "cursor_invalid",
                "value_not_storable", "body_unparseable", "idempotency_key_invalid", "idempotency_key_reused",
                "if_match_required", "if_match_wildcard"}


@st.composite
def _id_numbers(draw: st.DrawFn) -> str:
    """A valid ID number (`format: gb11643`): a Guangdong area, a birth date, a sequence, the check digit."""
    area = draw(st.sampled_from(["441882", "441802", "440103", "445281"]))
    born = draw(st.dates(date(1940, 1, 1), date(2012, 12, 31)))
    body = f"{area}{born:%Y%m%d}{draw(st.integers(0, 999)):03d}"
    return body + ric.calc_check_digit(body)


@st.composite
def _credit_codes(draw: st.DrawFn) -> str:
    """A valid unified social credit code (`format: gb32100`) of an enterprise registered in Lianzhou."""
    body = f"91441882{draw(st.text('0123456789ABCDEFGHJKLMNPQRTUWXY', min_size=9, max_size=9))}"
    return body + uscc.calc_check_digit(body)


schemathesis.openapi.format("gb11643", _id_numbers())
schemathesis.openapi.format("gb32100", _credit_codes())


def _config(harness: Harness) -> schemathesis.Config:
    """All checks, all phases; the caller may do everything (and read personal data)."""
    token = harness.token("admin", "44", ["pii:read", "register:replicate"])
    return schemathesis.Config.from_dict({
        "seed": SEED,
        "auth": {"openapi": {"bearer": {"bearer": token}}},
        "workers": 1,
        "generation": {
            "max-examples": MAX_EXAMPLES, "deterministic": True, "database": "none",
            # Every text refuses NUL (PostgreSQL cannot store it), documented as 422 `string_nul` on
            # every operation; test_fuzz_all sends NUL to each parameter and body field instead.
            "allow-x00": False,
        },
        "phases": {name: {"enabled": True} for name in ("examples", "coverage", "fuzzing", "stateful")},
        "checks": {
            "enabled": True,
            # A missing If-Match is 428 Precondition Required (RFC 6585), not a 4xx of the default list.
            "missing_required_header": {"expected-statuses": ["400", "401", "403", "406", "415", "422",
                                                             "428"]},
            # An If-Match that is no ETag matches no version: 412 (RFC 9110 13.1.1), as a stale one does.
            "negative_data_rejection": {"expected-statuses": ["400", "401", "403", "404", "405", "406", "409",
                                                              "412", "415", "422", "428", "429", "5xx"]},
        },
    })


def _path_is_valid(case: Any) -> bool:
    """Whether every path parameter of a case is valid by its own schema (formats checked)."""
    checker = jsonschema.FormatChecker()
    for parameter in case.operation.definition.raw.get("parameters", []):
        if parameter.get("in") == "path" and parameter["name"] in (case.path_parameters or {}):
            validator = jsonschema.Draft202012Validator(parameter.get("schema", {}), format_checker=checker)
            if not validator.is_valid(case.path_parameters[parameter["name"]]):
                return False
    return True


def _documented_refusal(failure: Failure, case: Any, response: Any) -> bool:
    """Whether a schema-valid request met a refusal its operation documents and the schema cannot state.

    Such a refusal depends on stored data (a region the register lacks, a state a record is not in, an
    ETag gone stale): the operation lists its code under that status, and it is none of the codes about
    the request's own shape.
    """
    if type(failure).__name__ != "RejectedPositiveData":
        return False
    if not _path_is_valid(case):
        # Not schema-valid at all: a null lifted from an earlier answer (a rectification item's
        # interview_id) and sent as a path parameter the schema types as a uuid.
        return True
    if response.headers.get("content-type", [""])[0] != "application/problem+json":
        return False
    problem = response.json()
    documented = set(case.operation.definition.raw.get("responses", {}).get(str(response.status_code), {})
                     .get("x-problem-codes", []))
    if problem.get("code") == "validation_failed":  # refused field by field: each field's code must be one
        codes = {error.get("code") for error in problem.get("errors", [])}
        return bool(codes) and codes <= documented - _SHAPE_CODES
    return problem.get("code") in documented - _SHAPE_CODES


def _nul_in_bytes(case: Any, response: Any) -> bool:
    """Whether a byte body (a CSV sent as a file) holding NUL met its documented 422 `string_nul`.

    `allow-x00: False` keeps NUL out of drawn text, for the reason given there; it does not reach a
    `format: binary` body, whose bytes a schema cannot constrain. The refusal is the same rule.
    """
    body = getattr(case.body, "data", case.body)  # schemathesis wraps drawn bytes in a Binary
    if not isinstance(body, bytes | bytearray) or b"\x00" not in body:
        return False
    return response.status_code == 422 and response.json().get("code") == "string_nul"


def _missing_body_reference(failure: Failure, case: Any, response: Any) -> bool:
    """Whether a 404 right after a create names a record the body refers to, not the created one.

    `ensure_resource_availability` follows a link from a create (POST /programmes) to an operation
    under it (POST /programmes/{id}/enrolments) and takes any 404 as the created resource missing.
    But the body it sends still carries drawn references (a `member_id` nobody registered), and the
    404 (`not_found`, documented) is about that record: its detail names a body value and no path
    value. A 404 naming the created resource still fails.
    """
    if type(failure).__name__ != "EnsureResourceAvailability" or response.status_code != 404:
        return False
    detail = str(response.json().get("detail", ""))
    in_path = {str(v) for v in (case.path_parameters or {}).values()}
    in_body = {str(v) for v in _leaves(case.body) if len(str(v)) >= 8}
    return not any(v in detail for v in in_path) and any(v in detail for v in in_body)


def _leaves(value: Any) -> Iterator[Any]:
    """Every scalar inside a JSON body."""
    if isinstance(value, dict):
        for item in value.values():
            yield from _leaves(item)
    elif isinstance(value, list):
        for item in value:
            yield from _leaves(item)
    elif value is not None:
        yield value


def _typed_multipart_part(failure: Failure, case: Any) -> bool:
    """Whether a schema-violating request was only a multipart part given another JSON type.

    A part is bytes on the wire: a file part mutated to `false` arrives as a file holding the bytes
    `false`, an upload the server rightly takes. Schemathesis sets aside the same for path and query
    values that become valid once serialised; every other mutation of a multipart body still counts.
    """
    if type(failure).__name__ != "AcceptedNegativeData" or case.meta is None:
        return False
    if not (case.media_type or "").startswith("multipart/form-data"):
        return False
    if any(component.mode.is_negative for location, component in case.meta.components.items()
           if location.value != "body"):
        return False
    mutations = getattr(case.meta.phase.data, "mutations", ())
    return bool(mutations) and all(m.operator.value == "change_type" and m.parameter_location.value == "body"
                                   for m in mutations)


def _fresh_keys(schema: Any) -> Any:
    """Give each call of this run its own Idempotency-Key, as a client does for each intended change.

    A drawn key repeats across cases with different bodies, which the server rightly refuses (422
    `idempotency_key_reused`). Keys the schema calls invalid (empty, too long) are kept as drawn.
    """
    counter = itertools.count()

    def before_call(context: Any, case: Any, kwargs: dict[str, Any]) -> None:
        if case.operation.schema is not schema:
            return
        key = (case.headers or {}).get("Idempotency-Key")
        if isinstance(key, str) and 1 <= len(key) <= 128:
            case.headers["Idempotency-Key"] = f"st-{next(counter)}-{key}"[:128]
        if case.meta is not None and case.meta.generation.mode.is_positive and case.query:
            # A cursor is valid only as the list issued it (opaque keyset); a drawn one is a 422
            # `cursor_invalid`. Positive cases read from the start; negative ones still send drawn
            # cursors, and test_fuzz_all forges cursors of every shape.
            case.query.pop("cursor", None)

    return before_call


def _failures(harness: Harness) -> tuple[list[str], float]:
    """Run every phase with every check against the service; name each failure once."""
    schema = schemathesis.openapi.from_asgi("/openapi.json", harness.app, config=_config(harness))
    schema.hook("filter_failure")(lambda context, failure, case, response:
                                  not _documented_refusal(failure, case, response)
                                  and not _typed_multipart_part(failure, case)
                                  and not _missing_body_reference(failure, case, response)
                                  and not _nul_in_bytes(case, response))
    hook = GLOBAL_HOOK_DISPATCHER.register_hook_with_name(_fresh_keys(schema), "before_call")
    found: dict[str, str] = {}
    started = time.monotonic()
    try:
        for event in from_schema(schema).execute():
            if isinstance(event, events.ScenarioFinished):
                found.update(_scenario_failures(event))
            elif isinstance(event, events.NonFatalError | events.FatalError):
                found[f"error {getattr(event, 'label', '')}"] = repr(getattr(event, "value", event))[:500]
    finally:
        GLOBAL_HOOK_DISPATCHER.unregister(hook)
    return [f"{key}\n    {detail}" for key, detail in sorted(found.items())], time.monotonic() - started


def _scenario_failures(event: events.ScenarioFinished) -> dict[str, str]:
    """Each failed check of a scenario, with the request and the answer that failed it."""
    found = {}
    for case_id, checks in event.recorder.checks.items():
        for check in checks:
            if check.status != Status.FAILURE or check.failure_info is None:
                continue
            failure = check.failure_info.failure
            interaction = event.recorder.interactions.get(case_id)
            detail = failure.message.replace("\n", " ")[:300]
            if interaction is not None and interaction.response is not None:
                request = interaction.request
                detail += (f" | {request.method} {request.uri} body={request.body!r:.300}"
                           f" -> {interaction.response.status_code} {interaction.response.content[:300]!r}")
            found.setdefault(f"{event.recorder.label}: {check.name}: {failure.title}", detail)
    return found


@pytest.mark.parametrize("service", SERVICES)
def test_schemathesis_with_all_checks_finds_nothing(service):
    failures, elapsed = _failures(harness_for(service))
    print(f"schemathesis on {service}: {elapsed:.0f} s")
    assert not failures, f"{len(failures)} failures:\n" + "\n".join(failures)
