"""Import and export rules: who may submit, see and download what, and what gets audited."""

from __future__ import annotations

import csv
import io
import itertools
import uuid
from collections.abc import Iterator
from typing import BinaryIO

from sqlalchemy.orm import Session

from services.identification.bulk import repository as repo
from services.identification.bulk.columns import neutralise
from services.identification.bulk.errors import (
    ExportNotAllowed,
    ExportTooLargeForXlsx,
    ExportTooWide,
    FileEmpty,
    FileTooLarge,
    JobNotCancellable,
)
from services.identification.bulk.export import STREAMS, XLSX_MAX_ROWS, Snapshot
from services.identification.bulk.parsers import RowCounter, detect_format
from services.identification.bulk.schemas import ExportFormat, ImportMode, JobRead
from services.identification.filters import HouseholdFilter
from services.identification.models import ImportJob, ImportRowError
from shared.auth import LEVEL_CODE_LENGTH, PII_READ, Caller
from shared.crypto import FILE_CHUNK
from shared.db import Database, ServiceSession
from shared.errors import not_found
from shared.jobs.model import FINISHED, JobState
from shared.personal import PersonalView
from shared.types import utcnow

MAX_FILE_BYTES = 512 * 1024 * 1024
NO_REGION = "-"  # the prefix of an export whose region lies outside the caller's: matches nothing
_LEVELS = {length: level for level, length in LEVEL_CODE_LENGTH.items()}
_LEVELS_ZH = {2: "省", 4: "市", 6: "县", 9: "乡镇", 12: "村"}
ERROR_HEADER = ["行号 row", "户编号 household_no", "字段 field", "代码 code", "原因 reason",
                "原因（中文）"]


def submit_import(session: ServiceSession, caller: Caller, filename: str, upload: BinaryIO,
                  size: int | None, mode: ImportMode, encoding: str) -> ImportJob:
    """Store the file as it is read, sealed a chunk at a time, and queue a job for the worker."""
    if size is not None and size > MAX_FILE_BYTES:
        raise _too_large()
    blocks = _blocks(upload)
    first = next(blocks, b"")
    if not first:
        raise FileEmpty.on("file", "The file is empty", "文件为空")
    job = ImportJob(id=uuid.uuid4(), state=JobState.QUEUED, mode=mode,
                    file_format=detect_format(filename, first), encoding=encoding,
                    filename=filename[:200], file_size=0, submitted_by=caller.subject,
                    region_scope=caller.region, attempts=0, groups_done=0, rows_done=0, rows_rejected=0,
                    households_created=0, households_updated=0, households_unchanged=0,
                    households_rejected=0, members_added=0, members_changed=0, errors_recorded=0,
                    created_at=utcnow())
    session.add(job)
    session.flush()
    # Encrypted at rest like every personal field, and deleted when the job ends.
    counter, stored = RowCounter(job.file_format), _Sized()
    repo.store_file(session, job.id, map(stored.add, map(counter.feed, itertools.chain([first], blocks))))
    job.file_size, job.rows_total = stored.size, counter.rows()
    session.journal.audit(actor=caller.subject, action="import.submit", entity_type="import_job",
                          entity_id=job.id, region_code=caller.region,
                          after={"mode": mode, "file_format": job.file_format, "filename": job.filename,
                                 "file_size": job.file_size})
    return job


def _blocks(upload: BinaryIO) -> Iterator[bytes]:
    """Read an upload in blocks of exactly FILE_CHUNK bytes (the last one shorter)."""
    while True:
        block = upload.read(FILE_CHUNK)
        while block and len(block) < FILE_CHUNK and (more := upload.read(FILE_CHUNK - len(block))):
            block += more
        if not block:
            return
        yield block


class _Sized:
    """Counts the bytes of an upload as it is stored, refusing it past MAX_FILE_BYTES."""

    def __init__(self) -> None:
        self.size = 0

    def add(self, block: bytes) -> bytes:
        """Count a block and hand it on; an upload that grows past the limit rolls back."""
        self.size += len(block)
        if self.size > MAX_FILE_BYTES:
            raise _too_large()
        return block


def _too_large() -> FileTooLarge:
    return FileTooLarge.on("file", "The file is larger than 512 MiB", "文件超过 512 MiB")


def load_job(session: Session, caller: Caller, job_id: uuid.UUID) -> ImportJob:
    """Load a job submitted inside the caller's region; others answer 404."""
    job = repo.get_job(session, job_id)
    if job is None or not caller.can_see(job.region_scope):
        raise not_found("Import job", "导入任务", job_id)
    return job


