"""Visits at provincial scale: batches of 500 through the service code vs plain INSERT; coverage vs SQL.

A fresh supervision database (built by its migrations) gets the demo county's regions and H poor
households in its register replica (through the replica handler's writer, untimed) and a party
secretary per town. Then, in one process and one run:

1. service: V visits to those households in batches of 500 through `visits.service.record_batch`
   (each record validated on its own, checked against officials and the replica, stored once per
   client id by one binary COPY, journalled as an audit entry and a `visit.recorded` event sealed
   into the chain in bulk at commit, red flags looked for), one transaction a batch, as the API does;
2. INSERT: the same visit rows, read back into memory before the clock starts, into a second fresh
   database by plain Core executemany, 500 a transaction;
3. coverage: the town level's coverage report for the H households through the service's query,
   and the same counts by a hand-written SQL statement; the run fails unless they agree.

    .venv/bin/python bench/bench_visits.py [--visits 1000000] [--households 200000]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, func, insert, select, text

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pgdb import SERVER, database_url, drop_database

from services.identification.regions.reference import read_csv
from services.supervision.models import Official, Visit, infra, replica
from services.supervision.settings import SupervisionSettings
from services.supervision.visits import queries
from services.supervision.visits import service as visits
from services.supervision.visits.rules import CHINA_TIME
from shared.auth import Caller, permissions_for
from shared.db import Database, service_context
from shared.journal import verify_chain
from shared.migrations import upgrade
from shared.replica.contract import ReplicaHousehold, ReplicaRegion
from shared.replica.handler import store

BATCH = 500
ADMIN = Caller(
    subject="bench", roles=frozenset({"admin"}), region="44", permissions=permissions_for({"admin"}, set())
)
COVERAGE_SQL = """
SELECT substr(h.region_code, 1, 9) || '000' AS unit, count(*) AS targets,
       count(*) FILTER (WHERE EXISTS (
           SELECT 1 FROM visits v WHERE v.household_id = h.id AND v.official_level = 'town'
             AND v.official_post = 'party_secretary'
             AND v.official_region = substr(h.region_code, 1, 9) || '000'
             AND v.visited_at >= :start AND v.visited_at < :end)) AS visited
