"""Reads over HTTP: the service against a raw-psycopg reference app, alternated in one run.

The register (N households, 4 members each) is loaded once through the service's bulk import
(real ciphertext, one audit entry and one change-feed event per household) into a named database
that later runs reuse (`--fresh` reloads it). Statuses are then spread (60% identified, 30% exited,
5% candidate, 3% returned, 2% removed) and one household in ten gets an exit procedure (a third of
them open at town review), both by SQL: the import knows only identified households.

The service (`services.identification.main:create_app`) and the reference (`reads_reference.py`)
each run under uvicorn, one worker, in their own process. For every endpoint, in each round,
the same load generator (8 keep-alive connections, raw HTTP/1.1 on asyncio) sends the same
request sequence to the service for `--seconds`, then to the reference. Figures are summed over
the rounds; the ratio is the service's requests/s over the reference's, and its p99 over theirs.

    .venv/bin/python bench/bench_reads.py [--households 200000] [--seconds 8] [--rounds 2]
                                          [--fresh] [--explain] [--only NAME,...]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_export import free_port
from bench_import import csv_file, import_path, open_service, villages
from pgdb import SERVER, create_database, database_url

from services.identification.settings import IdentificationSettings
from shared.auth import mint_token
from shared.migrations import upgrade

ROOT = Path(__file__).resolve().parent.parent
NAME = "bench_reads"
COUNTY = "441882"
CLIENTS = 8
TARGET_RATE, TARGET_LIST_RATE, TARGET_P99 = 0.60, 0.50, 2.0

_SHAPE = """
UPDATE households SET status = CASE
    WHEN abs(hashtext(household_no)) % 100 < 30 THEN 'exited'
    WHEN abs(hashtext(household_no)) % 100 < 35 THEN 'candidate'
    WHEN abs(hashtext(household_no)) % 100 < 38 THEN 'returned'
    WHEN abs(hashtext(household_no)) % 100 < 40 THEN 'removed'
    ELSE 'identified' END;
INSERT INTO procedures (id, kind, subject_type, subject_key, household_id, region_code, state, next_step,
                        year, started_by, started_on, created_at, updated_at, version)
SELECT gen_random_uuid(), 'exit', 'household', id::text, id, region_code,
       CASE WHEN k % 3 = 0 THEN 'open' ELSE 'completed' END,
       CASE WHEN k % 3 = 0 THEN 'town_review' END,
       2019, 'bench', date '2019-01-01' + k % 700, now(), now(), 1
