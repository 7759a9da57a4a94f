"""Helpers of the consumer tests: tokens, a counting handler, real identification servers."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import Column, Integer, MetaData, String, Table, func, insert, select
from sqlalchemy.orm import Session

from shared.consumers.core import Consumer, ConsumerConfig, FeedEvent, Handler
from shared.consumers.runner import run_consumer
from shared.consumers.settings import CONSUMER_SCOPES
from shared.consumers.transports import HttpFeed

ROOT = Path(__file__).resolve().parents[2]
EFFECTS = Table("test_consumer_effects", MetaData(), Column("id", Integer, primary_key=True),
                Column("event_id", String(36), nullable=False), Column("position", Integer, nullable=False))
FAST = ConsumerConfig(max_attempts=3, retry_base=0.01, retry_max=0.05, idle_min=0.01, idle_max=0.05)


def service_token(ident: Any) -> Callable[[], str]:
    """The least-scope token consumers use: a service account for the province."""
    token = ident.token(role="service", region="44", scopes=CONSUMER_SCOPES, subject="funds-consumer")
    return lambda: token


class CountingHandler(Handler):
    """Writes one row per application, so an event applied twice shows twice."""

    source = "identification"

    def __init__(self, name: str = "counting", broken: set[str] | None = None,
                 crash_at: int | None = None) -> None:
        self.name = name
        self.broken = broken if broken is not None else set()
        self.crash_at = crash_at

    def knows(self, event: FeedEvent) -> bool:
        """Know every identification event of version 1."""
        return event.version == 1 and not event.type.startswith("unknown.")

    def apply(self, session: Session, events: Sequence[FeedEvent], prepared: Any) -> None:
        """Record each event; fail on broken ones; die on the crash position, effect written."""
        for event in events:
            if event.id in self.broken:
                raise ValueError("this handler cannot digest the event yet")
            session.execute(insert(EFFECTS).values(event_id=event.id, position=event.position))
            if event.position == self.crash_at:
                session.flush()
                os._exit(17)  # a crash after the handler's work, before the checkpoint commits


def effects(db: Any) -> dict[str, int]:
    """Count applications per event id."""
    with db.transaction(write=False) as session:
        rows = session.execute(select(EFFECTS.c.event_id, func.count()).group_by(EFFECTS.c.event_id)).all()
    return dict(rows)


def feed_ids(ident: Any) -> list[str]:
    """Every event id of identification's feed, in order."""
    ids, cursor = [], "0"
    while True:
        page = ident.client.get("/api/v1/events", params={"cursor": cursor, "limit": 500},
                                headers=ident.headers(role="province_official", region="44")).json()
        ids += [e["id"] for e in page["items"]]
        if not page["has_more"]:
            return ids
        cursor = page["next_cursor"]


def catch_up(db: Any, tables: Any, handler: Handler, client: httpx.Client, token: Callable[[], str],
             config: ConsumerConfig = FAST, limit: int = 500) -> Consumer:
    """Run a consumer over HTTP until a poll finds nothing new."""
    consumer = Consumer(db, tables, handler, config)
    asyncio.run(run_consumer(consumer, HttpFeed(client, token, limit=limit), asyncio.Event(),
                             until_caught_up=True))
    return consumer


def free_port() -> int:
    """Pick a free loopback port."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A service as a real uvicorn process on a loopback port, started and stopped at will."""

    def __init__(self, service: str, env: dict[str, str], port: int | None = None) -> None:
        self.service, self.env = service, env
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> Server:
        """Start the process and wait until it answers /healthz."""
        cmd = [sys.executable, "-m", "uvicorn", "--factory", f"services.{self.service}.main:create_app",
               "--host", "127.0.0.1", "--port", str(self.port), "--no-access-log", "--log-level", "warning"]
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env=os.environ | self.env)
        wait_for(lambda: _healthy(self.url), f"{self.service} to start", proc=self.proc)
        return self

    def stop(self) -> None:
        """Stop the process and wait for it."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=20)
        self.proc = None


def _healthy(url: str) -> bool:
    try:
        return httpx.get(f"{url}/healthz", timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


def wait_for(condition: Callable[[], bool], what: str, seconds: float = 60,
             proc: subprocess.Popen[bytes] | None = None) -> None:
    """Poll a condition until it holds; fail (not a timing assertion: a hang guard) after long."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        if proc is not None and proc.poll() is not None:
            raise AssertionError(f"process exited with {proc.returncode} while waiting for {what}")
        time.sleep(0.1)
    raise AssertionError(f"gave up waiting for {what}")
