"""Guangdong's real province, city and county codes, loaded by the first migration."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import sqlalchemy as sa

DATA = Path(__file__).resolve().parent / "data"


def read_csv(name: str) -> list[dict[str, str]]:
    """Read one of the bundled region CSV files."""
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load_reference_regions(op: Any) -> None:
    """Insert the province, its 21 cities and 122 county-level divisions."""
    regions = sa.table(
        "regions",
        sa.column("code", sa.String), sa.column("name", sa.String), sa.column("level", sa.String),
        sa.column("parent_code", sa.String), sa.column("relatively_poor", sa.Boolean),
        sa.column("old_revolutionary_base", sa.Boolean), sa.column("central_soviet_area", sa.Boolean),
        sa.column("ethnic_minority_area", sa.Boolean), sa.column("tidy_village", sa.Boolean),
        sa.column("next_household_serial", sa.Integer), sa.column("version", sa.Integer),
    )
    rows = [
        {"code": r["code"], "name": r["name"], "level": r["level"], "parent_code": r["parent_code"] or None,
         "relatively_poor": False, "old_revolutionary_base": False, "central_soviet_area": False,
         "ethnic_minority_area": False, "tidy_village": False, "next_household_serial": 1, "version": 1}
        for r in read_csv("guangdong_regions.csv")
    ]
    op.bulk_insert(regions, rows)
