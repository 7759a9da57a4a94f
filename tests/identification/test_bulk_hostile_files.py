"""Hostile import files are refused before parsing, quickly, and the error report runs no formula."""

from __future__ import annotations

import csv
import io
import re
import uuid
import zipfile
from datetime import timedelta

import pytest
from openpyxl import Workbook

from services.identification.bulk import xlsx_limits
from services.identification.bulk.parsers import MAX_LINE_CHARS, ImportFileError
from services.identification.bulk.runner import ImportRunner
from shared.jobs.control import Cancelled
from tests.identification.bulk_support import (
    CSV_HEADER,
    csv_bytes,
    csv_row,
    ended,
    person,
    run_import,
    submit,
)

HH1 = "4418821002019001"
SHEET = "xl/worksheets/sheet1.xml"


def _workbook(rows: list[list[str]] | None = None) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(CSV_HEADER)
    for row in rows if rows is not None else [csv_row(HH1, "李大山", person(11))]:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _rewritten(content: bytes, name: str, change) -> bytes:
    """Copy a workbook, passing one part's bytes through `change` (compressed as tightly as zip can)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for info in source.infolist():
            data = source.read(info)
            target.writestr(info.filename, change(data) if info.filename == name else data)
    return out.getvalue()


def _with_part(content: bytes, name: str, data: bytes) -> bytes:
    """Add a part to a workbook, compressed as tightly as zip can."""
    out = io.BytesIO(content)
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        target.writestr(name, data)
    return out.getvalue()


def _refused(ident, content: bytes, code: str = "xlsx_too_large") -> dict:
    """Import a workbook and require the size check's refusal (its code says parsing never began)."""
    job = run_import(ident, content, filename="register.xlsx")
    assert (job["state"], job["error_code"]) == ("failed", code), job
    return job


def test_a_2_kb_workbook_declaring_a_whole_sheet_is_refused_at_once(ident):
    declared = _rewritten(_workbook(), SHEET, lambda xml: re.sub(
        rb'<dimension ref="[^"]*" ?/>', b'<dimension ref="A1:XFD1048576"/>', xml))
    assert len(declared) < 8 * 1024
    job = _refused(ident, declared)
    assert "XFD1048576" in job["error_message"]


def test_a_cell_far_beyond_the_layout_is_refused(ident):
    far = _rewritten(_workbook(), SHEET, lambda xml: xml.replace(
        b"</sheetData>", b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
                         b"</sheetData>"))
    _refused(ident, far)


def test_a_shared_strings_bomb_is_refused_before_the_library_loads_it(ident):
    strings = ("<si><t>" + "A" * 30_000 + "</t></si>") * 1_200  # 36 MB of strings, about 100 KB zipped
    sst = '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' + strings + "</sst>"
    bomb = _with_part(_workbook(), "xl/sharedStrings.xml", sst.encode())
    assert len(bomb) < 400 * 1024
    _refused(ident, bomb)


def test_a_part_lying_about_its_size_is_refused_by_what_it_really_holds():
    content = _workbook()
    patched = bytearray(content)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        info = archive.getinfo(SHEET)
    # A declared size below the real one stops the read early and fails the CRC: unreadable, not parsed.
    central = bytes(patched).rfind(SHEET.encode()) - 46
    patched[central + 24:central + 28] = (1).to_bytes(4, "little")
    local = info.header_offset
    patched[local + 22:local + 26] = (1).to_bytes(4, "little")
    with pytest.raises(ImportFileError) as caught:
        xlsx_limits.check_workbook(io.BytesIO(bytes(patched)))
    assert caught.value.code == "file_malformed"


def test_a_cell_longer_than_excel_allows_is_refused(ident):
    text = "李" * (xlsx_limits.MAX_CELL_CHARS + 1)  # openpyxl itself cuts longer text when it writes
    long_cell = _rewritten(_workbook(), SHEET, lambda xml: xml.replace(
        b"</sheetData>", f'<row r="3"><c r="G3" t="inlineStr"><is><t>{text}</t></is></c></row>'
                         "</sheetData>".encode()))
    _refused(ident, long_cell)


