"""Consumers under the faults a province meets: crashes, a peer down, redelivery, poison events."""

from __future__ import annotations

import asyncio
import socket
import subprocess
import sys
import threading
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import insert, select, update

from services.funds.models import consumers
from services.funds.settings import FundsSettings
from shared.consumers.core import Consumer, ConsumerConfig
from shared.consumers.router import ConsumerMount
from shared.consumers.runner import run_consumer
from shared.consumers.transports import HttpFeed
from shared.types import utcnow
from tests.consumers.support import (
    FAST,
    ROOT,
    CountingHandler,
    Server,
    catch_up,
    effects,
    feed_ids,
    service_token,
    wait_for,
)
from tests.identification.register_data import create, household, member

ADMIN = {"role": "admin", "region": "44"}


def _households(ident, *serials: int) -> None:
    for serial in serials:
        create(ident, household([member(serial)]))


def _db_url(harness) -> str:
    return harness.db.engine.url.render_as_string(hide_password=False)


@pytest.fixture
def ident_server(ident):
    """identification as a real process on the test database."""
    server = Server("identification", {"IDENTIFICATION_DATABASE_URL": _db_url(ident),
                                       "IDENTIFICATION_ENVIRONMENT": "test"}).start()
    yield server
    server.stop()


def test_a_consumer_killed_between_handler_and_checkpoint_applies_the_event_once(ident, funds, ident_server):
    _households(ident, 11, 13, 15)  # 6 events: household.created + member.added each
    token = service_token(ident)()
    crashed = subprocess.run([sys.executable, "-m", "tests.consumers.crashing_consumer", _db_url(funds),
                              ident_server.url, token, "4"], cwd=ROOT, timeout=120)
    assert crashed.returncode == 17
    # Events 1-2 and 3-4 came in pages of two; the second page died after its handler ran.
    assert set(effects(funds.db)) == set(feed_ids(ident)[:2])
    consumer = catch_up(funds.db, consumers, CountingHandler(), ident.client, lambda: token)
    assert effects(funds.db) == dict.fromkeys(feed_ids(ident), 1)
    assert consumer.checkpoint()["applied"] == 6


def test_identification_down_then_up_loses_nothing_and_doubles_nothing(ident, funds, ident_server):
    _households(ident, 11)
    token = service_token(ident)
    consumer = Consumer(funds.db, consumers, CountingHandler(), FAST)
    stop = asyncio.Event()
    loop = asyncio.new_event_loop()
    feed = HttpFeed(httpx.Client(base_url=ident_server.url, timeout=5.0), token, limit=3, owns_client=True)
    worker = threading.Thread(target=loop.run_until_complete, args=(run_consumer(consumer, feed, stop),))
    worker.start()
    try:
        wait_for(lambda: len(effects(funds.db)) == 2, "the first events")
        ident_server.stop()
        _households(ident, 13, 15, 17)  # written while the feed cannot be read
        wait_for(lambda: "unreachable" in (consumer.checkpoint()["last_error"] or ""), "the outage to show")
        assert len(effects(funds.db)) == 2
        ident_server.start()
        wait_for(lambda: len(effects(funds.db)) == 8, "catching up")
    finally:
        loop.call_soon_threadsafe(stop.set)
        worker.join(timeout=30)
        loop.close()
    assert effects(funds.db) == dict.fromkeys(feed_ids(ident), 1)
    status = funds.client.get("/api/v1/consumers", headers=funds.headers(**ADMIN)).json()["items"][0]
    assert (status["lag_events"], status["applied"]) == (0, 8)
    assert status["failures"] >= 1 and "unreachable" in status["last_error"]


@pytest.fixture
def failing_peer(ident, tmp_path):
    """identification as a real process whose database is away: every feed read answers 503."""
    server = Server("identification", {"IDENTIFICATION_DATABASE_URL": f"sqlite:///{tmp_path}/gone/ident.db",
                                       "IDENTIFICATION_ENVIRONMENT": "test"}).start()
    yield server.url
    server.stop()


