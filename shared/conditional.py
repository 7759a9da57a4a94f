"""Conditional reads: each versioned answer's ETag validates its exact bytes, and a 304 spares the body.

A route sets `ETag: "<version>"` (shared.concurrency.etag_for). The version alone is not a validator of
what the caller sees: a member's age, a village's name or the caller's right to unmasked data change
the body and not the version. So the ETag sent is `"<version>.<digest of the body>"`: If-Match still
checks the version part (a lost update is about the resource's own state), and If-None-Match answers
304 only when the caller holds exactly these bytes.
"""

from __future__ import annotations

import hashlib
import re

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

_VERSION_TAG = re.compile(rb'^"(\d+)"$')
_TAG = re.compile(r'^(?:W/)?"([^"]*)"$')
# A 304 repeats what a 200 would say about caching and the validator (RFC 9110 §15.4.5), nothing else.
_KEPT_ON_304 = {"etag", "cache-control", "vary", "content-location", "date", "expires", "x-request-id"}
# The answer may be kept, but only by the caller's own client and only after asking again.
CACHE_CONTROL = b"private, no-cache"


def representation_etag(version: int, body: bytes) -> str:
    """The ETag of one rendering of a resource version: `"<version>.<16 hex digits of its digest>"`."""
    return f'"{version}.{hashlib.blake2b(body, digest_size=8).hexdigest()}"'


def if_none_match_holds(header: str, etag: str) -> bool:
    """True when If-None-Match names this ETag (weak comparison, as RFC 9110 §13.1.2 requires) or `*`."""
    wanted = _TAG.match(etag)
    for candidate in header.split(","):
        candidate = candidate.strip()
        if candidate == "*":
            return True
        found = _TAG.match(candidate)
        if found and wanted and found.group(1) == wanted.group(1):
            return True
    return False


class ConditionalMiddleware:
    """Turn a route's version ETag into a representation ETag; answer a matching If-None-Match with 304."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        held: Message | None = None
        chunks: list[bytes] = []

        async def _send(message: Message) -> None:
            nonlocal held
            if message["type"] == "http.response.start" and _versioned(message):
                held = message
                return
            if held is None or message["type"] != "http.response.body":
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                await _answer(scope, held, b"".join(chunks), send)

        await self.app(scope, receive, _send)


def _versioned(start: Message) -> bool:
    """A successful answer whose ETag is a bare version, as routes set it."""
    if not 200 <= start["status"] < 300:
        return False
    etag = Headers(raw=start.get("headers", [])).get("etag")
    return etag is not None and _VERSION_TAG.match(etag.encode("latin-1")) is not None


async def _answer(scope: Scope, start: Message, body: bytes, send: Send) -> None:
    """Send the held answer with its representation ETag, or a 304 when the caller already has it."""
    headers = MutableHeaders(raw=list(start.get("headers", [])))
    version = int(headers["etag"].strip('"'))
    etag = representation_etag(version, body)
    headers["etag"] = etag
    headers["cache-control"] = CACHE_CONTROL.decode()
    asked = Headers(scope=scope).get("if-none-match")
    if scope["method"] in ("GET", "HEAD") and start["status"] == 200 and asked is not None \
            and if_none_match_holds(asked, etag):
        kept = [(k, v) for k, v in headers.raw if k.decode("latin-1").lower() in _KEPT_ON_304]
        await send({"type": "http.response.start", "status": 304, "headers": kept})
        await send({"type": "http.response.body", "body": b""})
        return
    await send({**start, "headers": headers.raw})
    await send({"type": "http.response.body", "body": body})
