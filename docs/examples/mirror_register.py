"""Mirror identification's register into SQLite: load one export, follow the change feed, reconcile.

    python docs/examples/mirror_register.py --url http://127.0.0.1:8001 --token "$TOKEN" \
        --region 441882 --db mirror.sqlite

Run it again to catch up from where it stopped. It needs only httpx and the standard library;
the SQL is plain enough for DuckDB too (see docs/integrators.md).
"""

from __future__ import annotations

import argparse
import json
import sqlite3
from collections import Counter
from typing import Any

import httpx

SCHEMA = """
CREATE TABLE IF NOT EXISTS households (
    id TEXT PRIMARY KEY, household_no TEXT NOT NULL, region_code TEXT NOT NULL,
    status TEXT NOT NULL, category TEXT NOT NULL, version INTEGER NOT NULL, updated_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS feed_position (id INTEGER PRIMARY KEY CHECK (id = 1), position INTEGER NOT NULL);
"""
UPSERT = """
INSERT INTO households (id, household_no, region_code, status, category, version, updated_at)
VALUES (:id, :household_no, :region_code, :status, :category, :version, :updated_at)
ON CONFLICT (id) DO UPDATE SET household_no = excluded.household_no, region_code = excluded.region_code,
    status = excluded.status, category = excluded.category, version = excluded.version,
    updated_at = excluded.updated_at
"""
FIELDS = ("id", "household_no", "region_code", "status", "category", "version", "updated_at")


def open_mirror(path: str) -> sqlite3.Connection:
    """Open (or create) the mirror database."""
    db = sqlite3.connect(path)
    db.executescript(SCHEMA)
    return db


def position(db: sqlite3.Connection) -> int | None:
    """Return the feed position the mirror holds, or None before its first load."""
    row = db.execute("SELECT position FROM feed_position WHERE id = 1").fetchone()
    return row[0] if row else None


def load_snapshot(http: httpx.Client, db: sqlite3.Connection, region: str) -> int:
    """Replace the mirror with one export; return the feed position it is consistent with."""
    with http.stream("GET", "/api/v1/households/export", params={"format": "ndjson", "region": region}) as r:
        r.raise_for_status()
        at = int(r.headers["X-Feed-Position"])
        with db:  # one transaction: the rows and the position they belong to
            db.execute("DELETE FROM households")
            for line in r.iter_lines():
                if line:
                    household = json.loads(line)
                    db.execute(UPSERT, {k: household[k] for k in FIELDS})
            db.execute("INSERT OR REPLACE INTO feed_position (id, position) VALUES (1, ?)", (at,))
    return at


def _reread(http: httpx.Client, household_id: str) -> dict[str, Any]:
    """Read a household as it is now (events carry ids, not every changed value)."""
    r = http.get(f"/api/v1/households/{household_id}")
    r.raise_for_status()
    return {k: r.json()[k] for k in FIELDS}


def apply(http: httpx.Client, db: sqlite3.Connection, event: dict[str, Any]) -> None:
    """Apply one event to the mirror; types it does not mirror are passed over."""
    data, kind = event["data"], event["type"]
    if kind in ("household.created", "household.updated", "household.imported"):
        db.execute(UPSERT, _reread(http, data["household_id"]))
    elif kind == "household.status_changed":
        db.execute("UPDATE households SET status = ? WHERE id = ?", (data["to_status"], data["household_id"]))


def follow_feed(http: httpx.Client, db: sqlite3.Connection, batch: int = 500) -> int:
    """Apply every event after the mirror's position, a page per transaction; return how many."""
    applied = 0
    while True:
        after = position(db)
        r = http.get("/api/v1/events", params={"cursor": after, "limit": batch})
        r.raise_for_status()
        events = r.json()["items"]
        if not events:
            return applied
        with db:  # the events and the position advance together: a crash replays the page, never half
            for event in events:
                apply(http, db, event)
            db.execute("UPDATE feed_position SET position = ? WHERE id = 1", (int(events[-1]["sequence"]),))
        applied += len(events)


def service_counts(http: httpx.Client, region: str) -> Counter[str]:
    """Count the service's households by status, through its list."""
    counts: Counter[str] = Counter()
    cursor = None
    while True:
        params = {"region": region, "limit": 500, **({"cursor": cursor} if cursor else {})}
        page = http.get("/api/v1/households", params=params).json()
        counts.update(h["status"] for h in page["items"])
        cursor = page["next_cursor"]
        if not cursor:
            return counts


def reconcile(http: httpx.Client, db: sqlite3.Connection, region: str) -> dict[str, tuple[int, int]]:
    """Compare the mirror's counts by status with the service's; return the statuses that differ."""
    mirror = Counter(dict(db.execute("SELECT status, count(*) FROM households GROUP BY status").fetchall()))
    service = service_counts(http, region)
    return {s: (mirror[s], service[s]) for s in set(mirror) | set(service) if mirror[s] != service[s]}


def main() -> None:
    """Load the snapshot on the first run, follow the feed, and print the reconciliation."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--region", required=True, help="the token's region, e.g. 441882")
    parser.add_argument("--db", default="mirror.sqlite")
    args = parser.parse_args()
    http = httpx.Client(base_url=args.url, headers={"Authorization": f"Bearer {args.token}"}, timeout=60)
    db = open_mirror(args.db)
    if position(db) is None:
        print(f"snapshot at feed position {load_snapshot(http, db, args.region)}")
    print(f"{follow_feed(http, db)} events applied; now at {position(db)}")
    differences = reconcile(http, db, args.region)
    print("reconciled: counts by status agree" if not differences else f"differences: {differences}")


if __name__ == "__main__":
    main()
