"""The identity provider's signing keys (JWKS), fetched over HTTP, cached and refreshed on rotation."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import httpx
import jwt

# The asymmetric algorithms the province's identity provider signs with; HS256 is never taken from a JWKS.
JWKS_ALGORITHMS = ("RS256", "ES256")


class KeysStale(Exception):
    """The key set must be fetched (over HTTP) before this token can be checked."""


class JwksKeys:
    """Public keys by key id; an unknown id refetches the set, at most once per `min_refresh` seconds."""

    def __init__(self, url: str, *, cache_seconds: float = 300, min_refresh: float = 30,
                 timeout: float = 5.0, http: httpx.Client | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.url = url
        self.clock = clock  # tests step a clock of their own instead of sleeping
        self.cache_seconds = cache_seconds
        self.min_refresh = min_refresh
        self.http = http or httpx.Client(timeout=timeout)
        self._keys: dict[str, jwt.PyJWK] = {}
        self._fetched_at = float("-inf")
        self._lock = threading.Lock()

    def key_for(self, kid: str, algorithm: str, *, fetch: bool = True) -> jwt.PyJWK | None:
        """Return the key with this id for this algorithm, refetching the set when it is stale or lacks it.

        Without `fetch` (in an event loop, which must not block) a needed fetch, or another caller's
        fetch under way, raises KeysStale instead.
        """
        if not self._lock.acquire(blocking=fetch):
            raise KeysStale(self.url)
        try:
            now = self.clock()
            age = now - self._fetched_at
            if age >= self.cache_seconds or (kid not in self._keys and age >= self.min_refresh):
                if not fetch:
                    raise KeysStale(self.url)
                self._refresh(now)
            key = self._keys.get(kid)
        finally:
            self._lock.release()
        return key if key is not None and key.algorithm_name == algorithm else None

    def _refresh(self, now: float) -> None:
        # A failed fetch keeps the last good keys and waits min_refresh before trying again, so an
        # unreachable provider or a flood of unknown key ids never turns into a flood of fetches.
        self._fetched_at = now - self.cache_seconds + self.min_refresh if self._keys else now
        try:
            response = self.http.get(self.url)
            response.raise_for_status()
            found = jwt.PyJWKSet.from_dict(response.json()).keys
        except (httpx.HTTPError, ValueError, AttributeError, jwt.PyJWTError):
            return
        self._keys = {k.key_id: k for k in found if k.key_id and k.algorithm_name in JWKS_ALGORITHMS
                      and k.public_key_use in (None, "sig")}
        self._fetched_at = now

    def close(self) -> None:
        """Close the HTTP connections."""
        self.http.close()
