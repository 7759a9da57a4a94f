"""What rendering a list page costs: building the response models with and without validation, and JSON.

    .venv/bin/python bench/bench_render.py [--items 50] [--number 2000]

Prints microseconds per page for each way of building 50 `HouseholdSummary` models from database values
(validated, as the router does; `model_construct`, which skips validation), for dumping the page to JSON
with pydantic, and, as the baseline in the same run, `orjson.dumps` of the same rows as plain dicts.
"""

from __future__ import annotations

import argparse
import timeit
import uuid

import orjson

from services.identification.codes import HouseholdCategory, HouseholdStatus, PovertyCause
from services.identification.households.schemas import HouseholdSummary
from shared.pagination import Page


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--number", type=int, default=2000)
    args = parser.parse_args()
    rows = [dict(id=uuid.uuid4(), household_no=f"441882201204{n:06d}", region_code="441882201204",
                 head_name="张小明", status=HouseholdStatus.IDENTIFIED, category=HouseholdCategory.GENERAL,
                 primary_cause=PovertyCause.ILLNESS, member_count=4, version=2) for n in range(args.items)]
    built = [HouseholdSummary(**row) for row in rows]
    page_type = Page[HouseholdSummary]
    ways = {
        "orjson.dumps of dicts (baseline)": lambda: orjson.dumps({"items": rows, "next_cursor": "x"}),
        "validated models": lambda: [HouseholdSummary(**row) for row in rows],
        "model_construct (no validation)": lambda: [HouseholdSummary.model_construct(**row) for row in rows],
        "page + model_dump_json": lambda: page_type(items=built, next_cursor="x").model_dump_json(),
    }
    base = None
    for name, way in ways.items():
        micros = min(timeit.repeat(way, number=args.number, repeat=3)) / args.number * 1e6
        base = base or micros
        print(f"{name:<36} {micros:8.1f} µs per page of {args.items}  {micros / base:5.2f}× baseline")


if __name__ == "__main__":
    main()
