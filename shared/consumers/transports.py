"""Two ways events reach a consumer: polling the HTTP change feed, or a JetStream pull consumer."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import httpx
import nats
from nats.aio.msg import Msg
from nats.errors import Error as NatsError
from nats.errors import TimeoutError as NatsTimeoutError
from nats.js import JetStreamContext
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy
from nats.js.errors import APIError

from shared.consumers.core import BatchResult, FeedEvent, Head, TransientError
from shared.relay import StreamSpec, ensure_stream
from shared.relay import describe as describe_nats

log = logging.getLogger("suite.consumer")
FEED_PATH = "/api/v1/events"


@dataclass
class Batch:
    """Events fetched in feed order, the source's head, and what the transport must settle."""

    events: list[FeedEvent]
    head: Head | None = None
    messages: dict[str, Msg] = field(default_factory=dict)


class HttpFeed:
    """Polls another service's `GET /api/v1/events?cursor=` with a service token."""

    name = "http"

    def __init__(self, client: httpx.Client, token: Callable[[], str], *, limit: int = 500,
                 owns_client: bool = False) -> None:
        self.client = client
        self.token = token
        self.limit = limit
        self.owns_client = owns_client

    async def start(self) -> None:
        """Nothing to open: each poll is one request."""

    async def close(self) -> None:
        """Close the HTTP connections if this feed opened them."""
        if self.owns_client:
            self.client.close()

    async def fetch(self, after: int) -> Batch:
        """Read the next page after a position (in a thread: the client is synchronous)."""
        return await asyncio.to_thread(self.fetch_sync, after)

    def fetch_sync(self, after: int) -> Batch:
        """Read the next page; a peer that is down, slow or failing raises TransientError."""
        try:
            response = self.client.get(FEED_PATH, params={"cursor": str(after), "limit": str(self.limit)},
                                       headers={"Authorization": f"Bearer {self.token()}"})
        except httpx.HTTPError as exc:
            raise TransientError(f"feed unreachable: {type(exc).__name__}") from exc
        if response.status_code != 200:
            # 401/403 too: a token to fix is retried until an operator fixes it, never skipped.
            raise TransientError(f"feed answered {response.status_code}")
        try:
            items = response.json()["items"]
            events = [FeedEvent.from_cloudevent(item) for item in items]
        except (ValueError, KeyError, TypeError) as exc:
            raise TransientError("feed answered something that is not a page of events") from exc
        return Batch(events, _head(response, after, events, self.limit))

    async def settle(self, batch: Batch, result: BatchResult, retry_in: float) -> None:
        """Nothing to acknowledge: the stored position is the cursor."""


def _head(response: httpx.Response, after: int, events: list[FeedEvent], limit: int) -> Head:
    last = events[-1].position if events else after
    if len(events) < limit:
        # A short page is the end of what this caller may see: it is caught up.
        return Head(last, events[-1].time if events else None)
    try:
        position = int(response.headers["X-Feed-Head-Position"])
        time = response.headers.get("X-Feed-Head-Time")
        return Head(max(position, last), datetime.fromisoformat(time) if time else None)
    except (KeyError, ValueError):
        return Head(last, events[-1].time)


class JetStreamFeed:
    """A durable pull consumer on the stream the outbox relay fills, filtered to one source."""

    name = "nats"

    def __init__(self, url: str, spec: StreamSpec, source: str, durable: str, *,
                 batch_size: int = 500, wait: float = 1.0) -> None:
        self.url = url
        self.spec = spec
        self.source = source
        self.durable = durable
        self.batch_size = batch_size
        self.wait = wait
        self._client: Any = None
        self._sub: JetStreamContext.PullSubscription | None = None

    async def start(self) -> None:
        """Connect, make sure the stream and the durable consumer exist; TransientError if not."""
        try:
            # One quick attempt: nats-py would otherwise try 60 times, 2 s apart, before failing;
            # the consumer loop retries with its own backoff and records the error.
            self._client = await nats.connect(self.url, name=f"suite-consumer-{self.durable}",
                                              allow_reconnect=False, max_reconnect_attempts=1,
                                              reconnect_time_wait=0.2, connect_timeout=2.0,
                                              error_cb=_quiet)
            js = self._client.jetstream()
            await ensure_stream(js, self.spec)
            config = ConsumerConfig(durable_name=self.durable, ack_policy=AckPolicy.EXPLICIT,
                                    deliver_policy=DeliverPolicy.ALL, ack_wait=60, max_deliver=-1)
            self._sub = await js.pull_subscribe(f"{self.spec.subject_prefix}.{self.source}.>",
                                                durable=self.durable, stream=self.spec.name,
                                                config=config)
        except (NatsError, OSError, APIError) as exc:
            await self.close()
            raise TransientError(f"nats: {describe_nats(exc)}") from exc

    async def close(self) -> None:
        """Disconnect; unacknowledged messages are redelivered to the durable consumer."""
        client, self._client, self._sub = self._client, None, None
        if client is not None:
            try:
                await client.close()
            except (NatsError, OSError) as exc:
                log.warning("nats close: %s", describe_nats(exc))

    async def fetch(self, after: int) -> Batch:
        """Pull the next messages; an empty batch when none arrive within the wait."""
        if self._sub is None:
            await self.start()
        assert self._sub is not None
        try:
            messages = await self._sub.fetch(self.batch_size, timeout=self.wait)
        except NatsTimeoutError:
            return Batch([])
        except (NatsError, OSError) as exc:
            await self.close()
            raise TransientError(f"nats: {describe_nats(exc)}") from exc
        events: list[FeedEvent] = []
        batch = Batch(events)
        for msg in messages:
            try:
                event = FeedEvent.from_cloudevent(json.loads(msg.data))
            except ValueError:
                log.error("%s: a message on %s is no change-feed event; terminated", self.durable,
                          msg.subject)
                await msg.term()
                continue
            events.append(event)
            batch.messages[event.id] = msg
        if events:
            pending = messages[-1].metadata.num_pending or 0
            batch.head = Head(events[-1].position + pending, None if pending else events[-1].time)
        return batch

    async def settle(self, batch: Batch, result: BatchResult, retry_in: float) -> None:
        """Acknowledge what is done for good; ask again later for the rest, in order."""
        try:
            for event in batch.events:
                msg = batch.messages[event.id]
                if event.id in result.settled:
                    await msg.ack()
                else:
                    await msg.nak(delay=retry_in or None)
        except (NatsError, OSError) as exc:
            # Unacknowledged messages come back; the processed ids make them harmless.
            log.warning("%s: settling failed: %s", self.durable, describe_nats(exc))
            await self.close()


async def _quiet(exc: Exception) -> None:
    log.warning("nats: %s", describe_nats(exc))
