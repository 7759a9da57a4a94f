"""Import N households (4 members each) into PostgreSQL through the import path and by raw COPY.

Each run loads the same rows into a fresh database built by the real migrations (indexes and
foreign keys in place); COPY runs before and after the import, all in one process, so the ratio
holds even though absolute rates drift from minute to minute on a shared two-core machine.

    .venv/bin/python bench/bench_import.py [--households 200000]
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import sys
import time
import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from pgdb import create_database, drop_database
from sqlalchemy import func, select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from services.identification.bulk import service as bulk_service
from services.identification.bulk.runner import ImportRunner
from services.identification.bulk.schemas import ImportMode
from services.identification.demo import compose_id_number, load_demo_regions
from services.identification.main import create_app
from services.identification.models import Household, Member, Region
from services.identification.settings import IdentificationSettings
from shared.auth import Caller, permissions_for
from shared.db import Database
from shared.types import utcnow

HEADER = ["户编号", "所在村代码", "住址", "贫困户属性", "主要致贫原因", "饮水安全", "姓名",
          "身份证号码", "与户主关系", "劳动能力", "文化程度", "健康状况", "状态", "识别时间"]
RELATIONS = ("户主", "配偶", "之子", "之女")
LABOUR = ("普通劳动力", "普通劳动力", "弱劳动力或半劳动力", "无劳动力")
COUNTY = Caller(subject="bench-loader", roles=frozenset({"county_official"}), region="441882",
                permissions=permissions_for({"county_official"}, set()))






def open_service(url: str) -> Database:
    """Build the service on a database (its cipher, journal and session setup) and seed villages."""
    app = create_app(IdentificationSettings(database_url=url, environment="test"))
    db: Database = app.state.db
    with db.transaction() as session:
        load_demo_regions(session)
    return db


def villages(db: Database) -> list[str]:
    """Return the demo county's village codes."""
    with db.transaction(write=False) as session:
        return list(session.execute(
            select(Region.code).where(Region.level == "village").order_by(Region.code)).scalars())


