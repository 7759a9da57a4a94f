"""Helpers of the bulk import tests: files in the county layout and waiting for jobs."""

from __future__ import annotations

import csv
import io
import json
import time
import uuid
from datetime import date
from typing import Any

from sqlalchemy import func, select

from services.identification.demo import compose_id_number
from services.identification.models import ImportClaim, ImportFileChunk, ImportJob

VILLAGE = "441882100201"
OTHER_VILLAGE = "441882100202"
CSV_HEADER = ["户编号", "所在村代码", "住址", "贫困户属性", "主要致贫原因", "饮水安全", "姓名",
              "身份证号码", "与户主关系", "劳动能力", "状态", "识别时间", "脱贫时间"]


def person(serial: int, year: int = 1970) -> str:
    """Return a valid ID number of the demo county (odd serial: male)."""
    return compose_id_number("441882", date(year, 3, 1), serial)


def csv_row(no: str, name: str, id_number: str, relation: str = "户主",
            village: str = VILLAGE, **over: str) -> list[str]:
    """Build one member row of the county layout."""
    row = {"户编号": no, "所在村代码": village, "住址": "三古滩村1号", "贫困户属性": "低保贫困户",
           "主要致贫原因": "因病", "饮水安全": "是", "姓名": name, "身份证号码": id_number,
           "与户主关系": relation, "劳动能力": "普通劳动力", "状态": "在册贫困户",
           "识别时间": "2016-06-30", "脱贫时间": ""}
    row.update(over)
    return [row[h] for h in CSV_HEADER]


def csv_bytes(rows: list[list[str]], header: list[str] | None = None,
              encoding: str = "utf-8") -> bytes:
    """Render rows under the county header."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header or CSV_HEADER)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def household_json(no: str, members: list[tuple[str, str, str]], **over: Any) -> dict[str, Any]:
    """Build one NDJSON household: members as (name, id number, relation)."""
    body = {"household_no": no, "region_code": VILLAGE, "address": "三古滩村2号",
            "category": "general", "primary_cause": "illness", "safe_drinking_water": True,
            "members": [{"name": n, "id_number": i, "relation": r, "labour_capacity": "normal"}
                        for n, i, r in members]}
    body.update(over)
    return body


def ndjson_bytes(households: list[dict[str, Any]]) -> bytes:
    """Render households one per line."""
    return "".join(json.dumps(h, ensure_ascii=False) + "\n" for h in households).encode()


def submit(ident: Any, content: bytes, filename: str = "households.csv", mode: str = "accept_valid",
           **params: str) -> dict[str, Any]:
    """Upload a file and return the job as first answered."""
    r = ident.client.post("/api/v1/imports", params={"mode": mode, **params},
                          files={"file": (filename, content)}, headers=ident.headers())
    assert r.status_code == 202, r.text
    return r.json()


def wait(ident: Any, job_id: str, limit: float = 60.0) -> dict[str, Any]:
    """Poll a job until it has finished (the bound only stops a hung test)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        job = ident.client.get(f"/api/v1/jobs/{job_id}", headers=ident.headers()).json()
        if job["state"] in ("succeeded", "failed", "cancelled"):
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} did not finish")


def run_import(ident: Any, content: bytes, filename: str = "households.csv",
               mode: str = "accept_valid", **params: str) -> dict[str, Any]:
    """Upload a file and wait for its job."""
    return wait(ident, submit(ident, content, filename, mode, **params)["id"])


def errors_of(ident: Any, job_id: str) -> list[dict[str, Any]]:
    """Return a job's error report."""
    r = ident.client.get(f"/api/v1/jobs/{job_id}/errors", params={"limit": 500},
                         headers=ident.headers())
    assert r.status_code == 200, r.text
    return r.json()["items"]


def ended(ident: Any, job_id: uuid.UUID) -> ImportJob:
    """Load a job that has ended, checking it kept no part of its file and none of its claims."""
    with ident.db.transaction(write=False) as s:
        job = s.get(ImportJob, job_id)
        kept = select(func.count()).select_from(ImportFileChunk).where(ImportFileChunk.job_id == job_id)
        assert s.execute(kept).scalar_one() == 0  # a finished job keeps no file
        assert claims_of(ident, job_id) == 0
        return job


def claims_of(ident: Any, job_id: uuid.UUID, attempt: int | None = None) -> int:
    """Count a job's in-file claims (of one attempt, when given)."""
    query = select(func.count()).select_from(ImportClaim).where(ImportClaim.job_id == job_id)
    if attempt is not None:
        query = query.where(ImportClaim.attempt == attempt)
    with ident.db.transaction(write=False) as s:
        return s.execute(query).scalar_one()
