"""Stream the register out as NDJSON, CSV or XLSX, a keyset page at a time, memory flat.

An export is one snapshot: every page is read in one read transaction (REPEATABLE READ on
PostgreSQL; on SQLite a read transaction, whose WAL snapshot is fixed at its first read), which
first reads the change feed's head. The export holds exactly the changes of the events up to
that position, so a consumer loads it and then follows the feed after it, missing nothing and
counting nothing twice. Each household carries its id, version and last change time.
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pydantic_core import to_json
from sqlalchemy import select
from sqlalchemy.orm import Session

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
    infra,
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
# What joins a row to the feed: ids as events name them, the household's version (events
# household.updated carry it) and when each record last changed.
HOUSEHOLD_RECORD_FIELDS = ("id", "version", "updated_at")
MEMBER_RECORD_FIELDS = ("id", "updated_at")
# The import layout first (an export imports back: the importer ignores the record columns).
TABLE_HEADER = [*HOUSEHOLD_FIELDS, *("member_phone" if f == "phone" else f for f in MEMBER_FIELDS),
                "household_id", "household_version", "household_updated_at", "member_id", "member_updated_at"]
MEDIA_TYPES = {"ndjson": "application/x-ndjson", "csv": "text/csv; charset=utf-8",
               "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


@dataclass
class Snapshot:
    """The one read transaction an export reads, and the feed position it is consistent with."""

    session: Session
    feed_position: int

    def close(self) -> None:
        """End the read transaction."""
        self.session.close()


def open_snapshot(db: Database) -> Snapshot:
    """Begin the export's read transaction and read the feed position it sees."""
    session = db.new_session(write=False)
    if db.dialect == "postgresql":  # one snapshot for every statement, not one per statement
        session.connection(execution_options={"isolation_level": "REPEATABLE READ",
                                              "postgresql_readonly": True})
    try:
        position = session.execute(select(infra.chain_head.c.event_position)).scalar_one()
    except BaseException:
        session.close()
        raise
    return Snapshot(session, position)


def _household(view: PersonalView, row: dict[str, Any]) -> dict[str, Any]:
    """Render a household's record fields and its own fields."""
    out = {name: row[name] for name in HOUSEHOLD_RECORD_FIELDS}
    out.update({name: row[name] for name in HOUSEHOLD_FIELDS if name in row})
    out["phone"] = view.show(HOUSEHOLD_PHONE, row["phone_enc"])
    out["bank_account"] = view.show(HOUSEHOLD_BANK_ACCOUNT, row["bank_account_enc"])
    return out


def _member(view: PersonalView, row: dict[str, Any]) -> dict[str, Any]:
    """Render a member; illness is shown only unmasked, as in the API."""
    out = {name: row[name] for name in MEMBER_RECORD_FIELDS}
    out.update({name: row[name] for name in _PLAIN_MEMBER_FIELDS})
    if not view.unmasked:
        out["birth_date"] = None  # beside the region and sex it would narrow the ID number down
    out["id_number"] = view.show(MEMBER_ID_NUMBER, row["id_number_enc"])
    out["phone"] = view.show(MEMBER_PHONE, row["phone_enc"])
    out["illness"] = view.show(MEMBER_ILLNESS, row["illness_enc"])
    out["disability_card"] = view.show(MEMBER_DISABILITY_CARD, row["disability_card_enc"])
    return out


def pages(snapshot: Snapshot, f: HouseholdFilter, view: PersonalView) -> Iterator[list[dict[str, Any]]]:
    """Yield rendered households with their members, one keyset page at a time, from one snapshot.

    The transaction stays open to the last page (on PostgreSQL it holds back vacuum that long;
    on SQLite the WAL is not checkpointed past it): the price of an export that joins the feed.
    """
    session = snapshot.session
    try:
        after: tuple[str, str] | None = None
        while True:
            rows = repo.export_page(session, f, after, PAGE)
            if not rows:
                return
            members = repo.export_members(session, [r["id"] for r in rows])
            yield [{**_household(view, r), "members": [_member(view, m) for m in members[r["id"]]]}
                   for r in rows]
            after = rows[-1]["region_code"], rows[-1]["household_no"]
    finally:
        snapshot.close()


def ndjson(snapshot: Snapshot, f: HouseholdFilter, view: PersonalView) -> Iterator[bytes]:
    """Stream one household object per line, members inside."""
    for page in pages(snapshot, f, view):
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
    record = [str(household["id"]), household["version"], household["updated_at"].isoformat()]
    for member in household["members"]:
        for name in _BOOL_MEMBER_FIELDS:  # csv writes None as "" and dates as ISO by itself
            member[name] = "true" if member[name] else "false"
        yield (head + [neutralise(member[name]) for name in MEMBER_FIELDS]
               + [*record, str(member["id"]), member["updated_at"].isoformat()])


def csv_stream(snapshot: Snapshot, f: HouseholdFilter, view: PersonalView) -> Iterator[bytes]:
    """Stream CSV (UTF-8 with BOM, so Excel reads the Chinese) in the import layout."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(TABLE_HEADER)
    yield ("\ufeff" + buffer.getvalue()).encode()
    for page in pages(snapshot, f, view):
        buffer.seek(0)
        buffer.truncate()
        for household in page:
            writer.writerows(table_rows(household))
        yield buffer.getvalue().encode()


def xlsx_stream(snapshot: Snapshot, f: HouseholdFilter, view: PersonalView) -> Iterator[bytes]:
    """Build the workbook in write-only mode on disk, then stream the file."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("households")
    sheet.append(TABLE_HEADER)
    for page in pages(snapshot, f, view):
        for household in page:
            for row in table_rows(household):
                sheet.append(row)
    with tempfile.TemporaryFile() as handle:
        book.save(handle)
        handle.seek(0)
        while block := handle.read(1 << 20):
            yield block


STREAMS = {"ndjson": ndjson, "csv": csv_stream, "xlsx": xlsx_stream}
