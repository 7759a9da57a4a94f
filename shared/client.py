"""The one typed HTTP client services use to read each other: timeouts, retries, auth, errors."""

from __future__ import annotations

import asyncio
import threading
import time
from datetime import timedelta
from typing import Any, Protocol, TypeVar

import httpx
from pydantic import BaseModel

from shared.auth import KNOWN_SCOPES, PII_READ, mint_token
from shared.errors import AppError
from shared.settings import ServiceSettings
from shared.tracing import outgoing_traceparent

T = TypeVar("T", bound=BaseModel)
RETRYABLE_STATUS = {502, 503, 504}


_RENEW_BEFORE = 30.0  # seconds before expiry at which a cached token is renewed


class TokenSource(Protocol):
    """Gives the bearer token of a service's own outgoing calls."""

    def token(self) -> str:
        """Return a token valid for at least the next few seconds."""
        ...


def _least_scopes(scopes: list[str]) -> list[str]:
    """Check that a service asks for named, known scopes, and never for personal data."""
    unknown = set(scopes) - (KNOWN_SCOPES - {PII_READ})
    if not scopes or unknown:
        raise ValueError(f"a service token needs known scopes other than {PII_READ}; got {sorted(scopes)}")
    return sorted(set(scopes))


class LocalServiceTokens:
    """Development: short-lived HS256 tokens of this service, for one audience and only the scopes given."""

    def __init__(self, settings: ServiceSettings, *, audience: str, scopes: list[str], region: str = "44",
                 ttl: timedelta = timedelta(minutes=5)) -> None:
        if settings.environment == "production":
            raise ValueError("production services take their tokens from the identity provider")
        self.settings, self.audience, self.region, self.ttl = settings, audience, region, ttl
        self.scopes = _least_scopes(scopes)
        self._token, self._expires = "", 0.0
        self._lock = threading.Lock()

    def token(self) -> str:
        """Return the cached token, minting a new one shortly before it expires."""
        with self._lock:
            if time.monotonic() >= self._expires - _RENEW_BEFORE:
                self._token = mint_token(self.settings, subject=f"service:{self.settings.service_name}",
                                         roles=["service"], region=self.region, scopes=self.scopes,
                                         ttl=self.ttl, audience=self.audience)
                self._expires = time.monotonic() + self.ttl.total_seconds()
            return self._token


class ClientCredentialsTokens:
    """Production: tokens by the provider's OAuth2 client-credentials grant, cached until near expiry."""

    def __init__(self, settings: ServiceSettings, *, audience: str, scopes: list[str],
                 http: httpx.Client | None = None) -> None:
        if not (settings.token_url and settings.client_id and settings.client_secret):
            raise ValueError("client credentials need token_url, client_id and client_secret")
        self.settings, self.audience = settings, audience
        self.scopes = _least_scopes(scopes)
        self.http = http or httpx.Client(timeout=5.0)
        self._token, self._expires = "", 0.0
        self._lock = threading.Lock()

    def token(self) -> str:
        """Return the cached token, asking the identity provider for a new one shortly before it expires."""
        with self._lock:
            if time.monotonic() >= self._expires - _RENEW_BEFORE:
                self._token, lifetime = self._fetch()
                self._expires = time.monotonic() + lifetime
            return self._token

    def _fetch(self) -> tuple[str, float]:
        try:
            response = self.http.post(
                self.settings.token_url,
                data={"grant_type": "client_credentials", "scope": " ".join(self.scopes),
                      "audience": self.audience},
                auth=(self.settings.client_id, self.settings.client_secret))
            response.raise_for_status()
            answer = response.json()
            token, lifetime = answer["access_token"], float(answer.get("expires_in", 300))
        except (httpx.HTTPError, ValueError, KeyError, TypeError) as exc:
            raise AppError(503, "token_unavailable", "The identity provider gave no service token",
                           "身份认证服务未能签发服务令牌") from exc
        if not isinstance(token, str) or not token:
            raise AppError(503, "token_unavailable", "The identity provider gave no service token",
                           "身份认证服务未能签发服务令牌")
        return token, lifetime


def service_tokens(settings: ServiceSettings, *, audience: str, scopes: list[str]) -> TokenSource:
    """Give this service's own tokens for one audience: the provider's when configured, else local ones."""
    if settings.token_url or settings.environment == "production":
        return ClientCredentialsTokens(settings, audience=audience, scopes=scopes)
    return LocalServiceTokens(settings, audience=audience, scopes=scopes)


class ServiceClient:
    """Calls another service with its own token; non-2xx answers become AppError, transient failures retry.

    Synchronous on purpose: services' handlers are sync (FastAPI runs them in its threadpool)
    and workers are threads, so its retries wait with `time.sleep`. That would stall every
    request on an event loop, so calling it from async code raises instead.
    """

    def __init__(self, base_url: str, tokens: TokenSource, *, timeout: float = 5.0, retries: int = 3,
                 backoff: float = 0.2, http: httpx.Client | None = None) -> None:
        self.http = http or httpx.Client(base_url=base_url, timeout=timeout)
        self.tokens = tokens
        self.retries = retries
        self.backoff = backoff

    def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        """Send a request, retrying connection errors and 502/503/504 with backoff.

        Within a request being served it carries that request's trace (a child span), so the
        callee's logs, audit entries and events join the caller's trace.
        """
        _refuse_on_event_loop()
        headers = {**kwargs.pop("headers", {}), "Authorization": f"Bearer {self.tokens.token()}"}
        traceparent = outgoing_traceparent()
        if traceparent:
            headers["traceparent"] = traceparent
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
