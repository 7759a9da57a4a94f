"""Run the counting handler over HTTP in its own process, dying at a given feed position.

python -m tests.consumers.crashing_consumer DATABASE_URL FEED_URL TOKEN CRASH_POSITION
"""

from __future__ import annotations

import asyncio
import sys

import httpx

from services.funds.models import consumers
from shared.consumers.core import Consumer
from shared.consumers.runner import run_consumer
from shared.consumers.transports import HttpFeed
from shared.db import Database
from tests.consumers.support import FAST, CountingHandler


def main(url: str, feed_url: str, token: str, crash_at: str) -> None:
    """Consume until caught up, or die (exit 17) after applying the event at crash_at."""
    db = Database(url)
    consumer = Consumer(db, consumers, CountingHandler(crash_at=int(crash_at)), FAST)
    feed = HttpFeed(httpx.Client(base_url=feed_url, timeout=10.0), lambda: token, limit=2, owns_client=True)
    asyncio.run(run_consumer(consumer, feed, asyncio.Event(), until_caught_up=True))


if __name__ == "__main__":
    main(*sys.argv[1:])