def test_an_ordinary_workbook_still_imports(ident):
    job = run_import(ident, _workbook(), filename="register.xlsx")
    assert (job["state"], job["households_created"]) == ("succeeded", 1)


def test_a_csv_line_longer_than_the_bound_fails_the_job_without_reading_it_whole(ident):
    content = csv_bytes([csv_row(HH1, "李大山", person(11), 住址="x" * (MAX_LINE_CHARS + 10))])
    job = run_import(ident, content)
    assert (job["state"], job["error_code"]) == ("failed", "line_too_long")


@pytest.mark.parametrize("hostile", ["=1+cmd|' /C calc'!A0", "+SUM(A1)", "-2+3", "@SUM(A1)"])
def test_the_error_report_neutralises_formula_cells(ident, hostile):
    job = run_import(ident, csv_bytes([csv_row(hostile, "李大山", person(11))]))
    report = ident.client.get(f"/api/v1/jobs/{job['id']}/errors.csv", headers=ident.headers())
    assert report.status_code == 200
    lines = report.content.decode("utf-8-sig").splitlines()[1:]
    assert lines, report.text
    for line in lines:
        for cell in next(csv.reader([line])):
            assert cell[:1] not in ("=", "+", "-", "@"), line
    assert f"'{hostile}" in report.content.decode("utf-8-sig")


@pytest.mark.parametrize("text", ["2016-0²-30", "２０１６-０６-３０", "２０１６０６３０"])
def test_an_import_date_in_other_digits_is_a_row_error_not_a_crash(ident, text):
    rows = [csv_row(HH1, "李大山", person(11), 识别时间=text)]
    job = run_import(ident, csv_bytes(rows))
    assert (job["state"], job["rows_rejected"]) == ("succeeded", 1), job


def _large_workbook(rows: int) -> bytes:
    """A legal workbook whose sheet decompresses to several MiB."""
    return _workbook([csv_row(f"441882100201{i:04d}", "李大山" * 40, person(i % 900 + 1))
                      for i in range(rows)])


def test_the_size_check_lets_the_job_stop_between_bounded_reads():
    content = _large_workbook(4000)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        decompressed = sum(info.file_size for info in archive.infolist())
    assert decompressed > 3 * xlsx_limits._READ
    ticks = []
    xlsx_limits.check_workbook(io.BytesIO(content), lambda: ticks.append(1))
    # at least one chance to stop per bounded read of decompressed bytes
    assert len(ticks) >= decompressed // xlsx_limits._READ

    def cancelled() -> None:
        raise Cancelled("job")

    with pytest.raises(Cancelled):
        xlsx_limits.check_workbook(io.BytesIO(content), cancelled)


def test_a_running_workbook_check_is_cancelled_or_timed_out_before_it_ends(ident, stopped_worker):
    bomb = _with_part(_workbook(), "xl/sharedStrings.xml", (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + ("<si><t>" + "A" * 30_000 + "</t></si>") * 1_200 + "</sst>").encode())
    with pytest.raises(ImportFileError) as left_to_run:
        xlsx_limits.check_workbook(io.BytesIO(bomb))
    assert left_to_run.value.code == "xlsx_too_large"  # how each job would end if its check ran on
    cancelled = uuid.UUID(submit(ident, bomb, filename="register.xlsx")["id"])
    runner = ImportRunner(ident.db, cancel_poll_seconds=0)
    assert runner.claim() == cancelled
    r = ident.client.post(f"/api/v1/jobs/{cancelled}/cancel", headers=ident.headers())
    assert r.status_code == 202
    assert list(runner.steps(cancelled)) == []
    timed = uuid.UUID(submit(ident, bomb, filename="register.xlsx")["id"])
    assert ImportRunner(ident.db, time_limit=timedelta(0)).run_next()
    assert [(j.state, j.error_code) for j in map(lambda i: ended(ident, i), (cancelled, timed))] == [
        ("cancelled", "cancelled"), ("failed", "time_limit_exceeded")]
