"""Request ids, access logs without personal data, and Prometheus metrics."""

from __future__ import annotations

import logging
import time
import uuid

from prometheus_client import CollectorRegistry, Counter, Histogram
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared.context import request_id_var
from shared.errors import AppError, log_failure, problem_response

access_log = logging.getLogger("suite.access")
errors_log = logging.getLogger("suite.errors")


class Metrics:
    """A service's own Prometheus registry."""

    def __init__(self, service: str) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter("http_requests_total", "HTTP requests",
                                ["service", "method", "route", "status"], registry=self.registry)
        self.latency = Histogram("http_request_duration_seconds", "HTTP request latency",
                                 ["service", "method", "route"], registry=self.registry)
        self.service = service


class RequestContextMiddleware:
    """Give each request an id, log it (path only, never query or body), count it, answer crashes."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        given = headers.get(b"x-request-id", b"").decode("latin-1")[:64]
        request_id = given if given.isprintable() and given else uuid.uuid4().hex
        token = request_id_var.set(request_id)
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
            access_log.info("%s %s %s %d %.1fms", request_id, scope["method"], route, status, elapsed * 1000)
            request_id_var.reset(token)
