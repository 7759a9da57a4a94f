"""Matching at provincial scale: the top 10 jobs for each of 100,000 labourers among 10,000 positions.

Two ways on the same data, in one process so the ratio holds on a noisy machine:

1. engine: `services.employment.matching.engine.top_jobs`, the vectorised matcher the API uses;
2. loop: the straightforward way, `rules.evaluate` for every pair of a person and a position, then a
   sort by score and tie-break; too slow to run in full, so it runs on a sample of labourers and is
   extrapolated to all of them.

The run fails unless the engine's top 10 equals the loop's for every sampled labourer.

    .venv/bin/python bench/bench_matching.py [--people 100000] [--positions 10000] [--sample 100]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from services.employment.matching.engine import Candidates, Openings, top_jobs
from services.employment.matching.rules import evaluate, job_order
from tests.employment.matching_data import population


def _loop_top(person, jobs, k: int) -> list[tuple[object, int]]:
    """The straightforward ranking of one person: every pair judged, then sorted."""
    judged = [(evaluate(person, job).score, job) for job in jobs]
    ranked = sorted(((s, j) for s, j in judged if s is not None), key=lambda sj: (-sj[0], job_order(sj[1])))
    return [(j.position_id, s) for s, j in ranked[:k]]


def main() -> None:
    """Run both ways and print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--positions", type=int, default=10_000)
    parser.add_argument("--sample", type=int, default=100)
    args = parser.parse_args()
    people, jobs = population(2019, args.people, args.positions)
    print(f"{args.people:,} labourers, {args.positions:,} positions, top 10 each", flush=True)

    began = time.perf_counter()
    candidates, openings = Candidates.of(people), Openings.of(jobs)
    columns = time.perf_counter() - began
    began = time.perf_counter()
    found = top_jobs(candidates, openings, 10)
    engine = time.perf_counter() - began
    print(f"engine: columns {columns:.2f} s, ranking {engine:.2f} s, total {columns + engine:.2f} s",
          flush=True)

    sample = random.Random(1).sample(range(len(candidates.items)), args.sample)
    began = time.perf_counter()
    expected = {i: _loop_top(candidates.items[i], jobs, 10) for i in sample}
    loop_sample = time.perf_counter() - began
    loop = loop_sample * len(candidates.items) / len(sample)
    print(f"loop: {len(sample)} labourers in {loop_sample:.2f} s, extrapolated to all: {loop:,.0f} s",
          flush=True)
    for i in sample:
        got = [(openings.items[j].position_id, s) for j, s in found[i]]
        if got != expected[i]:
            raise SystemExit(f"engine and loop disagree for labourer {i}: {got} != {expected[i]}")
    ratio = loop / (columns + engine)
    print(f"results equal on the sample; loop / engine (columns + ranking) = {ratio:,.0f}×")


if __name__ == "__main__":
    main()