FROM (SELECT id, region_code, abs(hashtext(household_no || 'p')) AS k FROM households) h
WHERE k % 10 = 0;
"""


def _exists(name: str) -> str | None:
    """Return the comment of a database on the benchmark server (what it holds), None if absent."""
    admin = create_engine(SERVER, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        found = conn.execute(text("SELECT datname, shobj_description(oid, 'pg_database') FROM pg_database "
                                  "WHERE datname = :n"), {"n": name}).first()
    admin.dispose()
    return None if found is None else (found[1] or "")


def prepare(count: int, fresh: bool) -> str:
    """Return the URL of the loaded register, loading it unless a run left it ready."""
    ready = f"bench_reads {count} households"
    if not fresh and _exists(NAME) == ready:
        url = database_url(NAME)
        upgrade("identification", url)  # a later migration (an index) reaches the kept database
        print(f"reusing database {NAME}: {ready}")
    else:
        url = create_database(NAME)
        db = open_service(url)
        started = time.perf_counter()
        seconds, job = import_path(db, csv_file(count, villages(db)))
        assert job["state"] == "succeeded" and job["rows_rejected"] == 0, job
        db.dispose()
        print(f"loaded {count:,} households through the bulk import in {seconds:.0f} s "
              f"({time.perf_counter() - started:.0f} s with the file)")
        engine = create_engine(url)
        with engine.begin() as conn:
            conn.execute(text(_SHAPE))
            conn.execute(text(f"COMMENT ON DATABASE {NAME} IS '{ready}'"))
        engine.dispose()
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text("VACUUM ANALYZE"))
    engine.dispose()
    return url


@dataclass
class Sample:
    """What the requests are about: household ids, towns, villages, feed positions."""

    ids: list[str]
    towns: dict[str, str]
    villages: list[str]
    head: int


def sample(url: str) -> Sample:
    """Pick the request parameters from the loaded register."""
    engine = create_engine(url)
    with engine.connect() as conn:
        ids = [str(r[0]) for r in conn.execute(text(
            "SELECT id FROM households TABLESAMPLE SYSTEM (5) REPEATABLE (7) LIMIT 4000"))]
        towns = [r[0] for r in conn.execute(text(
            "SELECT DISTINCT left(region_code, 9) FROM households ORDER BY 1"))]
        codes = [r[0] for r in conn.execute(text("SELECT DISTINCT region_code FROM households ORDER BY 1"))]
        head = conn.execute(text("SELECT event_position FROM chain_head")).scalar_one()
    engine.dispose()
    random.Random(7).shuffle(ids)
    return Sample(ids, {"first": towns[0], "middle": towns[len(towns) // 2], "last": towns[-1]}, codes, head)


@dataclass(frozen=True)
class Endpoint:
    """One kind of request: its name, the i-th path on the service and on the reference."""

    name: str
    service: Callable[[int], str]
    reference: Callable[[int], str]
    is_list: bool = True


def endpoints(s: Sample) -> list[Endpoint]:
    """The requests the benchmark measures."""
    feed_after = [random.Random(i).randrange(0, max(1, s.head - 100)) for i in range(997)]
    def by_id(i: int) -> str:
        return f"/api/v1/households/{s.ids[i % len(s.ids)]}"

    def village(i: int) -> str:
        return f"/api/v1/households?region={s.villages[i % len(s.villages)]}"

    found = [Endpoint("read by id", by_id, by_id, is_list=False),
             Endpoint("list by village", village, village)]
    for which, town in s.towns.items():
        path = f"/api/v1/households?region={town}"
        found.append(Endpoint(f"list by town ({which} {town})", lambda _i, p=path: p, lambda _i, p=path: p))
    candidates = f"/api/v1/households?region={s.towns['last']}&status=candidate"
    found += [
        Endpoint("list, status=candidate, last town", lambda _i: candidates, lambda _i: candidates),
        Endpoint("procedures work list (open)", lambda _i: "/api/v1/procedures?state=open",
                 lambda _i: f"/api/v1/procedures?region={COUNTY}&state=open"),
        Endpoint("change feed page (100)", lambda i: f"/api/v1/events?cursor={feed_after[i % 997]}",
                 lambda i: f"/api/v1/events?region={COUNTY}&after={feed_after[i % 997]}"),
    ]
    return found


@dataclass
class Tally:
    """Requests, errors and latencies of one endpoint on one app, summed over rounds."""

    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    errors: int = 0

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def percentile(self, q: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000 if ordered else float("nan")


async def _exchange(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes) -> int:
    """Send one request on a kept-alive connection and read the whole response; return its status."""
    writer.write(request)
    status = int((await reader.readline()).split()[1])
    length, chunked = 0, False
    while (line := await reader.readline()) != b"\r\n":
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            length = int(value)
        elif name == b"transfer-encoding":
            chunked = b"chunked" in value.lower()
    if not chunked:
        await reader.readexactly(length)
        return status
    while size := int((await reader.readline()).strip(), 16):
        await reader.readexactly(size + 2)
    await reader.readline()
    return status


async def _client(port: int, paths: Callable[[int], str], start: int, headers: bytes, warm_until: float,
                  until: float, tally: Tally) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        for i in itertools.count(start, CLIENTS):
            request = f"GET {paths(i)} HTTP/1.1\r\nHost: bench\r\n".encode() + headers + b"\r\n"
            began = time.perf_counter()
            if began >= until:
                return
            status = await _exchange(reader, writer, request)
            if began >= warm_until:
                tally.latencies.append(time.perf_counter() - began)
                tally.errors += status != 200
    finally:
        writer.close()


async def _drive(port: int, paths: Callable[[int], str], headers: bytes, seconds: float,
                 tally: Tally) -> None:
    """Run CLIENTS connections for a second of warm-up and `seconds` of measurement."""
    now = time.perf_counter()
    warm_until, until = now + 1.0, now + 1.0 + seconds
    await asyncio.gather(*(_client(port, paths, c, headers, warm_until, until, tally)
                           for c in range(CLIENTS)))
    tally.seconds += seconds


def serve(app: str, env: dict[str, str], factory: bool) -> tuple[subprocess.Popen[bytes], int]:
    """Start an app under uvicorn, one worker, no access log; return it once it answers."""
    port = free_port()
    command = [sys.executable, "-m", "uvicorn", app, "--host", "127.0.0.1", "--port", str(port),
               "--log-level", "warning", "--no-access-log", *(["--factory"] if factory else [])]
    server = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **env})
    deadline = time.monotonic() + 300  # a loaded shared machine starts slowly
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/api/v1/households/00000000-0000-0000-0000-000000000000")
            return server, port
        except httpx.TransportError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError(f"{app} did not start")


def explain(url: str, s: Sample) -> None:
    """Print the plans of the list queries (the reference's SQL is the service's) on the loaded data."""
    import reads_reference as ref

    last = s.towns["last"]
    plans = {
        f"town {last}": (ref._LIST.format(status=""), {"low": last, "high": ref._upper(last), "limit": 50}),
        f"town {last}, status=candidate": (ref._LIST.format(status="AND h.status = %(status)s"),
                                           {"low": last, "high": ref._upper(last), "limit": 50,
                                            "status": "candidate"}),
        "work list, open": (ref._PROCEDURES.format(state="AND state = %(state)s"),
                            {"low": COUNTY, "high": ref._upper(COUNTY), "limit": 50, "state": "open"}),
        "change feed page": (ref._EVENTS, {"after": s.head // 2, "low": COUNTY, "high": ref._upper(COUNTY),
                                           "limit": 100}),
    }
    import psycopg

    with psycopg.connect(url.replace("postgresql+psycopg", "postgresql")) as conn:
        for title, (sql, params) in plans.items():
            print(f"-- EXPLAIN ANALYZE: {title}")
            for (line,) in conn.execute("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + sql, params):
                print("   ", line)


def report(rows: list[tuple[Endpoint, Tally, Tally]]) -> None:
    """Print one line per endpoint and app, the ratios and whether the targets hold."""
    print(f"\n{'endpoint':40s} {'app':9s} {'req/s':>8s} {'p50 ms':>8s} {'p99 ms':>8s} {'errors':>6s}"
          f" {'ratio':>6s} {'p99 x':>6s}  target")
    for endpoint, mine, ref in rows:
        for label, t in (("service", mine), ("reference", ref)):
            print(f"{endpoint.name:40s} {label:9s} {t.rate:8.0f} {t.percentile(0.5):8.1f} "
                  f"{t.percentile(0.99):8.1f} {t.errors:6d}", end="")
            if label == "service":
                ratio, p99 = mine.rate / ref.rate, mine.percentile(0.99) / ref.percentile(0.99)
                wanted = TARGET_LIST_RATE if endpoint.is_list else TARGET_RATE
                met = ratio >= wanted and (p99 <= TARGET_P99 or not endpoint.is_list) and not mine.errors
                goal = f">= {wanted:.2f}" + (f", p99 <= {TARGET_P99:.0f}x" if endpoint.is_list else "")
                print(f" {ratio:6.2f} {p99:6.2f}  {goal}: {'met' if met else 'MISSED'}")
            else:
                print()


def main() -> None:
    """Load or reuse the register, start both apps, alternate them per endpoint, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--households", type=int, default=200_000)
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--fresh", action="store_true", help="reload the register even if kept")
    parser.add_argument("--explain", action="store_true", help="print the list queries' plans")
    parser.add_argument("--only", default="", help="comma-separated endpoint name prefixes")
    args = parser.parse_args()
    url = prepare(args.households, args.fresh)
    s = sample(url)
    if args.explain:
        explain(url, s)
    token = mint_token(IdentificationSettings(), subject="bench-reader", roles=["county_official"],
                       region=COUNTY)
    service, service_port = serve("services.identification.main:create_app",
                                  {"IDENTIFICATION_DATABASE_URL": url, "IDENTIFICATION_ENVIRONMENT": "test"},
                                  factory=True)
    reference, reference_port = serve("reads_reference:app", {
        "BENCH_READS_DSN": url.replace("postgresql+psycopg", "postgresql"),
        "PYTHONPATH": str(Path(__file__).resolve().parent)}, factory=False)
    wanted = [e for e in endpoints(s)
              if not args.only or any(e.name.startswith(p) for p in args.only.split(","))]
    auth = f"Authorization: Bearer {token}\r\n".encode()
    rows = [(e, Tally(), Tally()) for e in wanted]
    try:
        for _ in range(args.rounds):
            for endpoint, mine, ref in rows:
                asyncio.run(_drive(service_port, endpoint.service, auth, args.seconds, mine))
                asyncio.run(_drive(reference_port, endpoint.reference, auth, args.seconds, ref))
    finally:
        for server in (service, reference):
            server.terminate()
            server.wait()
    print(f"\n{args.households:,} households, {CLIENTS} clients, {args.rounds} x {args.seconds:.0f} s per "
          f"endpoint and app, load average {os.getloadavg()[0]:.1f}")
    report(rows)
    print(f"\nmedian service/reference rate ratio: "
          f"{statistics.median(m.rate / r.rate for _, m, r in rows):.2f}")


if __name__ == "__main__":
    main()