def person_id(k: int) -> str:
    """Return the k-th distinct valid ID number; birth dates spread over 68 years."""
    birth = date(1940, 1, 1) + timedelta(days=k % 25_000)
    return compose_id_number("441882", birth, k // 25_000)


def households(count: int, codes: list[str]) -> Iterator[tuple[str, str, list[tuple[str, str, int]]]]:
    """Yield (household number, village, members as (name, ID number, relation index))."""
    for h in range(count):
        village = codes[h % len(codes)]
        members = [(f"成员{h}之{m}", person_id(h * 4 + m), m) for m in range(4)]
        yield f"{village}{h // len(codes):06d}", village, members


def csv_file(count: int, codes: list[str]) -> bytes:
    """Render the households in the county layout (one row per member, Chinese headers)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    for no, village, members in households(count, codes):
        for name, id_number, rel in members:
            writer.writerow([no, village, f"{village[-3:]}村{no[-4:]}号", "一般贫困户", "因病", "是",
                             name, id_number, RELATIONS[rel], LABOUR[rel], "小学", "健康",
                             "在册贫困户", "2016-06-30"])
    return buffer.getvalue().encode()


def final_rows(db: Database, count: int, codes: list[str]) -> tuple[list[tuple], list[tuple]]:
    """Build the rows exactly as they land in the tables (encrypted, hashed), untimed."""
    cipher = db.context.cipher
    now = utcnow()
    house_rows, member_rows = [], []
    relations = ("head", "spouse", "son", "daughter")
    labour = ("normal", "normal", "weak", "none")
    for no, village, members in households(count, codes):
        hid = uuid.uuid4()
        house_rows.append((hid, no, village, village[:6], f"{village[-3:]}村{no[-4:]}号", "identified",
                           "general", "illness", "[]", "unassessed", "not_needed", True,
                           date(2016, 6, 30), now, now, 1))
        for seq, (name, id_number, rel) in enumerate(members, 1):
            birth = date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
            member_rows.append((
                uuid.uuid4(), hid, seq, name, cipher.encrypt(id_number, "member.id_number"),
                cipher.lookup_hash(id_number, "id_number"),
                "male" if int(id_number[16]) % 2 else "female", birth, relations[rel], "primary",
                "not_school_age", "healthy", labour[rel], False, False, False, "not_applicable",
                True, now, now))
    return house_rows, member_rows


HOUSE_COLUMNS = ("id", "household_no", "region_code", "county_code", "address", "status", "category",
                 "primary_cause", "other_causes", "housing_grade", "renovation_state",
                 "safe_drinking_water", "identified_on", "created_at", "updated_at", "version")
MEMBER_COLUMNS = ("id", "household_id", "seq", "name", "id_number_enc", "id_number_hash", "sex",
                  "birth_date", "relation", "education", "schooling", "health_status",
                  "labour_capacity", "pension_insured", "medical_insured",
                  "critical_illness_insured", "employment", "active", "created_at", "updated_at")


def raw_copy(db: Database, house_rows: list[tuple], member_rows: list[tuple]) -> float:
    """COPY the prepared rows in one transaction; return the seconds it took."""
    started = time.perf_counter()
    with db.engine.begin() as conn:
        cursor = conn.connection.driver_connection.cursor()
        for table, columns, rows in (("households", HOUSE_COLUMNS, house_rows),
                                     ("members", MEMBER_COLUMNS, member_rows)):
            names = ", ".join(columns)
            with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
    return time.perf_counter() - started


def import_path(db: Database, content: bytes) -> tuple[float, dict[str, int]]:
    """Submit the file as an import job and run it to the end; return seconds and counters."""
    started = time.perf_counter()
    with db.transaction() as session:
        job = bulk_service.submit_import(session, COUNTY, "register.csv", io.BytesIO(content),
                                         len(content), ImportMode.ACCEPT_VALID, "utf-8")
    runner = ImportRunner(db)
    assert runner.run_next()
    elapsed = time.perf_counter() - started
    with db.transaction(write=False) as session:
        done = bulk_service.render_job(bulk_service.repo.get_job(session, job.id))
    return elapsed, done.model_dump()


def count_rows(db: Database) -> tuple[int, int]:
    """Count households and members."""
    with db.transaction(write=False) as session:
        return (session.execute(select(func.count()).select_from(Household)).scalar_one(),
                session.execute(select(func.count()).select_from(Member)).scalar_one())


def copy_run(name: str, count: int) -> float:
    """Load the rows by raw COPY into a fresh database; return the seconds COPY took."""
    try:
        db = open_service(create_database(name))
        house_rows, member_rows = final_rows(db, count, villages(db))
        seconds = raw_copy(db, house_rows, member_rows)
        assert count_rows(db) == (count, count * 4)
        db.dispose()
        return seconds
    finally:
        drop_database(name)


def import_run(name: str, count: int) -> tuple[float, int]:
    """Load the same households through the import path; return seconds and the file's size."""
    try:
        db = open_service(create_database(name))
        content = csv_file(count, villages(db))
        seconds, job = import_path(db, content)
        assert job["state"] == "succeeded" and job["rows_rejected"] == 0, job
        assert count_rows(db) == (count, count * 4)
        db.dispose()
        return seconds, len(content)
    finally:
        drop_database(name)


def main() -> None:
    """Run COPY, the import, and COPY again; print the rates and the import's ratio to COPY.

    COPY runs before and after the import and the ratio uses their mean, so a machine that
    speeds up or slows down during the run does not favour either side.
    """
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--households", type=int, default=200_000)
    args = parser.parse_args()
    count, suffix = args.households, os.getpid()
    rows = count * 5
    copy_before = copy_run(f"bench_copy_a_{suffix}", count)
    import_seconds, size = import_run(f"bench_import_{suffix}", count)
    copy_after = copy_run(f"bench_copy_b_{suffix}", count)
    copy_seconds = (copy_before + copy_after) / 2
    copy_rate, import_rate = rows / copy_seconds, rows / import_seconds
    print(f"rows: {count:,} households + {count * 4:,} members = {rows:,} "
          f"(CSV file {size / 1e6:.1f} MB)")
    print(f"raw COPY:    {copy_seconds:8.1f} s  {copy_rate:10,.0f} rows/s "
          f"(mean of {copy_before:.1f} s before and {copy_after:.1f} s after the import)")
    print(f"import path: {import_seconds:8.1f} s  {import_rate:10,.0f} rows/s "
          "(parse, validate every row, match, encrypt, write, audit, change feed)")
    print(f"import / COPY: {import_rate / copy_rate:.2f}  (target >= 0.40)")


if __name__ == "__main__":
    main()
