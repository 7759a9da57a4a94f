"""Compare a department's list with the register; each match becomes a case, never a status change."""

from __future__ import annotations

import csv
import io
import json
import uuid
from dataclasses import dataclass

from pydantic import ValidationError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from services.identification.campaigns.cases import open_case
from services.identification.campaigns.repository import existing_dedup_keys
from services.identification.crosschecks import repository as repo
from services.identification.crosschecks.errors import (
    CsvEmpty,
    CsvEncoding,
    CsvHeaderMissing,
    CsvMalformed,
    CsvRowInvalid,
    ListTooLarge,
    TooManyRows,
)
from services.identification.crosschecks.rules import match_key, suggested_case_kind
from services.identification.crosschecks.schemas import (
    MAX_ROWS,
    CrossCheckRead,
    CrossCheckResult,
    DepartmentRow,
)
from services.identification.models import (
    CASE_DEPARTMENT_ROW,
    MEMBER_ID_NUMBER,
    CrossCheckImport,
    VerificationCase,
)
from shared.auth import Caller
from shared.crypto import FieldCipher, mask_numbers
from shared.db import ServiceSession
from shared.errors import invalid, not_found
from shared.events.identification import CrossCheckImported
from shared.id_numbers import IdNumberError, parse_id_number
from shared.pagination import cursor_time, decode_cursor, encode_cursor

MAX_CSV_BYTES = 5 * 1024 * 1024
_SHOWN_INVALID = 1000


@dataclass
class _Counts:
    matched: int = 0
    invalid: int = 0
    new_cases: int = 0


def parse_csv(raw: bytes) -> list[DepartmentRow]:
    """Read a CSV list: an id_number column, every other column kept as details."""
    if len(raw) > MAX_CSV_BYTES:
        raise ListTooLarge("A list is at most 5 MB", "名单不能超过5MB")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CsvEncoding.on("body", "The list must be UTF-8 CSV", "名单须为UTF-8编码的CSV") from exc
    if "\x00" in text:  # refused on every backend alike (PostgreSQL text cannot hold it, SQLite would)
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise invalid(f"line {line}", "string_nul", f"Line {line} contains a NUL character",
                      f"第{line}行包含空字符")
    try:
        return _rows(csv.DictReader(io.StringIO(text)))
    except csv.Error as exc:  # e.g. a field beyond the csv module's size limit
        raise CsvMalformed.on("body", "The CSV cannot be read", "CSV格式无法读取") from exc


def _rows(reader: csv.DictReader[str]) -> list[DepartmentRow]:
    if not reader.fieldnames or "id_number" not in reader.fieldnames:
        raise CsvHeaderMissing.on("id_number", "The CSV needs an id_number column", "CSV须有 id_number 列")
    rows = []
    for line, record in enumerate(reader, start=2):
        details = {k: (v or "").strip() for k, v in record.items() if k and k != "id_number"}
        try:
            rows.append(DepartmentRow(id_number=record.get("id_number") or "", details=details))
        except ValidationError as exc:  # the message names the line, never the row's values
            raise CsvRowInvalid.on(f"line {line}", f"Line {line} is not a valid row",
                                   f"第{line}行格式无效") from exc
        if len(rows) > MAX_ROWS:
            raise TooManyRows.on("body", f"A list has at most {MAX_ROWS} rows", f"名单最多{MAX_ROWS}行")
    if not rows:
        raise CsvEmpty.on("body", "The list has no rows", "名单为空")
    return rows


def _hashes(session: ServiceSession, rows: list[DepartmentRow]) -> tuple[list[str | None], list[int]]:
    """Hash each valid ID number; return the hashes (None when invalid) and the invalid row numbers."""
    hashes: list[str | None] = []
    bad: list[int] = []
    for number, row in enumerate(rows, start=1):
        try:
            hashes.append(MEMBER_ID_NUMBER.hash(session.cipher, parse_id_number(row.id_number).number))
        except IdNumberError:
            hashes.append(None)
            bad.append(number)
    return hashes, bad


