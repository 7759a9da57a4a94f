"""The JetStream transport against the real NATS server, sharing one checkpoint with HTTP."""

from __future__ import annotations

import asyncio

from services.funds.models import consumers
from shared.consumers.core import Consumer
from shared.consumers.runner import run_consumer
from shared.consumers.transports import HttpFeed, JetStreamFeed
from shared.relay import StreamSpec, relay_once
from tests.consumers.support import FAST, CountingHandler, effects, feed_ids, service_token
from tests.identification.register_data import create, household, member


def _households(ident, *serials: int) -> None:
    for serial in serials:
        create(ident, household([member(serial)]))


def _nats(consumer: Consumer, url: str, spec, durable: str) -> None:
    feed = JetStreamFeed(url, spec, "identification", durable, batch_size=3, wait=1.0)
    asyncio.run(run_consumer(consumer, feed, asyncio.Event(), until_caught_up=True))


def test_the_same_events_by_http_and_by_nats_are_applied_once(ident, funds, nats_url, spec):
    _households(ident, 11, 13)
    assert asyncio.run(relay_once(ident.db, nats_url, spec)).error is None
    consumer = Consumer(funds.db, consumers, CountingHandler(), FAST)
    consumer.ensure_checkpoint("http")
    http = HttpFeed(ident.client, service_token(ident), limit=2)
    batch = asyncio.run(http.fetch(0))
    consumer.process(batch.events, "http", batch.head)  # HTTP applies the first two events
    _nats(consumer, nats_url, spec, f"funds-test-{spec.subject_prefix}")  # NATS brings all four
    ids = feed_ids(ident)
    assert effects(funds.db) == dict.fromkeys(ids, 1)
    checkpoint = consumer.checkpoint()
    assert (checkpoint["applied"], checkpoint["position"], checkpoint["transport"]) == (4, 4, "nats")

    _households(ident, 15)  # two more events, relayed, then read by HTTP first
    assert asyncio.run(relay_once(ident.db, nats_url, spec)).error is None
    asyncio.run(run_consumer(consumer, HttpFeed(ident.client, service_token(ident)), asyncio.Event(),
                             until_caught_up=True))
    _nats(consumer, nats_url, spec, f"funds-test-{spec.subject_prefix}")
    assert effects(funds.db) == dict.fromkeys(feed_ids(ident), 1)
    assert consumer.checkpoint()["applied"] == 6


def test_a_durable_consumer_resumes_where_it_acknowledged(ident, funds, nats_url, spec):
    _households(ident, 11)
    assert asyncio.run(relay_once(ident.db, nats_url, spec)).error is None
    durable = f"funds-resume-{spec.subject_prefix}"
    consumer = Consumer(funds.db, consumers, CountingHandler(), FAST)
    _nats(consumer, nats_url, spec, durable)
    _households(ident, 13)
    assert asyncio.run(relay_once(ident.db, nats_url, spec)).error is None
    _nats(consumer, nats_url, spec, durable)
    assert effects(funds.db) == dict.fromkeys(feed_ids(ident), 1)
    assert consumer.checkpoint()["applied"] == 4


def test_a_broker_that_is_away_is_a_transient_failure(funds):
    consumer = Consumer(funds.db, consumers, CountingHandler(), FAST)
    consumer.ensure_checkpoint("nats")
    feed = JetStreamFeed("nats://127.0.0.1:1", StreamSpec(), "identification", "funds-nowhere")
    stop = asyncio.Event()

    async def _until_it_fails() -> None:
        task = asyncio.create_task(run_consumer(consumer, feed, stop))
        while not consumer.checkpoint()["last_error"]:
            await asyncio.sleep(0.05)
        stop.set()
        await task

    asyncio.run(_until_it_fails())
    checkpoint = consumer.checkpoint()
    assert checkpoint["last_error"].startswith("TransientError: nats")
    assert (checkpoint["applied"], checkpoint["position"]) == (0, 0)
