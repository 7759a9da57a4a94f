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

from services.identification.demo import compose_id_number  # noqa: E402

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


def measure(path: Path) -> None:
    """In this process: stream the file into chunks as the runner does; print the peaks (child mode)."""
    from services.identification.bulk.parsers import read_groups

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started, groups, chunk, largest = time.perf_counter(), 0, [], 0
    with path.open("rb") as stream:
        for group in read_groups(stream, "csv", "utf-8"):
            chunk.append(group)
            groups += 1
            if len(chunk) >= CHUNK_HOUSEHOLDS:
                largest, chunk = max(largest, len(chunk)), []
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"{groups} households in {time.perf_counter() - started:.1f} s; "
          f"resident before {before / 1024:.1f} MB, peak {peak / 1024:.1f} MB, "
          f"growth {(peak - before) / 1024:.1f} MB")


def main() -> None:
    """Render the file, then measure a fresh process reading it."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--households", type=int, default=200_000)
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure(args.measure)
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "county.csv"
        render(path, args.households)
        size = path.stat().st_size / 1024 / 1024
        print(f"file: {args.households} households, {size:.1f} MB; chunk {CHUNK_HOUSEHOLDS} households")
        subprocess.run([sys.executable, __file__, "--measure", str(path)], check=True,
                       env={**os.environ, "PYTHONHASHSEED": "0"})


if __name__ == "__main__":
    main()