@pytest.fixture
def hung_peer():
    """A peer that takes connections and never answers."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"


def _until_an_error(consumer: Consumer, feed: HttpFeed) -> None:
    stop = asyncio.Event()

    async def _run() -> None:
        task = asyncio.create_task(run_consumer(consumer, feed, stop))
        for _ in range(1200):  # a hang guard, not a timing assertion
            if consumer.checkpoint()["last_error"] or task.done():
                break
            await asyncio.sleep(0.05)
        stop.set()
        await task

    asyncio.run(_run())


@pytest.mark.parametrize(("peer", "timeout", "error"), [
    ("failing_peer", 30.0, "TransientError: feed answered 503"),
    ("hung_peer", 0.5, "TransientError: feed unreachable: ReadTimeout")])
def test_a_peer_answering_503_or_nothing_is_retried_and_loses_nothing(ident, funds, request, peer, timeout,
                                                                       error):
    _households(ident, 11)
    consumer = Consumer(funds.db, consumers, CountingHandler(), FAST)
    consumer.ensure_checkpoint("http")
    url = request.getfixturevalue(peer)
    _until_an_error(consumer, HttpFeed(httpx.Client(base_url=url, timeout=timeout), service_token(ident),
                                       owns_client=True))
    checkpoint = consumer.checkpoint()
    assert (checkpoint["last_error"], checkpoint["position"], checkpoint["applied"]) == (error, 0, 0)
    assert effects(funds.db) == {}
    metrics = funds.client.get("/metrics").text
    labels = 'consumer="counting",service="funds",source="identification"'
    assert f"suite_consumer_failures_total{{{labels}}} {float(checkpoint['failures'])}" in metrics
    assert checkpoint["failures"] >= 1
    catch_up(funds.db, consumers, CountingHandler(), ident.client, service_token(ident))
    assert effects(funds.db) == dict.fromkeys(feed_ids(ident), 1)


def _mount(funds, handler) -> ConsumerMount:
    previous = funds.app.state.consumers
    funds.app.state.consumers = ConsumerMount(consumers, {handler.name: handler})
    return previous


def test_a_poison_event_is_dead_lettered_the_rest_applied_and_a_replay_after_the_fix_applies_it(ident, funds):
    _households(ident, 11, 13)
    ids = feed_ids(ident)
    handler = CountingHandler(broken={ids[1]})
    consumer = catch_up(funds.db, consumers, handler, ident.client, service_token(ident))
    assert effects(funds.db) == {ids[0]: 1, ids[2]: 1, ids[3]: 1}
    checkpoint = consumer.checkpoint()
    assert (checkpoint["dead_lettered"], checkpoint["applied"], checkpoint["position"]) == (1, 3, 4)
    previous = _mount(funds, handler)
    try:
        admin = funds.headers(**ADMIN)
        letters = funds.client.get("/api/v1/consumers/counting/dead-letters", headers=admin).json()["items"]
        assert [(d["event_id"], d["attempts"], d["replayed_at"]) for d in letters] == [(ids[1], 3, None)]
        assert letters[0]["error"].startswith("ValueError")
        url = f"/api/v1/consumers/counting/dead-letters/{letters[0]['id']}/replay"
        still_broken = funds.client.post(url, headers=admin)
        assert (still_broken.status_code, still_broken.json()["code"]) == (409, "replay_failed")
        assert funds.client.post(url, headers=funds.headers(role="province_official", region="44")
                                 ).status_code == 403
        handler.broken.clear()  # the fix
        replayed = funds.client.post(url, headers=admin)
        assert replayed.status_code == 200, replayed.text
        assert replayed.json()["replayed_by"] == "admin-44"
        audit = funds.client.get("/api/v1/audit", headers=admin).json()["items"]
        assert [(a["action"], a["actor"], a["after"]["event_id"]) for a in audit] == [
            ("dead_letter.replay", "admin-44", ids[1])]
        again = funds.client.post(url, headers=admin)
        assert (again.status_code, again.json()["code"]) == (409, "dead_letter_replayed")
        status = funds.client.get("/api/v1/consumers", headers=admin).json()["items"][0]
        assert (status["applied"], status["dead_lettered"], status["dead_letters_waiting"]) == (4, 1, 0)
    finally:
        funds.app.state.consumers = previous
    assert effects(funds.db) == dict.fromkeys(ids, 1)
    catch_up(funds.db, consumers, handler, ident.client, service_token(ident))
    assert effects(funds.db) == dict.fromkeys(ids, 1)


def test_a_consumer_configured_to_stop_waits_at_the_dead_letter_and_goes_on_after_its_replay(ident, funds):
    _households(ident, 11, 13)
    ids = feed_ids(ident)
    handler = CountingHandler(broken={ids[1]})
    stopping = ConsumerConfig(max_attempts=2, retry_base=0.01, idle_min=0.01, on_dead_letter="stop")
    consumer = catch_up(funds.db, consumers, handler, ident.client, service_token(ident), stopping)
    assert effects(funds.db) == {ids[0]: 1}
    assert consumer.checkpoint()["stopped"].startswith(f"stopped at dead letter {ids[1]}")
    previous = _mount(funds, handler)
    try:
        admin = funds.headers(**ADMIN)
        [letter] = funds.client.get("/api/v1/consumers/counting/dead-letters", headers=admin).json()["items"]
        handler.broken.clear()
        r = funds.client.post(f"/api/v1/consumers/counting/dead-letters/{letter['id']}/replay", headers=admin)
        assert r.status_code == 200, r.text
    finally:
        funds.app.state.consumers = previous
    assert consumer.checkpoint()["stopped"] is None
    catch_up(funds.db, consumers, handler, ident.client, service_token(ident), stopping)
    assert effects(funds.db) == dict.fromkeys(ids, 1)


def test_unknown_types_and_versions_are_counted_and_skipped(ident, funds):
    _households(ident, 11)
    with ident.db.transaction() as session:
        session.journal.event(type="unknown.teleported", subject="x", data={"a": 1},
                     region_code="441882100201")
        session.journal.event(type="household.removed", subject="x", data={"household_id": "x"},
                     region_code="441882100201", version=9)
    consumer = catch_up(funds.db, consumers, CountingHandler(), ident.client, service_token(ident))
    checkpoint = consumer.checkpoint()
    assert (checkpoint["applied"], checkpoint["skipped"], checkpoint["dead_lettered"]) == (2, 2, 0)
    assert checkpoint["position"] == 4
    assert len(effects(funds.db)) == 2


def test_a_failing_event_is_retried_before_it_is_dead_lettered(ident, funds):
    _households(ident, 11)
    ids = feed_ids(ident)
    handler = CountingHandler(broken={ids[0]})
    consumer = Consumer(funds.db, consumers, handler, FAST)
    consumer.ensure_checkpoint("http")
    feed = HttpFeed(ident.client, service_token(ident))
    batch = asyncio.run(feed.fetch(0))
    first = consumer.process(batch.events, "http", batch.head)
    assert (first.failed, first.retry_in > 0, first.settled) == (ids[0], True, set())
    assert consumer.checkpoint()["failing_attempts"] == 1
    handler.broken.clear()  # the peer's glitch passed
    second = consumer.process(batch.events, "http", batch.head)
    assert second.settled == set(ids) and second.failed is None
    checkpoint = consumer.checkpoint()
    assert (checkpoint["failing_event_id"], checkpoint["dead_lettered"]) == (None, 0)
    assert checkpoint["applied"] == 2
    assert consumer.process(batch.events, "http", batch.head).settled == set(ids)  # delivered again
    assert effects(funds.db) == dict.fromkeys(ids, 1)


def test_a_consumer_behind_reports_its_lag_in_events_and_seconds(ident, funds):
    _households(ident, 11, 13, 15)  # six events
    consumer = Consumer(funds.db, consumers, CountingHandler(), FAST)
    consumer.ensure_checkpoint("http")
    batch = HttpFeed(ident.client, service_token(ident), limit=2).fetch_sync(0)
    consumer.process(batch.events, "http", batch.head)
    [status] = funds.client.get("/api/v1/consumers", headers=funds.headers(**ADMIN)).json()["items"]
    assert (status["position"], status["head_position"], status["lag_events"]) == (2, 6, 4)
    assert status["lag_seconds"] > 0  # the second event's time is behind the sixth's
    metrics = funds.client.get("/metrics").text
    labels = 'consumer="counting",service="funds",source="identification"'
    assert f"suite_consumer_lag_events{{{labels}}} 4.0" in metrics
    assert f"suite_consumer_lag_seconds{{{labels}}} {status['lag_seconds']}" in metrics


def test_consumers_api_answers_unknown_consumers_with_404(funds):
    admin = funds.headers(**ADMIN)
    assert funds.client.get("/api/v1/consumers/nobody/dead-letters", headers=admin).status_code == 404
    replay = funds.client.post("/api/v1/consumers/register/dead-letters/1/replay", headers=admin)
    assert replay.status_code == 404
    assert funds.client.get("/api/v1/consumers/BAD!/dead-letters", headers=admin).status_code == 422
    assert funds.client.get("/api/v1/consumers", headers=funds.headers()).status_code == 403


def test_processed_ids_at_or_below_the_checkpoint_are_pruned_after_the_retention(ident, funds):
    _households(ident, 11, 13)  # four events
    consumer = catch_up(funds.db, consumers, CountingHandler(), ident.client, service_token(ident))
    p, old = consumers.processed, utcnow() - timedelta(days=8)
    with funds.db.transaction() as s:
        s.execute(update(p).where(p.c.position <= 2).values(processed_at=old))
        s.execute(insert(p).values(consumer="counting", event_id="beyond-the-checkpoint", position=99,
                                   outcome="applied", processed_at=old))
    assert consumer.prune() == 2
    with funds.db.transaction(write=False) as s:
        assert sorted(s.execute(select(p.c.position)).scalars()) == [3, 4, 99]
    again = HttpFeed(ident.client, service_token(ident)).fetch_sync(0)
    consumer.process(again.events, "http")  # the pruned events delivered again: dropped by position
    assert effects(funds.db) == dict.fromkeys(feed_ids(ident), 1)
    assert consumer.prune_now_and_then() == 0  # pruned a moment ago; the next is prune_every away


def test_the_retention_comes_from_the_service_settings():
    settings = FundsSettings(consumer_processed_retention=timedelta(days=2))
    assert settings.consumer_config().processed_retention == timedelta(days=2)
    assert ConsumerConfig().processed_retention == timedelta(days=7)
