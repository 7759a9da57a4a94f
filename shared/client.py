"""The one typed HTTP client services use to read each other: timeouts, retries, auth, errors."""

from __future__ import annotations

import asyncio
import time
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel

from shared.errors import AppError

T = TypeVar("T", bound=BaseModel)
RETRYABLE_STATUS = {502, 503, 504}


class ServiceClient:
    """Calls another service's API; non-2xx answers become AppError, transient failures retry.

    Synchronous on purpose: services' handlers are sync (FastAPI runs them in its threadpool)
    and workers are threads, so its retries wait with `time.sleep`. That would stall every
    request on an event loop, so calling it from async code raises instead.
    """

    def __init__(self, base_url: str, token: str, *, timeout: float = 5.0, retries: int = 3,
                 backoff: float = 0.2, http: httpx.Client | None = None) -> None:
        self.http = http or httpx.Client(base_url=base_url, timeout=timeout)
        self.headers = {"Authorization": f"Bearer {token}"}
        self.retries = retries
        self.backoff = backoff

    def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        """Send a request, retrying connection errors and 502/503/504 with backoff."""
        _refuse_on_event_loop()
        headers = {**self.headers, **kwargs.pop("headers", {})}
        attempt = 0
        while True:
            try:
                response = self.http.request(method, path, headers=headers, **kwargs)
            except httpx.TransportError as exc:
                if attempt >= self.retries:
                    raise AppError(503, "upstream_unreachable", f"{path} could not be reached",
                                   f"无法访问 {path}") from exc
            else:
                if response.status_code not in RETRYABLE_STATUS or attempt >= self.retries:
                    return _checked(response, path)
            time.sleep(self.backoff * 2**attempt)
            attempt += 1

    def get_model(self, path: str, model: type[T], **kwargs: Any) -> T:
        """GET a resource and parse it into a pydantic model."""
        return model.model_validate(self.request("GET", path, **kwargs).json())

    def close(self) -> None:
        """Close the underlying connections."""
        self.http.close()


def _refuse_on_event_loop() -> None:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return  # no loop in this thread: blocking is fine
    raise RuntimeError("ServiceClient blocks while it retries; call it from sync code or a thread")


def _checked(response: httpx.Response, path: str) -> httpx.Response:
    if response.is_success:
        return response
    try:
        problem = response.json()
    except ValueError:
        problem = {}
    detail = str(problem.get("detail") or response.reason_phrase)
    status = response.status_code if response.status_code < 500 else 502
    raise AppError(status, str(problem.get("code") or "upstream_error"), f"{path}: {detail}",
                   f"{path}：{detail}")
