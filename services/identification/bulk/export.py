"""Stream the register out as NDJSON, CSV or XLSX, a keyset page at a time, memory flat."""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterator
from typing import Any

from pydantic_core import to_json

from services.identification.bulk import repository as repo
from services.identification.bulk.columns import neutralise
from services.identification.filters import HouseholdFilter
from services.identification.models import (
    HOUSEHOLD_BANK_ACCOUNT,
    HOUSEHOLD_PHONE,
    MEMBER_DISABILITY_CARD,
    MEMBER_ID_NUMBER,
    MEMBER_ILLNESS,
    MEMBER_PHONE,
)
from shared.db import Database
from shared.personal import PersonalView

PAGE = 1000  # households per query; ~4,000 member rows
XLSX_MAX_ROWS = 1_048_575  # Excel's sheet limit less the header row
HOUSEHOLD_FIELDS = ("household_no", "region_code", "address", "status", "category",
                    "primary_cause", "other_causes", "housing_grade", "renovation_state",
                    "safe_drinking_water", "helper_name", "helper_subject", "phone", "bank_name",
                    "bank_account", "identified_on", "exited_on", "exit_pathway")
MEMBER_FIELDS = ("name", "id_number", "sex", "birth_date", "relation", "education", "schooling",
                 "health_status", "illness", "disability_grade", "disability_card",
                 "labour_capacity", "pension_insured", "medical_insured",
                 "critical_illness_insured", "employment", "phone", "active", "left_on",
                 "left_reason")
_PLAIN_MEMBER_FIELDS = tuple(f for f in MEMBER_FIELDS
                             if f not in ("id_number", "phone", "illness", "disability_card"))
TABLE_HEADER = [*HOUSEHOLD_FIELDS, *("member_phone" if f == "phone" else f for f in MEMBER_FIELDS)]
MEDIA_TYPES = {"ndjson": "application/x-ndjson", "csv": "text/csv; charset=utf-8",
               "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def _household(view: PersonalView, row: dict[str, Any]) -> dict[str, Any]:
    """Render a household's own fields."""
    out = {name: row[name] for name in HOUSEHOLD_FIELDS if name in row}
    out["phone"] = view.show(HOUSEHOLD_PHONE, row["phone_enc"])
    out["bank_account"] = view.show(HOUSEHOLD_BANK_ACCOUNT, row["bank_account_enc"])
    return out


def _member(view: PersonalView, row: dict[str, Any]) -> dict[str, Any]:
    """Render a member; illness is shown only unmasked, as in the API."""
    out = {name: row[name] for name in _PLAIN_MEMBER_FIELDS}
    if not view.unmasked:
        out["birth_date"] = None  # beside the region and sex it would narrow the ID number down
    out["id_number"] = view.show(MEMBER_ID_NUMBER, row["id_number_enc"])
    out["phone"] = view.show(MEMBER_PHONE, row["phone_enc"])
    out["illness"] = view.show(MEMBER_ILLNESS, row["illness_enc"])
    out["disability_card"] = view.show(MEMBER_DISABILITY_CARD, row["disability_card_enc"])
    return out


def pages(db: Database, f: HouseholdFilter, view: PersonalView) -> Iterator[list[dict[str, Any]]]:
    """Yield rendered households with their members, one keyset page at a time."""
    session = db.new_session(write=False)
    try:
        after: str | None = None
        while True:
            rows = repo.export_page(session, f, after, PAGE)
            if not rows:
                return
            members = repo.export_members(session, [r["id"] for r in rows])
            session.rollback()  # end the read transaction between pages: no long-held snapshot
            yield [{**_household(view, r), "members": [_member(view, m) for m in members[r["id"]]]}
                   for r in rows]
            after = rows[-1]["household_no"]
    finally:
        session.close()


def ndjson(db: Database, f: HouseholdFilter, view: PersonalView) -> Iterator[bytes]:
    """Stream one household object per line, members inside."""
    for page in pages(db, f, view):
        yield b"".join(to_json(h) + b"\n" for h in page)


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        return ";".join(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return neutralise(value)


_BOOL_MEMBER_FIELDS = ("pension_insured", "medical_insured", "critical_illness_insured", "active")


def table_rows(household: dict[str, Any]) -> Iterator[list[Any]]:
    """Flatten a household into one row per member, household fields repeated (the import layout).

    Text that a spreadsheet would run as a formula gets a leading quote (neutralise); the
    import drops exactly that quote again, so an export still imports back unchanged.
    """
    head = [_cell(household[name]) for name in HOUSEHOLD_FIELDS]
    for member in household["members"]:
        for name in _BOOL_MEMBER_FIELDS:  # csv writes None as "" and dates as ISO by itself
            member[name] = "true" if member[name] else "false"
        yield head + [neutralise(member[name]) for name in MEMBER_FIELDS]


def csv_stream(db: Database, f: HouseholdFilter, view: PersonalView) -> Iterator[bytes]:
    """Stream CSV (UTF-8 with BOM, so Excel reads the Chinese) in the import layout."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(TABLE_HEADER)
    yield ("\ufeff" + buffer.getvalue()).encode()
    for page in pages(db, f, view):
        buffer.seek(0)
        buffer.truncate()
        for household in page:
            writer.writerows(table_rows(household))
        yield buffer.getvalue().encode()


def xlsx_stream(db: Database, f: HouseholdFilter, view: PersonalView) -> Iterator[bytes]:
    """Build the workbook in write-only mode on disk, then stream the file."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("households")
    sheet.append(TABLE_HEADER)
    for page in pages(db, f, view):
        for household in page:
            for row in table_rows(household):
                sheet.append(row)
    with tempfile.TemporaryFile() as handle:
        book.save(handle)
        handle.seek(0)
        while block := handle.read(1 << 20):
            yield block


STREAMS = {"ndjson": ndjson, "csv": csv_stream, "xlsx": xlsx_stream}