def render_job(job: ImportJob) -> JobRead:
    """Render a job with its progress."""
    if job.state in FINISHED:
        progress = 1.0
    elif job.rows_total:
        progress = min(job.rows_done / job.rows_total, 0.99)
    else:
        progress = 0.0
    return JobRead(
        id=job.id, state=job.state, mode=job.mode, file_format=job.file_format,
        filename=job.filename, submitted_by=job.submitted_by, rows_total=job.rows_total,
        rows_done=job.rows_done, rows_rejected=job.rows_rejected, progress=round(progress, 4),
        households_created=job.households_created, households_updated=job.households_updated,
        households_unchanged=job.households_unchanged,
        households_rejected=job.households_rejected, members_added=job.members_added,
        members_changed=job.members_changed, errors_recorded=job.errors_recorded,
        error_code=job.error_code, error_message=job.error_message, attempts=job.attempts,
        cancel_requested_at=job.cancel_requested_at, created_at=job.created_at,
        started_at=job.started_at, finished_at=job.finished_at,
        error_report=f"/api/v1/jobs/{job.id}/errors.csv")


def cancel_job(session: ServiceSession, caller: Caller, job_id: uuid.UUID) -> ImportJob:
    """Cancel a queued job at once, or ask a running one to stop (it does within seconds).

    A running job's worker audits the cancel, with who asked, when the job ends: auditing
    here would wait for an all_or_nothing job, whose open transaction holds the chain head.
    """
    job = load_job(session, caller, job_id)
    if job.state == JobState.QUEUED:
        job.state, job.finished_at = JobState.CANCELLED, utcnow()
        repo.delete_file(session, job.id)
        session.journal.audit(actor=caller.subject, action="import.cancel", entity_type="import_job",
                              entity_id=job.id, region_code=job.region_scope, after={"state": job.state})
        return job
    if job.state != JobState.RUNNING:
        raise JobNotCancellable(f"The job is {job.state}; only a queued or running job can be cancelled",
                                f"任务状态为 {job.state}，只有排队中或运行中的任务可以取消")
    if job.cancel_requested_at is not None:
        raise JobNotCancellable("The job was already asked to stop", "已请求取消该任务，任务即将停止")
    job.cancel_requested_at, job.cancel_requested_by = utcnow(), caller.subject
    return job


def error_page(session: Session, caller: Caller, job_id: uuid.UUID, after: int,
               limit: int) -> list[ImportRowError]:
    """Return a page of a job's error report."""
    load_job(session, caller, job_id)
    return repo.row_errors(session, job_id, after, limit)


def error_csv(db: Database, job_id: uuid.UUID) -> Iterator[bytes]:
    """Stream a job's error report as CSV (UTF-8 with BOM for Excel)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(ERROR_HEADER)
    yield ("\ufeff" + buffer.getvalue()).encode()
    after = 0
    while True:
        with db.transaction(write=False) as session:
            rows = repo.row_errors(session, job_id, after, 5000)
        if not rows:
            return
        buffer.seek(0)
        buffer.truncate()
        # The household number and field come from the uploaded file: neutralised like exports.
        writer.writerows([neutralise(v) for v in (r.row, r.household_no, r.field, r.code, r.message,
                                                   r.message_zh)] for r in rows)
        yield buffer.getvalue().encode()
        after = rows[-1].id


def start_export(session: ServiceSession, caller: Caller, f: HouseholdFilter,
                 fmt: ExportFormat) -> PersonalView:
    """Check the caller's roles may export this list, audit an unmasked one; return how to show it.

    ROLE_ACCESS (shared.auth) says the widest list each role exports, and the widest it exports
    unmasked: a wider list with pii:read is exported masked.
    """
    widest = caller.widest_export(personal=False)
    if widest is None:
        raise ExportNotAllowed("Your role exports no lists", "您的角色无权导出名单")
    prefix = f.region_prefix
    if prefix != NO_REGION and len(prefix) < widest:
        level = _LEVELS[widest]
        raise ExportTooWide.on("region", f"Your role exports at most the list of one {level}: narrow region",
                               f"您的角色最多导出一个{_LEVELS_ZH[widest]}的名单，请缩小 region")
    personal = caller.widest_export(personal=True)
    unmasked = caller.has(PII_READ) and personal is not None and len(prefix) >= personal
    if fmt == ExportFormat.XLSX:
        count = repo.export_member_count(session, f)
        if count > XLSX_MAX_ROWS:
            raise ExportTooLargeForXlsx.on(
                "format", f"{count} rows exceed XLSX's limit of {XLSX_MAX_ROWS}; use csv or ndjson",
                f"{count} 行超过 XLSX 上限 {XLSX_MAX_ROWS} 行，请改用 csv 或 ndjson 格式")
    if unmasked:
        session.journal.audit(actor=caller.subject, action="pii.export", entity_type="export",
                              entity_id=f"households.{fmt}", region_code=f.region_prefix,
                              after={"format": fmt, "region": f.region_prefix, "status": f.status,
                                     "category": f.category, "cause": f.cause,
                                     "labour_capacity": f.labour_capacity, "q": f.name})
    return PersonalView(session.cipher, unmasked)


def export_stream(snapshot: Snapshot, f: HouseholdFilter, fmt: ExportFormat,
                  view: PersonalView) -> Iterator[bytes]:
    """Return the byte stream of an export read from one snapshot."""
    return STREAMS[fmt](snapshot, f, view)
