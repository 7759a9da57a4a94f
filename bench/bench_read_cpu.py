"""CPU per read request, in process: the service's ASGI app against the raw-psycopg reference's.

bench_reads.py measures requests/s over HTTP on a shared machine, where what the other processes do
moves every figure. This drives each app's ASGI callable directly, one request at a time, on the
register bench_reads.py loaded, and prints the process CPU time per request of each and their
ratio (the reference's over the service's: the requests/s ratio a CPU-bound server would reach).

    .venv/bin/python bench/bench_read_cpu.py [--requests 800] [--only "read by id,list by village"]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import bench_reads
import reads_reference
from pgdb import database_url

from services.identification.main import create_app
from services.identification.settings import IdentificationSettings
from shared.auth import mint_token

WARM_UP = 50


async def _request(app: Any, path: str, headers: list[tuple[bytes, bytes]]) -> int:
    """Send one GET through an ASGI app; return its status."""
    route, _, query = path.partition("?")
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
             "scheme": "http", "path": route, "raw_path": route.encode(), "query_string": query.encode(),
             "headers": headers, "client": ("127.0.0.1", 1), "server": ("127.0.0.1", 80), "root_path": "",
             "state": {}}
    status: list[int] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            status.append(message["status"])

    await app(scope, receive, send)
    return status[0]


async def cpu_per_request(app: Any, paths: Callable[[int], str], headers: list[tuple[bytes, bytes]],
                          count: int) -> float:
    """Warm up, then return the process CPU milliseconds per request over `count` requests."""
    for i in range(WARM_UP):
        assert await _request(app, paths(i), headers) == 200
    began = time.process_time()
    for i in range(count):
        await _request(app, paths(WARM_UP + i), headers)
    return (time.process_time() - began) / count * 1000


async def run(args: argparse.Namespace) -> None:
    """Measure each endpoint on the service, then on the reference, and print the figures."""
    url = database_url(bench_reads.NAME)
    os.environ.update({"IDENTIFICATION_DATABASE_URL": url, "IDENTIFICATION_ENVIRONMENT": "test"})
    service = create_app()
    logging.getLogger("suite.access").setLevel(logging.WARNING)  # the HTTP bench's servers log; not this
    await reads_reference.connections.open(url.replace("postgresql+psycopg", "postgresql"))
    token = mint_token(IdentificationSettings(), subject="bench-reader", roles=["county_official"],
                       region=bench_reads.COUNTY)
    headers = [(b"host", b"bench"), (b"authorization", f"Bearer {token}".encode())]
    wanted = [e for e in bench_reads.endpoints(bench_reads.sample(url))
              if any(e.name.startswith(p) for p in args.only.split(","))]
    print(f"{'endpoint':40s} {'service ms':>10s} {'reference ms':>12s} {'ratio':>6s}")
    for endpoint in wanted:
        mine = await cpu_per_request(service, endpoint.service, headers, args.requests)
        ref = await cpu_per_request(reads_reference.app, endpoint.reference, headers, args.requests)
        print(f"{endpoint.name:40s} {mine:10.2f} {ref:12.2f} {ref / mine:6.2f}")
    await reads_reference.connections.close()
    await service.state.db.dispose_async()
    print(f"load average {os.getloadavg()[0]:.1f}")


def main() -> None:
    """Parse the options and run."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=800)
    parser.add_argument("--only", default="read by id,list by village,list by town (last,procedures")
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
