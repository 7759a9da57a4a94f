"""Peak memory of a large county CSV import, from upload to the last chunk, against the file's size.

Renders N households of 4 members in the county layout, then in fresh processes (so each peak
is its own): submits the file through the import service as the route does (a spooled upload
read a chunk at a time) and runs the job to its end with the import worker, on a SQLite
database built by the real migrations. Each prints its resident memory before and at its peak
(`ru_maxrss`). A file a quarter the size runs first as the baseline: growth that follows the
file shows as a ratio near 4, growth bounded by the chunk as a ratio near 1.

    .venv/bin/python bench/bench_import_memory.py [--households 230000] [--mode accept_valid]
"""

from __future__ import annotations

import argparse
import csv
import json
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from services.identification.demo import compose_id_number

HEADER = ["户编号", "所在村代码", "住址", "贫困户属性", "主要致贫原因", "饮水安全", "姓名", "身份证号码",
          "与户主关系", "劳动能力", "文化程度", "健康状况", "状态", "识别时间"]
RELATIONS = ["户主", "配偶", "之子", "之女"]


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


def _service(folder: str):
    """Build identification on the folder's SQLite database (migrated and seeded on first use)."""
    from services.identification.main import create_app
    from services.identification.settings import IdentificationSettings

    settings = IdentificationSettings(database_url=f"sqlite:///{folder}/identification.db",
                                      environment="test", audit_checkpoint_dir=Path(folder) / "audit")
    return create_app(settings).state.db


def _resident_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def setup(folder: str) -> None:
    """Migrate the database and load the demo county's regions (child mode)."""
    from services.identification.demo import load_demo_regions
    from shared.migrations import upgrade

    upgrade("identification", f"sqlite:///{folder}/identification.db")
    db = _service(folder)
    with db.transaction() as session:
        load_demo_regions(session)
    db.dispose()


def submit(folder: str, path: str, mode: str) -> None:
    """Submit the file as the route does and print the peak (child mode)."""
    from services.identification.bulk import service as bulk_service
    from services.identification.bulk.schemas import ImportMode
    from shared.auth import Caller, permissions_for

    db = _service(folder)
    county = Caller("bench", frozenset({"county_official"}), "441882",
                    permissions=permissions_for({"county_official"}, set()))
    before, started = _resident_mb(), time.perf_counter()
    with open(path, "rb") as upload, db.transaction() as session:
        job = bulk_service.submit_import(session, county, "county.csv", upload, Path(path).stat().st_size,
                                         ImportMode(mode), "utf-8")
    print(json.dumps({"job": str(job.id), "seconds": time.perf_counter() - started, "before": before,
                      "peak": _resident_mb()}))


def run(folder: str, job_id: str) -> None:
    """Run the job to its end with the import worker and print the peak (child mode)."""
    from services.identification.bulk import repository as repo
    from services.identification.bulk.runner import ImportRunner

    db = _service(folder)
    before, started = _resident_mb(), time.perf_counter()
    assert ImportRunner(db).run_next()
    with db.transaction(write=False) as session:
        job = repo.get_job(session, uuid.UUID(job_id))
        outcome = {"state": job.state, "households": job.groups_done, "rejected": job.rows_rejected}
    print(json.dumps({**outcome, "seconds": time.perf_counter() - started, "before": before,
                      "peak": _resident_mb()}))


def _child(*args: str) -> dict:
    done = subprocess.run([sys.executable, __file__, *args], check=True, capture_output=True, text=True)
    lines = done.stdout.strip().splitlines()
    return json.loads(lines[-1]) if lines else {}


def measure(households: int, mode: str) -> dict:
    """Render, submit and import one file in a folder of its own; return sizes and growths in MB."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "county.csv"
        render(path, households)
        _child("--setup", folder)
        size = path.stat().st_size / 1024 / 1024
        submitted = _child("--submit", folder, str(path), mode)
        ran = _child("--run", folder, submitted["job"])
    result = {"households": households, "file_mb": size,
              "submit": submitted["peak"] - submitted["before"], "submit_s": submitted["seconds"],
              "import": ran["peak"] - ran["before"], "import_s": ran["seconds"], "state": ran["state"]}
    print(f"{households:>8} households, {size:7.1f} MB file: upload +{result['submit']:.1f} MB "
          f"({result['submit_s']:.1f} s), import +{result['import']:.1f} MB ({result['import_s']:.1f} s, "
          f"{ran['state']}, {ran['households']} households)", flush=True)
    return result


def main() -> None:
    """Measure a quarter-size baseline and the full file; print the ratios."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--households", type=int, default=230_000)
    parser.add_argument("--mode", default="accept_valid", choices=["accept_valid", "validate_only",
                                                                   "all_or_nothing"])
    parser.add_argument("--setup", nargs=1, help=argparse.SUPPRESS)
    parser.add_argument("--submit", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--run", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.setup:
        return setup(*args.setup)
    if args.submit:
        return submit(*args.submit)
    if args.run:
        return run(*args.run)
    base = measure(args.households // 4, args.mode)
    full = measure(args.households, args.mode)
    upload, work = (full[k] / max(base[k], 0.1) for k in ("submit", "import"))
    print(f"file x{full['file_mb'] / base['file_mb']:.2f}: upload growth x{upload:.2f}, import growth "
          f"x{work:.2f} ({args.mode}; growth above the process after start-up, ru_maxrss)")


if __name__ == "__main__":
    main()
