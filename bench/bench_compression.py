"""Where gzip pays: compression time and size of real list pages, against sending them as they are.

    .venv/bin/python bench/bench_compression.py [--repeat 200]

Renders household list pages of 1 to 200 items with the service's own response model (Chinese names,
real codes), gzips each at the levels GZipMiddleware could use, and prints, per page: its size, the
compressed size, the CPU time of compressing (best of --repeat), and the time to send it over two slow
links (EDGE at 200 kbit/s and 3G at 1 Mbit/s: bytes only, no latency), compressed against identity.
The TCP column counts 1,460-byte segments: a body that already fits in one gains no round trip.
"""

from __future__ import annotations

import argparse
import gzip
import io
import random
import time
import uuid

from faker import Faker

from services.identification.codes import HouseholdCategory, HouseholdStatus, PovertyCause
from services.identification.households.schemas import HouseholdSummary
from shared.pagination import Page

SEGMENT = 1460
LINKS = {"EDGE": 200_000, "3G": 1_000_000}  # bits per second
LEVELS = (1, 5, 6, 9)
SIZES = (1, 2, 3, 5, 10, 20, 50, 100, 200)


def page_body(items: int, rng: random.Random, fake: Faker) -> bytes:
    """A list page as the service sends it."""
    rows = [HouseholdSummary(id=uuid.UUID(int=rng.getrandbits(128)), household_no=f"4418822012{n:06d}",
                             region_code=f"44188220{rng.randint(1, 9)}{rng.randint(201, 212)}",
                             head_name=fake.name(), status=rng.choice(list(HouseholdStatus)),
                             category=rng.choice(list(HouseholdCategory)),
                             primary_cause=rng.choice(list(PovertyCause)),
                             member_count=rng.randint(1, 7), version=rng.randint(1, 9)) for n in range(items)]
    cursor = "WyI0NDE4ODIyMDEyMDQiLCI0NDE4ODIyMDEyMDQwMDAwMTIiXQ"
    page = Page[HouseholdSummary](items=rows, next_cursor=cursor)
    return page.model_dump_json().encode()


def gzip_like_starlette(body: bytes, level: int) -> bytes:
    """Compress as GZipMiddleware does: a GzipFile over a buffer."""
    buffer = io.BytesIO()
    with gzip.GzipFile(mode="wb", fileobj=buffer, compresslevel=level) as file:
        file.write(body)
    return buffer.getvalue()


def best_time(body: bytes, level: int, repeat: int) -> float:
    """Best wall time of compressing the body, in microseconds."""
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        gzip_like_starlette(body, level)
        best = min(best, time.perf_counter() - started)
    return best * 1e6


def send_ms(size: int, bits_per_second: int) -> float:
    """Milliseconds to push the bytes through the link."""
    return size * 8 / bits_per_second * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    rng, fake = random.Random(7), Faker("zh_CN")
    Faker.seed(7)
    print(f"{'items':>5} {'bytes':>7} {'lvl':>3} {'gzip':>7} {'ratio':>6} {'µs':>7} {'segs':>9} "
          + " ".join(f"{name + ' ms':>14}" for name in LINKS) + "  (compressed vs identity)")
    saving: list[int] = []
    for items in SIZES:
        body = page_body(items, rng, fake)
        if -(-len(gzip_like_starlette(body, 5)) // SEGMENT) < -(-len(body) // SEGMENT):
            saving.append(len(body))
        for level in LEVELS:
            packed = gzip_like_starlette(body, level)
            cpu_us = best_time(body, level, args.repeat)
            segments = f"{-(-len(body) // SEGMENT)}→{-(-len(packed) // SEGMENT)}"
            links = " ".join(f"{send_ms(len(packed), bps) + cpu_us / 1000:6.1f} / "
                             f"{send_ms(len(body), bps):5.1f}" for bps in LINKS.values())
            print(f"{items:>5} {len(body):>7} {level:>3} {len(packed):>7} {len(packed) / len(body):>6.2f} "
                  f"{cpu_us:>7.0f} {segments:>9} {links}")
    print(f"smallest page that level 5 sends in fewer segments: {min(saving)} bytes; every page of one "
          f"segment ({SEGMENT} bytes) or less stays one segment compressed")


if __name__ == "__main__":
    main()
