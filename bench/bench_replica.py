"""Bootstrap a register replica at provincial scale: feed replay and snapshot vs plain INSERT.

identification gets N households (4 members each) through the real import path (untimed), so
its feed holds N `household.imported` events, and serves them under uvicorn. Then, each into a
fresh funds database built by the real migrations:

1. replay: the register consumer follows the HTTP feed from position 0 (pages of 500 events,
   one replica lookup per page, one transaction per page with checkpoint and event ids);
2. snapshot: the consumer loads the paged snapshot (1,000 households a page) and states the
   feed position it reflects;
3. INSERT: the same replica rows, already in memory, by plain Core executemany INSERT.

All in one process and one run, so the ratios hold on a shared, noisy two-core machine.

    .venv/bin/python bench/bench_replica.py [--households 200000]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
from pathlib import Path

import httpx
from sqlalchemy import create_engine, func, insert, select, text

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_export import serve
from bench_import import csv_file, import_path, open_service, villages
from pgdb import SERVER, create_database, database_url, drop_database

from services.funds.models import consumers, replica
from shared.auth import mint_token
from shared.consumers.core import Consumer, ConsumerConfig
from shared.consumers.runner import run_consumer
from shared.consumers.settings import CONSUMER_SCOPES
from shared.consumers.transports import HttpFeed
from shared.db import Database
from shared.migrations import upgrade
from shared.replica.handler import RegisterReplica
from shared.replica.source import RegisterSource
from shared.settings import ServiceSettings


def funds_database(name: str) -> Database:
    """Create a fresh funds database at the newest migration."""
    drop_database(name)
    admin = create_engine(SERVER, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    url = database_url(name)
    upgrade("funds", url)
    return Database(url)


def counts(db: Database) -> tuple[int, int]:
    """Count replica households and members."""
    with db.transaction(write=False) as session:
        return (session.execute(select(func.count()).select_from(replica.households)).scalar_one(),
                session.execute(select(func.count()).select_from(replica.members)).scalar_one())


def consume(db: Database, base_url: str, token: str, mode: str) -> tuple[float, dict]:
    """Bring a replica current from nothing; return seconds and the final checkpoint."""
    config = ConsumerConfig(idle_min=0.01, idle_max=0.01)
    with httpx.Client(base_url=base_url, timeout=120) as lookups, \
            httpx.Client(base_url=base_url, timeout=120) as feed_client:
        handler = RegisterReplica(replica, RegisterSource(lookups, lambda: token), bootstrap_mode=mode)
        consumer = Consumer(db, consumers, handler, config)
        started = time.perf_counter()
        asyncio.run(run_consumer(consumer, HttpFeed(feed_client, lambda: token, limit=500),
                                 asyncio.Event(), until_caught_up=True))
        return time.perf_counter() - started, consumer.checkpoint()


def replica_rows(db: Database) -> list[tuple[object, list[dict]]]:
    """Read the replica rows back, to insert them again as the baseline."""
    with db.transaction(write=False) as session:
        return [(table, [dict(r) for r in session.execute(select(table)).mappings()])
                for table in (replica.regions, replica.households, replica.members)]


def plain_insert(db: Database, rows: list[tuple[object, list[dict]]]) -> float:
    """INSERT the rows by Core executemany in batches of 5,000, one transaction; return seconds."""
    started = time.perf_counter()
    with db.transaction() as session:
        for table, values in rows:
            for start in range(0, len(values), 5000):
                session.execute(insert(table), values[start:start + 5000])
    return time.perf_counter() - started


def main() -> None:
    """Import, serve, replay, snapshot, INSERT; print the rates and ratios."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--households", type=int, default=200_000)
    args = parser.parse_args()
    count, suffix = args.households, os.getpid()
    names = [f"bench_rep_ident_{suffix}", f"bench_rep_replay_{suffix}", f"bench_rep_snap_{suffix}",
             f"bench_rep_insert_{suffix}"]
    server = None
    try:
        ident = open_service(create_database(names[0]))
        started = time.perf_counter()
        _, job = import_path(ident, csv_file(count, villages(ident)))
        assert job["state"] == "succeeded" and job["rows_rejected"] == 0, job
        print(f"setup: imported {count:,} households in {time.perf_counter() - started:.0f}s (untimed)")
        server, port = serve(ident.url)
        base = f"http://127.0.0.1:{port}"
        token = mint_token(ServiceSettings(), subject="bench-consumer", roles=["service"], region="44",
                           scopes=CONSUMER_SCOPES)

        replay_db = funds_database(names[1])
        replay_s, replay_cp = consume(replay_db, base, token, "replay")
        events = replay_cp["applied"] + replay_cp["skipped"]
        assert counts(replay_db) == (count, count * 4), counts(replay_db)

        snap_db = funds_database(names[2])
        snap_s, snap_cp = consume(snap_db, base, token, "snapshot")
        assert counts(snap_db) == (count, count * 4)
        assert snap_cp["position"] == replay_cp["position"]

        rows = replica_rows(snap_db)
        total = sum(len(v) for _, v in rows)
        insert_s = plain_insert(funds_database(names[3]), rows)

        replay_rate, snap_rate, insert_rate = total / replay_s, total / snap_s, total / insert_s
        print(f"replica rows: {total:,} ({count:,} households, {count * 4:,} members, regions)")
        print(f"replay from 0:   {replay_s:7.1f} s  {events / replay_s:8,.0f} events/s  "
              f"{replay_rate:8,.0f} rows/s  {replay_rate / insert_rate:.2f} of INSERT")
        print(f"snapshot:        {snap_s:7.1f} s  {'':17}  {snap_rate:8,.0f} rows/s  "
              f"{snap_rate / insert_rate:.2f} of INSERT")
        print(f"plain INSERT:    {insert_s:7.1f} s  {'':17}  {insert_rate:8,.0f} rows/s  1.00")
    finally:
        if server is not None:
            server.terminate()
            server.wait()
        for name in names:
            drop_database(name)


if __name__ == "__main__":
    main()
