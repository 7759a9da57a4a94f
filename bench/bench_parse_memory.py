"""Peak memory of reading a large county CSV into checked chunks, against the file's size."""

from __future__ import annotations

import argparse
import csv
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from services.identification.demo import compose_id_number

HEADER = ["户编号", "所在村代码", "住址", "贫困户属性", "主要致贫原因", "饮水安全", "姓名", "身份证号码",
          "与户主关系", "劳动能力", "文化程度", "健康状况", "状态", "识别时间"]
RELATIONS = ["户主", "配偶", "之子", "之女"]
CHUNK_HOUSEHOLDS = 2000  # the import runner's chunk


def render(path: Path, households: int) -> None:
    """Write N households of 4 members in the county layout to a file, row by row."""
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(HEADER)
        for h in range(households):
            village = f"441882100{201 + h % 20:03d}"
            no = f"{village}{h // 20:06d}"
            for m in range(4):
                k = h * 4 + m
                birth = date(1940, 1, 1) + timedelta(days=k % 25_000)
                writer.writerow([no, village, f"{village[-3:]}村{no[-4:]}号", "一般贫困户", "因病", "是",
                                 f"成员{h}之{m}", compose_id_number("441882", birth, k // 25_000),
                                 RELATIONS[m], "普通劳动力", "小学", "健康", "在册贫困户", "2016-06-30"])


def store(path: Path, url: str) -> str:
    """Migrate a SQLite database and submit the file as an import job; return the job id (child mode)."""
    from services.identification.bulk import service as bulk_service
    from services.identification.bulk.schemas import ImportMode
    from services.identification.models import infra
    from shared.auth import Caller
    from shared.db import Database
    from shared.migrations import upgrade

    upgrade("identification", url)
    db = Database(url, {"infra": infra, "source": "identification"})
    county = Caller("bench", frozenset({"county_official"}), "441882")
    with db.transaction() as session:
        job = bulk_service.submit_import(session, county, "county.csv", path.read_bytes(),
                                         ImportMode.VALIDATE_ONLY, "utf-8")
    db.dispose()
    return str(job.id)


def measure(url: str, job_id: str) -> None:
    """Stream the stored file into chunks as the runner does and print the peak (child mode)."""
    import uuid

    from services.identification.bulk import repository as repo
    from services.identification.bulk.parsers import contains_nul, read_groups
    from services.identification.models import infra
    from shared.db import Database

    db = Database(url, {"infra": infra, "source": "identification"})
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started, groups, chunk = time.perf_counter(), 0, []
    with repo.job_file(db, uuid.UUID(job_id)) as stream:
        contains_nul(stream)
        for group in read_groups(stream, "csv", "utf-8"):
            chunk.append(group)
            groups += 1
            if len(chunk) >= CHUNK_HOUSEHOLDS:
                chunk = []
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"read {groups} households in {time.perf_counter() - started:.1f} s; resident before "
          f"{before / 1024:.1f} MB, peak {peak / 1024:.1f} MB: growth {(peak - before) / 1024:.1f} MB")


def main() -> None:
    """Render the file, store it as a job, then measure a fresh process reading it."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--households", type=int, default=200_000)
    parser.add_argument("--store", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--measure", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.store:
        print(store(Path(args.store[0]), args.store[1]))
        return
    if args.measure:
        measure(*args.measure)
        return
    with tempfile.TemporaryDirectory() as folder:
        path, url = Path(folder) / "county.csv", f"sqlite:///{folder}/identification.db"
        render(path, args.households)
        size = path.stat().st_size / 1024 / 1024
        print(f"file: {args.households} households, {size:.1f} MB; chunk {CHUNK_HOUSEHOLDS} households")
        job_id = subprocess.run([sys.executable, __file__, "--store", str(path), url], check=True,
                                capture_output=True, text=True).stdout.split()[-1]
        subprocess.run([sys.executable, __file__, "--measure", url, job_id], check=True,
                       env={**os.environ, "PYTHONHASHSEED": "0"})


if __name__ == "__main__":
    main()
