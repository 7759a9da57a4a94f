"""Mount consumers on a service: the consumers API, their handlers and their metrics."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence

import httpx
from fastapi import FastAPI

from shared.consumers.core import Consumer, Handler
from shared.consumers.metrics import ConsumerCollector
from shared.consumers.router import ConsumerMount, router
from shared.consumers.runner import Transport, run_consumer
from shared.consumers.settings import ConsumerSettings
from shared.consumers.tables import ConsumerTables
from shared.consumers.transports import HttpFeed, JetStreamFeed
from shared.db import Database
from shared.relay import StreamSpec

log = logging.getLogger("suite.consumer")


def mount_consumers(app: FastAPI, tables: ConsumerTables, handlers: Sequence[Handler]) -> None:
    """Serve /api/v1/consumers, keep the handlers for replays and export the consumers' metrics."""
    app.state.consumers = ConsumerMount(tables, {h.name: h for h in handlers})
    app.include_router(router)
    app.state.metrics.register(ConsumerCollector(app.state.service_name, app.state.db, tables))


def build_transport(settings: ConsumerSettings, token: Callable[[], str], handler: Handler, service: str,
                    source_url: str) -> Transport:
    """Build the configured transport for one handler's source."""
    if settings.consumer_transport == "nats":
        spec = StreamSpec(name=settings.nats_stream, subject_prefix=settings.nats_subject_prefix)
        return JetStreamFeed(settings.nats_url, spec, handler.source, f"{service}-{handler.name}")
    return HttpFeed(httpx.Client(base_url=source_url, timeout=10.0), token, owns_client=True)


async def run_consumers(db: Database, tables: ConsumerTables, consumers: Sequence[tuple[Handler, Transport]],
                        settings: ConsumerSettings, stop: asyncio.Event) -> None:
    """Run every consumer of a service until stopped."""
    config = settings.consumer_config()
    await asyncio.gather(*(run_consumer(Consumer(db, tables, handler, config), transport, stop)
                           for handler, transport in consumers))
