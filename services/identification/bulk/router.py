"""HTTP routes of bulk imports (jobs) and streamed exports of the register."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, FastAPI, File, Query, Request, Response, UploadFile
from fastapi.responses import StreamingResponse

from services.identification.bulk import service
from services.identification.bulk.errors import (
    ExportNotAllowed,
    ExportTooLargeForXlsx,
    ExportTooWide,
    FileEmpty,
    FileTooLarge,
    JobNotCancellable,
)
from services.identification.bulk.export import MEDIA_TYPES, open_snapshot
from services.identification.bulk.parsers import ENCODINGS
from services.identification.bulk.runner import ImportRunner
from services.identification.bulk.schemas import ExportFormat, ImportMode, JobRead, RowErrorRead
from services.identification.codes import HouseholdCategory, HouseholdStatus, LabourCapacity, PovertyCause
from services.identification.deps import Reader, Writer
from services.identification.filters import HouseholdFilter
from shared.errors import responses
from shared.jobs.model import JobState
from shared.pagination import MAX_LIMIT, Page, decode_cursor, encode_cursor
from shared.schemas import REGION_PREFIX_PATTERN
from shared.session import SessionDep


def runner_for(app: FastAPI) -> ImportRunner:
    """Return the app's import worker, creating it on first use."""
    if getattr(app.state, "bulk_runner", None) is None:
        limit = timedelta(seconds=app.state.settings.import_time_limit_seconds)
        app.state.bulk_runner = ImportRunner(app.state.db, time_limit=limit)
    return app.state.bulk_runner


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Start the worker with the service, so jobs a dead process left running resume."""
    runner = runner_for(app)
    runner.start()
    yield
    runner.stop()


router = APIRouter(prefix="/api/v1", tags=["bulk"], lifespan=lifespan)
_NDJSON_EXAMPLE = ('{"id": "0b6f1c2e-8a57-4e7e-9a55-1f0c8e3b9d21", "household_no": "4418821002010001", '
                   '"region_code": "441882100201", "status": "identified", "version": 3, '
                   '"updated_at": "2019-06-30T08:30:00Z", "members": []}\n')
_CSV_EXAMPLE = ("户编号,所在村代码,贫困户属性,身份证号码,与户主关系\n"
                "4418821002010001,441882100201,一般贫困户,441882197805123415,户主\n")
_ERRORS_EXAMPLE = ("行号 row,户编号 household_no,字段 field,代码 code,原因 reason,原因（中文）\n"
                   "2,4418821002019001,id_number,id_number_checksum,The ID number's check digit is wrong,"
                   "身份证号码校验位错误\n")
_FILE_RESPONSES = {200: {"description": "the file, streamed", "content": {
    MEDIA_TYPES["ndjson"]: {"schema": {"type": "string"}, "example": _NDJSON_EXAMPLE},
    "text/csv": {"schema": {"type": "string"}, "example": _CSV_EXAMPLE},
    MEDIA_TYPES["xlsx"]: {"schema": {"type": "string", "format": "binary"}}}}}
_EXPORT_RESPONSES = {200: {**_FILE_RESPONSES[200], "headers": {
    "X-Feed-Position": {"description": "the change feed position the export is consistent with: it holds "
                                       "every change of the events up to it and none after; follow "
                                       "GET /api/v1/events from there (导出对应的变更序号)",
                        "schema": {"type": "integer"}}}}}


@router.post("/imports", status_code=202, operation_id="submit_import", response_model=JobRead,
             summary="Import households from a file as a job (批量导入)",
             responses=responses(FileTooLarge, FileEmpty))
def submit_import(
    request: Request, session: SessionDep, caller: Writer, response: Response,
    background: BackgroundTasks,
    file: Annotated[UploadFile, File(description="CSV, XLSX or NDJSON (导入文件)")],
    mode: Annotated[ImportMode, Query(description="导入模式")] = ImportMode.ACCEPT_VALID,
    encoding: Annotated[str, Query(pattern=f"^({'|'.join(ENCODINGS)})$",
                                   description="文本编码 utf-8 | gbk (CSV, NDJSON)")] = "utf-8",
) -> JobRead:
    """Store the file and return the queued job at once; poll it for progress.

    The upload is read and sealed a chunk (1 MiB) at a time, so its size costs no memory.
    """
    job = service.submit_import(session, caller, file.filename or "upload", file.file, file.size,
                                mode, encoding)
    background.add_task(runner_for(request.app).wake)  # runs after the commit
    response.headers["Location"] = f"/api/v1/jobs/{job.id}"
    return service.render_job(job)


@router.get("/jobs/{job_id}", operation_id="get_import_job", response_model=JobRead,
            summary="Read an import job's state and progress (导入任务)")
def get_job(job_id: uuid.UUID, session: SessionDep, caller: Reader) -> JobRead:
    """Return state, rows done, rows rejected and progress."""
    return service.render_job(service.load_job(session, caller, job_id))


@router.post("/jobs/{job_id}/cancel", operation_id="cancel_import_job", response_model=JobRead,
             summary="Cancel an import job (取消导入)", responses={
                 202: {"model": JobRead, "description": "running: it stops within seconds"},
                 **responses(JobNotCancellable)})
def cancel_job(job_id: uuid.UUID, session: SessionDep, caller: Writer, response: Response) -> JobRead:
    """Cancel a queued job (200), or ask a running one to stop (202): poll it to see it end.

    An accept_valid import keeps the chunks it committed before it stopped; the others
    leave nothing.
    """
    job = service.render_job(service.cancel_job(session, caller, job_id))
    if job.state == JobState.RUNNING:
        response.status_code = 202
    return job


@router.get("/jobs/{job_id}/errors", operation_id="list_import_errors",
            response_model=Page[RowErrorRead], summary="Page through an import's error report")
def list_errors(job_id: uuid.UUID, session: SessionDep, caller: Reader,
                limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 100,
                cursor: str | None = None) -> Page[RowErrorRead]:
    """Return rejected rows: row number, field, and the reason in English and Chinese."""
    after = decode_cursor(cursor, 1, (int,))
    rows = service.error_page(session, caller, job_id, after[0] if after else 0, limit)
    items = [RowErrorRead(row=r.row, household_no=r.household_no, field=r.field, code=r.code,
                          message=r.message, message_zh=r.message_zh) for r in rows]
    return Page[RowErrorRead](items=items,
                              next_cursor=encode_cursor([rows[-1].id]) if len(rows) == limit else None)


@router.get("/jobs/{job_id}/errors.csv", operation_id="download_import_errors",
            response_class=StreamingResponse, summary="Download the error report as CSV (错误报告)",
            responses={200: {"description": "CSV", "content": {"text/csv": {
                "schema": {"type": "string"}, "example": _ERRORS_EXAMPLE}}}})
def download_errors(request: Request, job_id: uuid.UUID, session: SessionDep,
                    caller: Reader) -> StreamingResponse:
    """Stream every rejected row with its reasons."""
    service.load_job(session, caller, job_id)
    return StreamingResponse(service.error_csv(request.app.state.db, job_id),
                             media_type="text/csv; charset=utf-8", headers={
                                 "Content-Disposition": f'attachment; filename="{job_id}-errors.csv"'})


@router.get("/households/export", operation_id="export_households", response_class=StreamingResponse,
            summary="Export households as NDJSON, CSV or XLSX (导出)",
            responses={**_EXPORT_RESPONSES,
                       **responses(ExportNotAllowed, ExportTooWide, ExportTooLargeForXlsx)})
def export_households(
    request: Request, session: SessionDep, caller: Reader,
    format: Annotated[ExportFormat, Query(description="导出格式")] = ExportFormat.NDJSON,
    region: Annotated[str | None, Query(pattern=REGION_PREFIX_PATTERN, description="区划代码前缀")] = None,
    status_: Annotated[HouseholdStatus | None, Query(alias="status", description="状态")] = None,
    category: Annotated[HouseholdCategory | None, Query(description="贫困户属性")] = None,
    cause: Annotated[PovertyCause | None, Query(description="主要致贫原因")] = None,
    labour_capacity: Annotated[LabourCapacity | None, Query(description="有该劳动能力的成员")] = None,
    q: Annotated[str | None, Query(min_length=1, max_length=32, description="成员姓名包含")] = None,
) -> StreamingResponse:
    """Stream every household in scope matching the filters; personal data masked unless pii:read.

    One snapshot: the export holds the register as of the feed position in X-Feed-Position (also
    in the file name). Each household carries id, version and updated_at, each member id and
    updated_at. Load it, then follow GET /api/v1/events?after=<that position>.

    In CSV and XLSX, text starting with = + - @ gets a leading ' so spreadsheets show it rather
    than run it as a formula (防公式注入); importing the file drops that quote again.
    """
    prefix = caller.narrow(region) or service.NO_REGION
    f = HouseholdFilter(prefix, status_, category, cause, labour_capacity, q)
    reveal = service.start_export(session, caller, f, format)
    snapshot = open_snapshot(request.app.state.db)
    name = f"households-at-{snapshot.feed_position}.{format}"  # the position stays with a saved file
    stream = service.export_stream(snapshot, f, format, reveal)
    headers = {"Content-Disposition": f'attachment; filename="{name}"',
               "X-Feed-Position": str(snapshot.feed_position)}
    return StreamingResponse(stream, media_type=MEDIA_TYPES[format], headers=headers)