FROM replica_households h
WHERE h.status IN ('identified', 'returned') AND h.region_code >= '441882' AND h.region_code < '441883'
GROUP BY 1 ORDER BY 1
"""


def supervision_database(name: str, checkpoints: Path) -> Database:
    """Create a fresh supervision database at the newest migration, its chain's checkpoints in a directory."""
    drop_database(name)
    admin = create_engine(SERVER, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    url = database_url(name)
    upgrade("supervision", url)
    settings = SupervisionSettings(database_url=url, audit_checkpoint_dir=checkpoints / name)
    return Database(url, service_context("supervision", infra, settings))


def load_register(db: Database, households: int) -> dict[str, list[uuid.UUID]]:
    """Replicate the demo county's regions and N poor households; return household ids by town."""
    rows = read_csv("demo_villages.csv")
    regions = [
        ReplicaRegion(
            code=r["code"],
            name=r["name"],
            level=r["level"],
            parent_code=r["parent_code"],
            relatively_poor=r["relatively_poor"] == "true",
            exited_on=None,
        )
        for r in rows
    ]
    villages = [r.code for r in regions if r.level == "village"]
    homes = [
        ReplicaHousehold(
            id=uuid.UUID(int=random.getrandbits(128)),
            household_no=f"{villages[i % len(villages)]}{i // len(villages) + 1:06d}",
            region_code=villages[i % len(villages)],
            status="identified",
            category="general",
            identified_on=date(2018, 3, 1),
            exited_on=None,
            removed_on=None,
            removal_reason=None,
            version=1,
            members=[],
        )
        for i in range(households)
    ]
    with db.transaction() as session:
        store(session, replica, regions, [])
        for start in range(0, len(homes), 10_000):
            store(session, replica, [], homes[start : start + 10_000])
    by_town: dict[str, list[uuid.UUID]] = {}
    for home in homes:
        by_town.setdefault(home.region_code[:9] + "000", []).append(home.id)
    return by_town


def secretaries(db: Database, towns: list[str]) -> dict[str, Official]:
    """A party secretary for each town."""
    with db.transaction() as session:
        found = {
            t: Official(
                id=uuid.uuid4(),
                name=f"书记{t}",
                level="town",
                post="party_secretary",
                region_code=t,
                subject=f"bench-{t}",
                appointed_on=date(2018, 1, 1),
            )
            for t in towns
        }
        session.add_all(found.values())
    return found


def records(count: int, by_town: dict[str, list[uuid.UUID]], officials: dict[str, Official]) -> list[dict]:
    """Visits by each town's secretary to its households, 20 minutes apart, a few hundred metres apart."""
    towns = sorted(by_town)
    start = datetime(2019, 1, 1, 8, tzinfo=CHINA_TIME)
    out = []
    for i in range(count):
        town = towns[i % len(towns)]
        homes = by_town[town]
        out.append(
            {
                "client_id": str(uuid.UUID(int=random.getrandbits(128))),
                "official_id": str(officials[town].id),
                "target_kind": "household",
                "household_id": str(homes[(i // len(towns)) % len(homes)]),
                "visited_at": (start + timedelta(minutes=20 * (i // len(towns)))).isoformat(),
                "latitude": 24.78 + random.uniform(-0.001, 0.001),
                "longitude": 112.38 + random.uniform(-0.001, 0.001),
                "findings": "两不愁三保障已落实。",
                "follow_ups": ["跟进产业帮扶"],
            }
        )
    return out


def through_service(db: Database, items: list[dict]) -> float:
    """Send the records in batches through the service code, a transaction each; return seconds."""
    started = time.perf_counter()
    for i in range(0, len(items), BATCH):
        with db.transaction() as session:
            outcomes = visits.record_batch(session, ADMIN, items[i : i + BATCH])
        assert all(o.outcome == "created" for o in outcomes), [o.errors for o in outcomes if o.errors][:1]
    return time.perf_counter() - started


def plain_insert(db: Database, rows: list[dict]) -> float:
    """INSERT the same visit rows by Core executemany, 500 a transaction; return seconds."""
    started = time.perf_counter()
    for i in range(0, len(rows), BATCH):
        with db.engine.begin() as conn:
            conn.execute(insert(Visit.__table__), rows[i : i + BATCH])
    return time.perf_counter() - started


def verify(db: Database, visits: int) -> str:
    """Re-check the whole audit chain and count the feed: an entry and an event per visit, or fail."""
    started = time.perf_counter()
    with db.transaction(write=False) as session:
        report = verify_chain(session, infra, db.context.anchor, full=True)
        events = session.scalar(
            select(func.count()).select_from(infra.outbox).where(infra.outbox.c.type == "visit.recorded")
        )
    assert report.ok and report.entries_checked == visits and events == visits, (report, events)
    return f"{report.entries_checked:,} audit entries verified in {time.perf_counter() - started:.0f}s"


def main() -> None:
    """Load, ingest through the service, INSERT, compare coverage; print the figures and ratios."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--visits", type=int, default=1_000_000)
    parser.add_argument("--households", type=int, default=200_000)
    args = parser.parse_args()
    random.seed(441882)
    suffix = os.getpid()
    names = [f"bench_visits_service_{suffix}", f"bench_visits_insert_{suffix}"]
    checkpoints = Path(tempfile.mkdtemp(prefix="bench_visits_"))
    try:
        db = supervision_database(names[0], checkpoints)
        started = time.perf_counter()
        by_town = load_register(db, args.households)
        officials = secretaries(db, sorted(by_town))
        items = records(args.visits, by_town, officials)
        print(
            f"setup: {args.households:,} households, {len(officials)} town secretaries, "
            f"{len(items):,} records in {time.perf_counter() - started:.0f}s (untimed)"
        )

        service_s = through_service(db, items)
        del items  # a million records: free them before the stored rows are read back
        with db.transaction(write=False) as session:
            rows = [dict(r) for r in session.execute(select(Visit.__table__)).mappings()]
        print(f"chain and feed (untimed): {verify(db, len(rows))}, one visit.recorded event a visit")
        baseline = supervision_database(names[1], checkpoints)
        secretaries_copy = [
            {c.name: getattr(o, c.name) for c in Official.__table__.columns} for o in officials.values()
        ]
        with baseline.engine.begin() as conn:
            conn.execute(insert(Official.__table__), secretaries_copy)
        insert_s = plain_insert(baseline, rows)

        period = (date(2019, 1, 1), date(2019, 12, 31))
        q = queries.coverage_query("town", "441882", *period)
        started = time.perf_counter()
        with db.transaction(write=False) as session:
            report = queries.coverage(session, q, *period)
        coverage_s = time.perf_counter() - started
        started = time.perf_counter()
        with db.engine.connect() as conn:
            direct = conn.execute(text(COVERAGE_SQL), {"start": q.start, "end": q.end}).all()
        sql_s = time.perf_counter() - started
        assert [(r.region_code, r.targets, r.visited) for r in report.rows] == [tuple(r) for r in direct], (
            "disagree"
        )

        n = len(rows)
        print(
            f"visits through the service: {service_s:8.1f} s  {n / service_s:8,.0f} visits/s  "
            f"{insert_s / service_s:.2f} of INSERT"
        )
        print(f"plain INSERT, same rows:    {insert_s:8.1f} s  {n / insert_s:8,.0f} visits/s  1.00")
        print(
            f"coverage, service query:    {coverage_s:8.2f} s  ({report.targets:,} households, "
            f"{report.visited:,} visited)  {sql_s / coverage_s:.2f} of plain SQL"
        )
        print(f"coverage, plain SQL:        {sql_s:8.2f} s  1.00")
    finally:
        for name in names:
            drop_database(name)
        shutil.rmtree(checkpoints, ignore_errors=True)


if __name__ == "__main__":
    main()
