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
from services.identification.households.repository import HouseholdFilter
from shared.crypto import FieldCipher, mask_bank_account, mask_id_number, mask_phone
from shared.db import Database

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


class Reveal:
    """Decrypts personal fields, masking them unless the caller holds pii:read."""

    def __init__(self, cipher: FieldCipher, unmasked: bool) -> None:
        self.cipher, self.unmasked = cipher, unmasked

    def show(self, blob: bytes | None, context: str, mask: Any) -> str | None:
        """Return a field as the caller may see it."""
        if blob is None:
            return None
        value = self.cipher.decrypt(blob, context)
        return value if self.unmasked else mask(value)

    def household(self, row: dict[str, Any]) -> dict[str, Any]:
        """Render a household's own fields."""
        out = {name: row[name] for name in HOUSEHOLD_FIELDS if name in row}
        out["phone"] = self.show(row["phone_enc"], "household.phone", mask_phone)
        out["bank_account"] = self.show(row["bank_account_enc"], "household.bank_account",
                                        mask_bank_account)
        return out

    def member(self, row: dict[str, Any]) -> dict[str, Any]:
        """Render a member; illness is shown only unmasked, as in the API."""
        out = {name: row[name] for name in _PLAIN_MEMBER_FIELDS}
        out["id_number"] = self.show(row["id_number_enc"], "member.id_number", mask_id_number)
        out["phone"] = self.show(row["phone_enc"], "member.phone", mask_phone)
        out["illness"] = (self.show(row["illness_enc"], "member.illness", str)
                          if self.unmasked else None)
        out["disability_card"] = self.show(row["disability_card_enc"], "member.disability_card",
                                           mask_id_number)
        return out


def pages(db: Database, f: HouseholdFilter, reveal: Reveal) -> Iterator[list[dict[str, Any]]]:
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
            yield [{**reveal.household(r), "members": [reveal.member(m) for m in members[r["id"]]]}
                   for r in rows]
            after = rows[-1]["household_no"]
    finally:
        session.close()


def ndjson(db: Database, f: HouseholdFilter, reveal: Reveal) -> Iterator[bytes]:
    """Stream one household object per line, members inside."""
    for page in pages(db, f, reveal):
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


def csv_stream(db: Database, f: HouseholdFilter, reveal: Reveal) -> Iterator[bytes]:
    """Stream CSV (UTF-8 with BOM, so Excel reads the Chinese) in the import layout."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(TABLE_HEADER)
    yield ("\ufeff" + buffer.getvalue()).encode()
    for page in pages(db, f, reveal):
        buffer.seek(0)
        buffer.truncate()
        for household in page:
            writer.writerows(table_rows(household))
        yield buffer.getvalue().encode()


def xlsx_stream(db: Database, f: HouseholdFilter, reveal: Reveal) -> Iterator[bytes]:
    """Build the workbook in write-only mode on disk, then stream the file."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("households")
    sheet.append(TABLE_HEADER)
    for page in pages(db, f, reveal):
        for household in page:
            for row in table_rows(household):
                sheet.append(row)
    with tempfile.TemporaryFile() as handle:
        book.save(handle)
        handle.seek(0)
        while block := handle.read(1 << 20):
            yield block


STREAMS = {"ndjson": ndjson, "csv": csv_stream, "xlsx": xlsx_stream}
