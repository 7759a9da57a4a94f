"""Signed audit checkpoints in NATS JetStream: a copy of the chain's heads on another machine.

The stream refuses deleting and purging messages, so whoever holds the database and the
checkpoint file still cannot take a published head back. Verification reads the service's
subject from where it last ended (the stream sequence is kept with the verified point).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import nats
from nats.errors import Error as NatsError
from nats.js import JetStreamContext
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy, StreamConfig
from nats.js.errors import NotFoundError


class StreamUnreachable(Exception):
    """The checkpoint stream could not be read or written."""


@dataclass(frozen=True)
class StreamHeads:
    """Checkpoint records read from the stream after a sequence, and the last sequence read."""

    records: list[dict[str, Any]]
    last_seq: int


@dataclass(frozen=True)
class CheckpointStream:
    """Where a service's checkpoints go in JetStream: server, stream and subject."""

    url: str
    service: str
    name: str = "SUITE_AUDIT"
    subject_prefix: str = "audit"
    timeout: float = 5.0

    @property
    def subject(self) -> str:
        """Name this service's checkpoint subject."""
        return f"{self.subject_prefix}.{self.service}.checkpoint"

    def publish(self, record: dict[str, Any]) -> None:
        """Publish one signed checkpoint (from a thread with no event loop running)."""
        _run(self.publish_async(record))

    async def publish_async(self, record: dict[str, Any]) -> None:
        """Publish one signed checkpoint; the same head published twice is kept once."""
        async with self._jetstream() as js:
            await self._ensure(js)
            await js.publish(self.subject, json.dumps(record, sort_keys=True).encode(), timeout=self.timeout,
                             headers={"Nats-Msg-Id": f"{self.service}:{record['seq']}:{record['hash']}"})

    def read(self, after: int) -> StreamHeads:
        """Read this service's checkpoints published after a stream sequence."""
        return _run(self._read(after))

    async def _read(self, after: int) -> StreamHeads:
        async with self._jetstream() as js:
            await self._ensure(js)
            config = ConsumerConfig(deliver_policy=DeliverPolicy.BY_START_SEQUENCE, opt_start_seq=after + 1,
                                    ack_policy=AckPolicy.NONE, filter_subject=self.subject)
            sub = await js.pull_subscribe(self.subject, stream=self.name, config=config)
            try:
                pending = (await sub.consumer_info()).num_pending
                records, last = [], after
                while len(records) < pending:
                    for msg in await sub.fetch(min(pending - len(records), 1000), timeout=self.timeout):
                        records.append(_record(msg.data))
                        last = max(last, msg.metadata.sequence.stream)
                return StreamHeads(records, last)
            finally:
                await sub.unsubscribe()

    async def _ensure(self, js: JetStreamContext) -> None:
        try:
            await js.stream_info(self.name)
        except NotFoundError:
            await js.add_stream(StreamConfig(name=self.name, subjects=[f"{self.subject_prefix}.>"],
                                             duplicate_window=600.0, deny_delete=True, deny_purge=True))

    @asynccontextmanager
    async def _jetstream(self) -> AsyncIterator[JetStreamContext]:
        client = await nats.connect(self.url, name=f"suite-audit-{self.service}", allow_reconnect=False,
                                    max_reconnect_attempts=1, connect_timeout=self.timeout,
                                    error_cb=_quiet)
        try:
            yield client.jetstream()
        finally:
            await client.close()


async def _quiet(exc: Exception) -> None:
    """Leave connection errors to the caller, which reports them once."""


def _record(data: bytes) -> dict[str, Any]:
    try:
        record = json.loads(data)
    except ValueError:
        return {}
    return record if isinstance(record, dict) else {}


def _run(work: Any) -> Any:
    """Run a coroutine to its end, naming any failure to reach the stream as StreamUnreachable."""
    try:
        return asyncio.run(work)
    except (NatsError, OSError, TimeoutError) as exc:
        raise StreamUnreachable(type(exc).__name__) from exc
