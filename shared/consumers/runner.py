"""The consumer loop: fetch, apply, settle; back off when idle or failing; stop on a signal."""

from __future__ import annotations

import asyncio
import logging
from contextlib import suppress
from typing import Protocol

from sqlalchemy.exc import SQLAlchemyError

from shared.consumers.core import Consumer, TransientError, describe
from shared.consumers.transports import Batch, BatchResult

log = logging.getLogger("suite.consumer")


class Transport(Protocol):
    """What the loop needs from HttpFeed and JetStreamFeed."""

    name: str

    async def start(self) -> None: ...

    async def close(self) -> None: ...

    async def fetch(self, after: int) -> Batch: ...

    async def settle(self, batch: Batch, result: BatchResult, retry_in: float) -> None: ...


async def _pause(stop: asyncio.Event, seconds: float) -> bool:
    """Wait for the interval or a stop signal; tell whether to stop."""
    with suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)
    return stop.is_set()


async def _bootstrapped(consumer: Consumer, transport: str, stop: asyncio.Event) -> bool:
    """Create the checkpoint and load the handler's snapshot once; tell whether to go on."""
    failures = 0
    while not stop.is_set():
        try:
            await asyncio.to_thread(consumer.ensure_checkpoint, transport)
            if (await asyncio.to_thread(consumer.checkpoint))["bootstrapped_at"] is None:
                await asyncio.to_thread(consumer.handler.bootstrap, consumer)
            return True
        except (TransientError, SQLAlchemyError) as exc:
            failures += 1
            delay = consumer.config.backoff(failures)
            log.warning("%s: bootstrap: %s; retrying in %.1fs", consumer.name, describe(exc), delay)
            if await _pause(stop, delay):
                return False
    return False


async def run_consumer(consumer: Consumer, transport: Transport, stop: asyncio.Event,
                       *, until_caught_up: bool = False) -> None:
    """Follow the feed until stopped (or, with until_caught_up, until a poll finds nothing new)."""
    config = consumer.config
    idle, failures = config.idle_min, 0
    try:
        if not await _bootstrapped(consumer, transport.name, stop):
            return
        while not stop.is_set():
            try:
                checkpoint = await asyncio.to_thread(consumer.checkpoint)
                if checkpoint["stopped"]:
                    log.error("%s: stopped (%s); replay its dead letter to go on",
                              consumer.name, checkpoint["stopped"])
                    return
                batch = await transport.fetch(checkpoint["position"])
                result = await asyncio.to_thread(consumer.process, batch.events, transport.name,
                                                 batch.head)
            except (TransientError, SQLAlchemyError) as exc:
                # The peer, the broker or our own database is away: nothing is lost, try again.
                failures += 1
                delay = config.backoff(failures)
                log.warning("%s: %s; retrying in %.1fs", consumer.name, describe(exc), delay)
                with suppress(SQLAlchemyError):
                    await asyncio.to_thread(consumer.note_error, transport.name, exc)
                if await _pause(stop, delay):
                    return
                continue
            failures = 0
            await transport.settle(batch, result, result.retry_in)
            if result.stopped:
                log.error("%s: stopped on a dead letter", consumer.name)
                return
            if result.failed:
                if await _pause(stop, result.retry_in):
                    return
            elif not batch.events:
                await asyncio.to_thread(consumer.prune_now_and_then)  # idle: tidy up
                if until_caught_up:
                    return
                if await _pause(stop, idle):
                    return
                idle = min(config.idle_max, idle * 2)
            else:
                idle = config.idle_min
    finally:
        await transport.close()
