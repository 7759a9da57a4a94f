"""Export N households (4 members each) over HTTP from a real server; print rows/s and memory.

The register is loaded by raw COPY (untimed), then GET /api/v1/households/export streams it
from the service under uvicorn (its own process, on 127.0.0.1) to an httpx client here, which
counts what arrives. A sampler reads the server's resident memory every 20 ms: flat memory
means the peak stays near the level before the export, whatever the number of rows.

    .venv/bin/python bench/bench_export.py [--households 200000] [--formats ndjson,csv]
"""

from __future__ import annotations

import argparse
import itertools
import os
import socket
import subprocess
import sys
import threading
import time
import uuid
from datetime import date
from pathlib import Path

import httpx
from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_import import HOUSE_COLUMNS, MEMBER_COLUMNS, households, open_service, villages
from pgdb import create_database, drop_database

from services.identification.settings import IdentificationSettings
from shared.auth import mint_token
from shared.db import Database
from shared.types import utcnow

PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
ROOT = Path(__file__).resolve().parent.parent
RELATIONS = ("head", "spouse", "son", "daughter")


def rss_mb(pid: int) -> float:
    """Return a process's resident memory in MB."""
    with open(f"/proc/{pid}/statm") as handle:
        return int(handle.read().split()[1]) * PAGE_SIZE / 1e6


class Sampler(threading.Thread):
    """Record a process's peak resident memory while running."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak = rss_mb(pid)
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.02):
            self.peak = max(self.peak, rss_mb(self.pid))


def load(db: Database, count: int, codes: list[str]) -> None:
    """COPY the register in slices of 10,000 households, so loading keeps memory small too."""
    cipher, now = db.context.cipher, utcnow()
    source = households(count, codes)
    while True:
        house_rows, member_rows = [], []
        for no, village, members in itertools.islice(source, 10_000):
            hid = uuid.uuid4()
            house_rows.append((hid, no, village, village[:6], f"{village[-3:]}村{no[-4:]}号",
                               "identified", "general", "illness", "[]", "unassessed",
                               "not_needed", True, date(2016, 6, 30), now, now, 1))
            for seq, (name, number, rel) in enumerate(members, 1):
                birth = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
                member_rows.append((uuid.uuid4(), hid, seq, name,
                                    cipher.encrypt(number, "member.id_number"),
                                    cipher.lookup_hash(number, "id_number"),
                                    "male" if int(number[16]) % 2 else "female", birth,
                                    RELATIONS[rel], "primary", "not_school_age", "healthy",
                                    "normal", False, False, False, "not_applicable", True, now, now))
        if not house_rows:
            return
        with db.engine.begin() as conn:
            cursor = conn.connection.driver_connection.cursor()
            for table, columns, rows in (("households", HOUSE_COLUMNS, house_rows),
                                         ("members", MEMBER_COLUMNS, member_rows)):
                with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)


def free_port() -> int:
    """Return a free TCP port on the loopback interface."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(url: str) -> tuple[subprocess.Popen[bytes], int]:
    """Start the service under uvicorn in its own process; return it once it answers."""
    port = free_port()
    env = {**os.environ, "IDENTIFICATION_DATABASE_URL": url, "IDENTIFICATION_ENVIRONMENT": "test"}
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "services.identification.main:create_app", "--factory",
         "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning", "--no-access-log"],
        cwd=ROOT, env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz").status_code == 200:
                return server, port
        except httpx.TransportError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("the service did not start")


def export(pid: int, port: int, token: str, fmt: str) -> tuple[float, int, int, float, float]:
    """Stream one export; return seconds, lines, bytes, server RSS before and at peak (MB)."""
    sampler = Sampler(pid)
    before = sampler.peak
    sampler.start()
    started, lines, size = time.perf_counter(), 0, 0
    with httpx.Client(timeout=None) as client, client.stream(
            "GET", f"http://127.0.0.1:{port}/api/v1/households/export", params={"format": fmt},
            headers={"Authorization": f"Bearer {token}"}) as response:
        response.raise_for_status()
        for chunk in response.iter_bytes():
            lines += chunk.count(b"\n")
            size += len(chunk)
    seconds = time.perf_counter() - started
    sampler.done.set()
    sampler.join()
    return seconds, lines, size, before, sampler.peak


def main() -> None:
    """Load, export in each format, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--households", type=int, default=200_000)
    parser.add_argument("--formats", default="ndjson,csv")
    args = parser.parse_args()
    count, name = args.households, f"bench_export_{os.getpid()}"
    try:
        url = create_database(name)
        db = open_service(url)
        load(db, count, villages(db))
        with db.engine.connect() as conn:  # the statistics autovacuum would have gathered by now
            conn.execute(text("ANALYZE households, members"))
            conn.commit()
        db.dispose()
        server, port = serve(url)
        token = mint_token(IdentificationSettings(), subject="bench-reader",
                           roles=["county_official"], region="441882")
        rows = count * 5
        print(f"register: {count:,} households + {count * 4:,} members = {rows:,} rows")
        for fmt in args.formats.split(","):
            seconds, lines, size, before, peak = export(server.pid, port, token, fmt)
            print(f"{fmt:6s}: {seconds:6.1f} s  {rows / seconds:9,.0f} rows/s  {lines:,} lines  "
                  f"{size / 1e6:7.1f} MB  RSS before {before:6.1f} MB, peak {peak:6.1f} MB "
                  f"(+{peak - before:.1f} MB)")
        server.terminate()
        server.wait()
    finally:
        drop_database(name)


if __name__ == "__main__":
    main()
