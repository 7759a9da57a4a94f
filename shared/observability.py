"""Request ids, W3C trace context, JSON access logs without personal data, and request metrics."""

from __future__ import annotations

import logging
import re
import time

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared.context import request_id_var
from shared.errors import AppError, log_failure, problem_response
from shared.ids import random_hex
from shared.logs import FIELDS
from shared.metrics import Metrics
from shared.tracing import server_span, trace_var

access_log = logging.getLogger("suite.access")
errors_log = logging.getLogger("suite.errors")
# A caller's request id is kept only when it looks like an id, never free text that could carry input.
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")


def _request_id(given: bytes) -> str:
    text = given.decode("latin-1")
    return text if _REQUEST_ID.match(text) else random_hex(16)


class RequestContextMiddleware:
    """Give each request an id and a trace span; log it (route, never query or body), count it."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        request_id = _request_id(headers.get(b"x-request-id", b""))
        trace = server_span(headers.get(b"traceparent", b"").decode("latin-1"))
        tokens = request_id_var.set(request_id), trace_var.set(trace)
        status = 500
        started = time.perf_counter()

        started_response = False

        async def _send(message: Message) -> None:
            nonlocal status, started_response
            if message["type"] == "http.response.start":
                status, started_response = message["status"], True
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-request-id", request_id.encode())]
            await send(message)

        try:
            await self.app(scope, receive, _send)
        except Exception as exc:  # answered here, so no server logs a traceback quoting the input
            route = getattr(scope.get("route"), "path", "unmatched")
            log_failure(errors_log, "unexpected error on %s %s", scope["method"], route, exc=exc)
            if status == 500 and not started_response:
                error = AppError(500, "internal_error", "An unexpected error occurred", "发生意外错误")
                await problem_response(Request(scope), error)(scope, receive, _send)
        finally:
            elapsed = time.perf_counter() - started
            route = getattr(scope.get("route"), "path", "unmatched")
            self.metrics.requests.labels(self.metrics.service, scope["method"], route, str(status)).inc()
            self.metrics.latency.labels(self.metrics.service, scope["method"], route).observe(elapsed)
            access_log.info("%s %s %d", scope["method"], route, status, extra={FIELDS: {
                "method": scope["method"], "route": route, "status": status,
                "duration_ms": round(elapsed * 1000, 1)}})
            trace_var.reset(tokens[1])
            request_id_var.reset(tokens[0])
