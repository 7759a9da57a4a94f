"""W3C Trace Context: the `traceparent` of the request being served, accepted or begun here."""

from __future__ import annotations

import re
from contextvars import ContextVar
from dataclasses import dataclass

from shared.ids import random_hex

# version 00: "00-<32 hex trace id>-<16 hex parent id>-<2 hex flags>", lower case only.
_TRACEPARENT = re.compile(r"^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$")
_ZERO_TRACE, _ZERO_SPAN = "0" * 32, "0" * 16


@dataclass(frozen=True)
class TraceContext:
    """One span of a trace: the trace it belongs to, its own id and the caller's flags."""

    trace_id: str
    span_id: str
    flags: str = "00"

    @property
    def traceparent(self) -> str:
        """Render the `traceparent` header naming this span as the parent."""
        return f"00-{self.trace_id}-{self.span_id}-{self.flags}"

    def child(self) -> TraceContext:
        """Begin a span under this one (an outgoing call)."""
        return TraceContext(self.trace_id, _new_span_id(), self.flags)


def _new_span_id() -> str:
    span = random_hex(8)
    return span if span != _ZERO_SPAN else _new_span_id()


def parse_traceparent(header: str | None) -> TraceContext | None:
    """Read a caller's `traceparent`; None when absent or not valid by the W3C rules."""
    match = _TRACEPARENT.match(header or "")
    if match is None:
        return None
    version, trace_id, parent_id, flags, rest = match.groups()
    # Version ff is forbidden; version 00 has nothing after the flags; zero ids are invalid.
    if version == "ff" or (version == "00" and rest) or trace_id == _ZERO_TRACE or parent_id == _ZERO_SPAN:
        return None
    return TraceContext(trace_id, parent_id, flags)


def server_span(header: str | None) -> TraceContext:
    """Begin the span serving a request: under the caller's trace when it sent one, else a new trace."""
    caller = parse_traceparent(header)
    if caller is None:
        return TraceContext(random_hex(16), _new_span_id())
    return caller.child()


trace_var: ContextVar[TraceContext | None] = ContextVar("trace", default=None)


def current_traceparent() -> str | None:
    """Return the `traceparent` of the span being served, if any."""
    trace = trace_var.get()
    return trace.traceparent if trace else None


def outgoing_traceparent() -> str | None:
    """Return the `traceparent` an outgoing call carries: a child of the span being served."""
    trace = trace_var.get()
    return trace.child().traceparent if trace else None