def compare(session: Session, caller: Caller, department: str, kind: str,
            rows: list[DepartmentRow]) -> CrossCheckResult:
    """Match the list against active members in the caller's region and open a case per new finding."""
    hashes, bad = _hashes(session, rows)
    members = repo.active_members_by_hash(session, [h for h in hashes if h], caller.region)
    record = CrossCheckImport(id=uuid.uuid4(), department=department, kind=kind, region_code=caller.region,
                              row_count=len(rows), matched_count=0, unmatched_count=0,
                              invalid_count=len(bad), new_case_count=0, imported_by=caller.subject)
    session.add(record)
    session.flush()
    counts = _Counts(invalid=len(bad))
    keys = [_dedup_key(session.cipher, kind, members[h].member_id, row.details) if h in members else None
            for h, row in zip(hashes, rows, strict=True)]
    known = existing_dedup_keys(session, [k for k in keys if k])
    for h, row, key in zip(hashes, rows, keys, strict=True):
        if key is None:
            continue
        counts.matched += 1
        if key in known:
            continue
        known.add(key)
        if _open(session, caller, record, kind, members[h], key, department, row.details):
            counts.new_cases += 1
    record.matched_count, record.new_case_count = counts.matched, counts.new_cases
    record.unmatched_count = len(rows) - counts.matched - counts.invalid
    session.flush()
    _journal(session, caller, record)
    read = CrossCheckRead.model_validate(record)
    return CrossCheckResult(**read.model_dump(), invalid_rows=bad[:_SHOWN_INVALID])


def _dedup_key(cipher: FieldCipher, kind: str, member_id: uuid.UUID, details: dict[str, str]) -> str:
    """Key a finding by a keyed hash: the stored key must not let anyone test guesses of a row's details."""
    return f"crosscheck:{cipher.lookup_hash(match_key(kind, member_id, details), 'crosscheck')}"


def _open(session: ServiceSession, caller: Caller, record: CrossCheckImport, kind: str,
          member: repo.ActiveMember, key: str, department: str, details: dict[str, str]) -> bool:
    """Open one case; a concurrent import that opened it first makes this a no-op.

    The case keeps the department's row (never its ID number column) encrypted, and in the clear
    only with every long number masked as the register masks it.
    """
    masked = {mask_numbers(k): mask_numbers(v) for k, v in details.items()}
    row = json.dumps(details, ensure_ascii=False, sort_keys=True)
    case = VerificationCase(
        kind=suggested_case_kind(kind), source="crosscheck", dedup_key=key, household_id=member.household_id,
        member_id=member.member_id, region_code=member.region_code, crosscheck_id=record.id,
        check_kind=kind, details={"department": department, "row": masked},
        department_row_enc=CASE_DEPARTMENT_ROW.seal(session.cipher, row))
    try:
        with session.begin_nested():
            open_case(session, caller.subject, case)
    except IntegrityError:
        return False
    return True


def _journal(session: ServiceSession, caller: Caller, record: CrossCheckImport) -> None:
    counts = {"row_count": record.row_count, "matched_count": record.matched_count,
              "unmatched_count": record.unmatched_count, "invalid_count": record.invalid_count,
              "new_case_count": record.new_case_count}
    session.journal.record(CrossCheckImported(crosscheck_id=str(record.id), department=record.department,
                                              kind=record.kind, region_code=record.region_code,
                                              row_count=record.row_count, matched_count=record.matched_count,
                                              new_case_count=record.new_case_count),
                           actor=caller.subject, action="crosscheck.import",
                           after={"department": record.department, "kind": record.kind, **counts})


def load_import(session: Session, caller: Caller, import_id: uuid.UUID) -> CrossCheckImport:
    """Load an import made inside the caller's region; others answer 404."""
    record = repo.get_import(session, import_id)
    if record is None or not caller.can_see(record.region_code):
        raise not_found("Cross-check", "比对批次", import_id)
    return record


def list_imports(session: Session, caller: Caller, cursor: str | None,
                 limit: int) -> tuple[list[CrossCheckImport], str | None]:
    """List the comparisons made inside the caller's region, newest first."""
    rows = repo.list_imports(session, caller.region, cursor_time(decode_cursor(cursor, 1, (str,))), limit)
    return rows, encode_cursor([rows[-1].imported_at.isoformat()]) if len(rows) == limit else None
