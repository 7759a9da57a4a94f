"""Public routes: the only operations read or written without a token, each limited per client address.

`public("notices", "120/minute")` as a route's dependency both enforces the limit and marks the
route public, so the OpenAPI document states it from what is enforced (no security requirement,
`x-public`, `x-rate-limit`, and a 429 with Retry-After). Counters live in a `limits` storage
(`public_rate_limit_storage`): the default memory:// counts in each worker process on its own, so
with N workers an address may make up to N times the stated requests; a shared storage (redis://)
makes the limit hold across workers.
"""

from __future__ import annotations

import math
import time
from typing import Any

from fastapi import Depends, Request
from limits import parse, storage, strategies

from shared.errors import Problem


class RateLimited(Problem):
    """Too many requests from this address to the public endpoints; retry after Retry-After seconds."""

    STATUS, CODE = 429, "rate_limited"


def limiter(request: Request) -> strategies.MovingWindowRateLimiter:
    """Return the app's limiter, made on first use from its settings."""
    state = request.app.state
    found = getattr(state, "public_limiter", None)
    if found is None:
        backend = storage.storage_from_string(state.settings.public_rate_limit_storage)
        found = state.public_limiter = strategies.MovingWindowRateLimiter(backend)
    return found


def client_address(request: Request) -> str:
    """The address a limit counts by: the peer's, as the server saw it (proxies: see README)."""
    return request.client.host if request.client else "unknown"


def public(bucket: str, limit: str) -> Any:
    """Build the dependency that marks a route public and limits each address to `limit` in `bucket`."""
    item = parse(limit)

    def _check(request: Request) -> None:
        rate = limiter(request)
        address = client_address(request)
        if rate.hit(item, bucket, address):
            return
        reset = rate.get_window_stats(item, bucket, address).reset_time
        wait = max(1, math.ceil(reset - time.time()))
        error = RateLimited(f"At most {limit} from one address; retry in {wait} s",
                            f"同一地址请求过于频繁（上限 {limit}），请 {wait} 秒后重试",
                            extra={"limit": limit})
        error.headers["Retry-After"] = str(wait)
        raise error

    _check.public = limit  # type: ignore[attr-defined]  # the OpenAPI document states it
    return Depends(_check)
