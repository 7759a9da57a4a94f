"""Mirror identification's register into DuckDB: load one export, follow the change feed, reconcile.

    python docs/examples/mirror_register.py --url http://127.0.0.1:8001 --token "$TOKEN" \
        --region 441882 --db mirror.duckdb

Run it again to catch up from where it stopped. It needs httpx and duckdb (pip install duckdb).
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import httpx

SCHEMA = """
CREATE TABLE IF NOT EXISTS households (
    id VARCHAR PRIMARY KEY, household_no VARCHAR NOT NULL, region_code VARCHAR NOT NULL,
    status VARCHAR NOT NULL, category VARCHAR NOT NULL, version INTEGER NOT NULL,
    updated_at VARCHAR NOT NULL);
CREATE TABLE IF NOT EXISTS feed_position (id INTEGER PRIMARY KEY CHECK (id = 1), position BIGINT NOT NULL);
"""
FIELDS = ("id", "household_no", "region_code", "status", "category", "version", "updated_at")
COLUMNS = {name: "INTEGER" if name == "version" else "VARCHAR" for name in FIELDS}
# Only a newer version replaces a row: replaying an event, or reading a household twice, changes nothing.
UPSERT = f"""
INSERT INTO households ({", ".join(FIELDS)}) VALUES ({", ".join(f"${name}" for name in FIELDS)})
ON CONFLICT (id) DO UPDATE SET {", ".join(f"{name} = excluded.{name}" for name in FIELDS[1:])}
WHERE excluded.version > households.version
"""
LOAD = f"""
INSERT INTO households SELECT {", ".join(FIELDS)}
FROM read_json($path, format = 'newline_delimited', columns = {COLUMNS!r})
"""
HOUSEHOLD_EVENTS = ("household.created", "household.updated", "household.imported",
                    "household.status_changed")


def open_mirror(path: str) -> duckdb.DuckDBPyConnection:
    """Open (or create) the mirror database."""
    db = duckdb.connect(path)
    db.execute(SCHEMA)
    return db


@contextmanager
def transaction(db: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """Commit what the block wrote, or nothing of it if it raises."""
    db.begin()
    try:
        yield
    except BaseException:
        db.rollback()
        raise
    db.commit()


def position(db: duckdb.DuckDBPyConnection) -> int | None:
    """Return the feed position the mirror holds, or None before its first load."""
    row = db.execute("SELECT position FROM feed_position WHERE id = 1").fetchone()
    return row[0] if row else None


def load_snapshot(http: httpx.Client, db: duckdb.DuckDBPyConnection, region: str, folder: Path) -> int:
    """Replace the mirror with one export (kept in `folder`); return the feed position it holds."""
    with http.stream("GET", "/api/v1/households/export", params={"format": "ndjson", "region": region}) as r:
        r.raise_for_status()
        at = int(r.headers["X-Feed-Position"])
        file = folder / f"households-at-{at}.ndjson"  # the position stays with the file
        with file.open("wb") as out:
            for chunk in r.iter_bytes():
                out.write(chunk)
    with transaction(db):  # the rows and the position they belong to, together
        db.execute("DELETE FROM households")
        db.execute(LOAD, {"path": str(file)})
        db.execute("INSERT OR REPLACE INTO feed_position (id, position) VALUES (1, $at)", {"at": at})
    return at


def _reread(http: httpx.Client, household_id: str) -> dict[str, Any]:
    """Read a household as it is now (events carry ids, not every changed value)."""
    r = http.get(f"/api/v1/households/{household_id}")
    r.raise_for_status()
    return {k: r.json()[k] for k in FIELDS}


def apply(http: httpx.Client, db: duckdb.DuckDBPyConnection, events: list[dict[str, Any]]) -> None:
    """Apply a page of events: each household they name is read once; other types are passed over."""
    named = dict.fromkeys(e["data"]["household_id"] for e in events if e["type"] in HOUSEHOLD_EVENTS)
    for household_id in named:
        db.execute(UPSERT, _reread(http, household_id))


def follow_feed(http: httpx.Client, db: duckdb.DuckDBPyConnection, batch: int = 500) -> int:
    """Apply every event after the mirror's position, a page per transaction; return how many."""
    applied = 0
    while True:
        r = http.get("/api/v1/events", params={"cursor": position(db), "limit": batch})
        r.raise_for_status()
        events = r.json()["items"]
        if not events:
            return applied
        with transaction(db):  # the events and the position advance together: a crash replays the page
            apply(http, db, events)
            reached = int(events[-1]["sequence"])
            db.execute("UPDATE feed_position SET position = $at WHERE id = 1", {"at": reached})
        applied += len(events)


def service_counts(http: httpx.Client, region: str) -> Counter[str]:
    """Count the service's households by status, through its list."""
    counts: Counter[str] = Counter()
    cursor = None
    while True:
        params = {"region": region, "limit": 500, **({"cursor": cursor} if cursor else {})}
        r = http.get("/api/v1/households", params=params)
        r.raise_for_status()
        page = r.json()
        counts.update(h["status"] for h in page["items"])
        cursor = page["next_cursor"]
        if not cursor:
            return counts


def mirror_counts(db: duckdb.DuckDBPyConnection) -> Counter[str]:
    """Count the mirror's households by status."""
    return Counter(dict(db.execute("SELECT status, count(*) FROM households GROUP BY status").fetchall()))


def reconcile(http: httpx.Client, db: duckdb.DuckDBPyConnection, region: str) -> dict[str, tuple[int, int]]:
    """Compare the mirror's counts by status with the service's; return those that differ."""
    mirror, service = mirror_counts(db), service_counts(http, region)
    return {s: (mirror[s], service[s]) for s in sorted(set(mirror) | set(service)) if mirror[s] != service[s]}


def main() -> None:
    """Load the snapshot on the first run, follow the feed, and print the reconciliation."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--region", required=True, help="the token's region, e.g. 441882")
    parser.add_argument("--db", default="mirror.duckdb")
    args = parser.parse_args()
    http = httpx.Client(base_url=args.url, headers={"Authorization": f"Bearer {args.token}"}, timeout=60)
    db = open_mirror(args.db)
    if position(db) is None:
        folder = Path(args.db).resolve().parent
        print(f"snapshot at feed position {load_snapshot(http, db, args.region, folder)}")
    print(f"{follow_feed(http, db)} events applied; now at {position(db)}")
    differences = reconcile(http, db, args.region)
    print("reconciled: counts by status agree" if not differences else f"differences: {differences}")
    raise SystemExit(1 if differences else 0)


if __name__ == "__main__":
    main()
