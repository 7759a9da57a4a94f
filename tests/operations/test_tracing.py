"""W3C trace context: accepted or begun, logged, passed on, kept in the audit trail and the feed."""

from __future__ import annotations

import io
import json
import logging
import re

from shared.client import ServiceClient
from shared.logs import JsonFormatter
from shared.tracing import TraceContext, parse_traceparent, trace_var
from tests.identification.register_data import household, member

CALLER = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
TRACEPARENT = re.compile(r"^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$")


def _trail(ident):
    admin = ident.headers("admin", "44", ["audit:read"])
    audit = ident.client.get("/api/v1/audit", headers=admin).json()["items"]
    reader = ident.headers("province_official", "44")
    events = ident.client.get("/api/v1/events", headers=reader).json()["items"]
    return audit, events


def test_the_callers_trace_reaches_the_audit_entry_and_the_event(ident):
    r = ident.client.post("/api/v1/households", json=household(), headers=ident.headers(traceparent=CALLER))
    assert r.status_code == 201, r.text
    audit, events = _trail(ident)
    created = next(e for e in events if e["type"] == "household.created")
    entry = next(a for a in audit if a["action"] == "household.create")
    for traceparent in (created["traceparent"], entry["traceparent"]):
        trace = parse_traceparent(traceparent)
        assert trace is not None
        assert trace.trace_id == "4bf92f3577b34da6a3ce929d0e0e4736"  # the caller's trace
        assert trace.span_id != "00f067aa0ba902b7"  # this service's own span, under the caller's
        assert trace.flags == "01"
    assert entry["request_id"] == r.headers["x-request-id"]


def test_a_request_without_a_valid_traceparent_begins_a_trace(ident):
    invalid = ["", "00-00000000000000000000000000000000-00f067aa0ba902b7-01",  # zero trace id
               "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",  # forbidden version
               "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",  # upper case
               "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra"]  # v00 has no more fields
    for number, header in enumerate(invalid):
        headers = ident.headers(traceparent=header) if header else ident.headers()
        body = household(members=[member(serial=20 + number)])
        assert ident.client.post("/api/v1/households", json=body, headers=headers).status_code == 201
    _, events = _trail(ident)
    traces = [parse_traceparent(e["traceparent"]) for e in events if e["type"] == "household.created"]
    assert len(traces) == len(invalid) and all(traces)
    assert len({t.trace_id for t in traces}) == len(invalid)  # each a trace of its own
    assert "4bf92f3577b34da6a3ce929d0e0e4736" not in {t.trace_id for t in traces}


def test_a_future_version_is_read_for_its_trace_id():
    trace = parse_traceparent("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-more")
    assert trace is not None and trace.trace_id == "4bf92f3577b34da6a3ce929d0e0e4736"
    assert trace.traceparent.startswith("00-")  # passed on in the version this service speaks


class _Tokens:
    def __init__(self, token: str) -> None:
        self._token = token

    def token(self) -> str:
        return self._token


def test_outgoing_calls_through_the_service_client_carry_the_trace(ident):
    serving = TraceContext("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", "01")
    client = ServiceClient("http://identification", _Tokens(ident.token()), http=ident.client, retries=0)
    token = trace_var.set(serving)
    try:
        client.request("POST", "/api/v1/households", json=household())
    finally:
        trace_var.reset(token)
    audit, events = _trail(ident)
    for traceparent in (audit[-1]["traceparent"], events[-1]["traceparent"]):
        trace = parse_traceparent(traceparent)
        assert trace.trace_id == serving.trace_id
        assert trace.span_id != serving.span_id


def test_a_change_made_outside_a_request_has_no_traceparent_and_the_envelope_omits_it(ident):
    from shared.events.identification import RuralPopulationSet  # any contract will do

    assert trace_var.get() is None
    with ident.db.transaction() as session:
        event = RuralPopulationSet.model_construct(region_code="441882", year=2020, population=1)
        session.journal.emit(event)
    _, events = _trail(ident)
    assert "traceparent" not in events[-1]


def test_log_lines_are_json_with_request_id_and_trace(ident):
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setFormatter(JsonFormatter())
    logging.getLogger("suite.access").addHandler(handler)
    try:
        r = ident.client.get("/api/v1/households?region=441882", headers=ident.headers(traceparent=CALLER))
    finally:
        logging.getLogger("suite.access").removeHandler(handler)
    line = json.loads(out.getvalue().splitlines()[-1])
    assert line["logger"] == "suite.access" and line["level"] == "info"
    assert line["route"] == "/api/v1/households" and line["status"] == 200 and line["method"] == "GET"
    assert line["request_id"] == r.headers["x-request-id"]
    assert line["trace_id"] == "4bf92f3577b34da6a3ce929d0e0e4736"
    assert "441882" not in json.dumps(line)  # the route template, never the query


def test_a_request_id_that_is_not_an_id_is_replaced(ident):
    r = ident.client.get("/healthz", headers={"X-Request-ID": "name=Huang id=441882197805123415"})
    assert re.fullmatch(r"[0-9a-f]{32}", r.headers["x-request-id"])
