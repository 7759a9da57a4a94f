"""Every query of imports and exports; writes are set-based (COPY or executemany), never per row."""

from __future__ import annotations

import io
import json
import uuid
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from typing import Any

from sqlalchemy import (
    JSON,
    Integer,
    String,
    Table,
    any_,
    bindparam,
    cast,
    delete,
    func,
    insert,
    select,
    true,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from services.identification.filters import ORDER, HouseholdFilter, after
from services.identification.models import (
    Household,
    HouseholdStatusChange,
    ImportClaim,
    ImportFileChunk,
    ImportJob,
    ImportRowError,
    Member,
    Region,
)
from shared.bulk_copy import one_of
from shared.crypto import FILE_CHUNK
from shared.db import Database, ServiceSession
from shared.pagination import prefix_upper_bound

HOUSEHOLDS: Table = Household.__table__  # type: ignore[assignment]
MEMBERS: Table = Member.__table__  # type: ignore[assignment]
STATUS_CHANGES: Table = HouseholdStatusChange.__table__  # type: ignore[assignment]
ERRORS: Table = ImportRowError.__table__  # type: ignore[assignment]
CHUNKS: Table = ImportFileChunk.__table__  # type: ignore[assignment]
CLAIMS: Table = ImportClaim.__table__  # type: ignore[assignment]


def update_rows(session: Session, table: Table, rows: Sequence[dict[str, Any]],
                bump_version: bool = False) -> None:
    """Update rows by id in one executemany; each dict holds `row_id` and the same columns."""
    if not rows:
        return
    values: dict[str, Any] = {c: bindparam(c) for c in rows[0] if c != "row_id"}
    if bump_version:
        values["version"] = table.c.version + 1
    session.execute(update(table).where(table.c.id == bindparam("row_id")).values(values),
                    list(rows), execution_options={"synchronize_session": False})


def region_levels(session: Session, prefix: str) -> dict[str, str]:
    """Map every region code under a prefix to its level."""
    rows = session.execute(select(Region.code, Region.level).where(
        Region.code >= prefix, Region.code < prefix_upper_bound(prefix)))
    return {code: level for code, level in rows}


def _one_of_words(session: Session, column: Any, values: Sequence[str]) -> Any:
    """Like one_of, for many texts: one joined string split by PostgreSQL.

    psycopg dumps an array parameter element by element in Python (~3% of an import for
    its 8,000 hashes a chunk); a joined string costs one C call. Values holding the comma
    take the array path.
    """
    joined = ",".join(values)
    if session.get_bind().dialect.name != "postgresql" or joined.count(",") != len(values) - 1:
        return one_of(session, column, values)
    return column == any_(func.string_to_array(bindparam(None, joined), ","))


def households_by_number(session: Session, numbers: Sequence[str]) -> dict[str, dict[str, Any]]:
    """Map household numbers to their current rows."""
    if not numbers:
        return {}
    rows = session.execute(select(HOUSEHOLDS).where(
        _one_of_words(session, HOUSEHOLDS.c.household_no, numbers)))
    return {r["household_no"]: dict(r) for r in rows.mappings()}


def active_people(session: Session, id_hashes: Sequence[str]) -> dict[str, tuple[uuid.UUID, str, str]]:
    """Map each ID-number hash active in some household to (household id, number, region code)."""
    if not id_hashes:
        return {}
    rows = session.execute(
        select(MEMBERS.c.id_number_hash, HOUSEHOLDS.c.id, HOUSEHOLDS.c.household_no, HOUSEHOLDS.c.region_code)
        .join(HOUSEHOLDS, MEMBERS.c.household_id == HOUSEHOLDS.c.id)
        .where(MEMBERS.c.active.is_(True), _one_of_words(session, MEMBERS.c.id_number_hash, id_hashes)))
    return {r[0]: (r[1], r[2], r[3]) for r in rows}


def members_of(session: Session, household_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, list[dict]]:
    """Map household ids to their member rows in seq order."""
    out: dict[uuid.UUID, list[dict]] = {h: [] for h in household_ids}
    if not household_ids:
        return out
    rows = session.execute(select(MEMBERS).where(one_of(session, MEMBERS.c.household_id, household_ids))
                           .order_by(MEMBERS.c.household_id, MEMBERS.c.seq))
    for r in rows.mappings():
        out[r["household_id"]].append(dict(r))
    return out


def get_job(session: Session, job_id: uuid.UUID) -> ImportJob | None:
    """Load a job."""
    return session.execute(select(ImportJob).where(ImportJob.id == job_id)).scalar_one_or_none()


def store_file(session: ServiceSession, job_id: uuid.UUID, blocks: Iterable[bytes]) -> None:
    """Store an upload as it is read: each FILE_CHUNK block sealed and written alone, never the file whole.

    One block is held back to learn whether it is the last, which its seal records (a file cut
    short then fails to decrypt).
    """
    context, pending, chunk_no = file_context(job_id), None, 0
    for block in blocks:
        if pending is not None:
            _store_chunk(session, job_id, chunk_no,
                         session.cipher.seal_file_chunk(pending, context, chunk_no, False))
            chunk_no += 1
        pending = block
    _store_chunk(session, job_id, chunk_no,
                 session.cipher.seal_file_chunk(pending or b"", context, chunk_no, True))


def _store_chunk(session: Session, job_id: uuid.UUID, chunk_no: int, sealed: bytes) -> None:
    session.execute(insert(CHUNKS).values(job_id=job_id, chunk_no=chunk_no, content=sealed))


class StoredFile(io.RawIOBase):
    """A job's uploaded file, read from the database and decrypted a chunk at a time, never whole.

    Each chunk read calls `tick`, so every pass over the file (the encoding and NUL checks, the
    workbook's size checks, the parse) can be cancelled or timed out between two chunks.
    """

    def __init__(self, db: Database, job_id: uuid.UUID, tick: Callable[[], None]) -> None:
        super().__init__()
        self.db, self.job_id, self.tick, self.position = db, job_id, tick, 0
        self.cipher, self.context = db.context.cipher, file_context(job_id)
        self._chunk_start, self._chunk_data = 0, b""
        with db.transaction(write=False) as session:
            self.size = session.execute(select(ImportJob.file_size)
                                        .where(ImportJob.id == job_id)).scalar_one()
        self.chunks = max(1, -(-self.size // FILE_CHUNK))

    def readable(self) -> bool:
        """Tell that the file can be read."""
        return True

    def seekable(self) -> bool:
        """Tell that the file can be rewound (the format checks read it more than once)."""
        return True

    def tell(self) -> int:
        """Return the read position."""
        return self.position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        """Move the read position."""
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self.position, io.SEEK_END: self.size}[whence]
        self.position = max(base + offset, 0)
        return self.position

    def readinto(self, buffer: Any) -> int:
        """Copy the next bytes into a buffer, fetching the chunk they lie in when the last one is used up."""
        offset = self.position - self._chunk_start
        if not 0 <= offset < len(self._chunk_data):
            if self.position >= self.size:
                return 0
            self.tick()
            # Readers ask for a few KB at a time; one query per chunk keeps the database trips few.
            index = self.position // FILE_CHUNK
            self._chunk_start = index * FILE_CHUNK
            self._chunk_data = self.cipher.open_file_chunk(self._chunk(index), self.context, index,
                                                           index == self.chunks - 1)
            offset = self.position - self._chunk_start
        data = self._chunk_data[offset:offset + len(buffer)]
        buffer[:len(data)] = data
        self.position += len(data)
        return len(data)

    def _chunk(self, index: int) -> bytes:
        with self.db.transaction(write=False) as session:
            sealed = session.execute(select(CHUNKS.c.content).where(
                CHUNKS.c.job_id == self.job_id, CHUNKS.c.chunk_no == index)).scalar_one_or_none()
        if sealed is None:
            raise ValueError("a chunk of the uploaded file is missing")
        return sealed


def file_context(job_id: uuid.UUID) -> str:
    """Name what a job's uploaded file is encrypted for: this job's file and no other."""
    return f"import_file:{job_id}"


def job_file(db: Database, job_id: uuid.UUID, tick: Callable[[], None] = lambda: None) -> io.BufferedReader:
    """Open the uploaded file of a job as a buffered stream of decrypted chunks."""
    return io.BufferedReader(StoredFile(db, job_id, tick))


def delete_file(session: Session, job_id: uuid.UUID) -> None:
    """Drop a finished job's uploaded file."""
    session.execute(delete(CHUNKS).where(CHUNKS.c.job_id == job_id))


def claim_keys(session: Session, job_id: uuid.UUID, attempt: int,
               firsts: dict[str, int]) -> dict[str, int]:
    """Record the row that first holds each key of a chunk; return the row stored for keys held before.

    One INSERT ... SELECT ... ON CONFLICT DO NOTHING for the whole chunk, its keys and rows sent
    as one JSON object; only the keys it could not insert (an earlier chunk holds them, rare in a
    real file) are read back.
    """
    if not firsts:
        return {}
    statement = _claim_statement(session.get_bind().dialect.name == "postgresql")
    inserted = set(session.execute(statement, {"job_id": job_id, "attempt": attempt,
                                               "pairs": json.dumps(firsts)}).scalars())
    held = [key for key in firsts if key not in inserted]
    if not held:
        return {}
    rows = session.execute(select(CLAIMS.c.key_hash, CLAIMS.c.row).where(
        CLAIMS.c.job_id == job_id, CLAIMS.c.attempt == attempt,
        _one_of_words(session, CLAIMS.c.key_hash, held)))
    return {key: row for key, row in rows}


@cache
def _claim_statement(postgres: bool) -> Any:
    """Build claim_keys' insert once: a statement per chunk would be garbage holding the chunk's keys."""
    pairs = bindparam("pairs", type_=String())
    source = (func.json_each_text(cast(pairs, JSON)) if postgres else
              func.json_each(pairs)).table_valued("key", "value")
    rows = select(bindparam("job_id", type_=CLAIMS.c.job_id.type), bindparam("attempt", type_=Integer()),
                  source.c.key, cast(source.c.value, Integer())).where(true())  # SQLite's upsert needs it
    insert_rows = (postgresql.insert(CLAIMS) if postgres else sqlite.insert(CLAIMS)).from_select(
        ["job_id", "attempt", "key_hash", "row"], rows)
    return insert_rows.on_conflict_do_nothing().returning(CLAIMS.c.key_hash)


def drop_claims(session: Session, job_id: uuid.UUID) -> None:
    """Forget every claim of a job, of all its attempts."""
    session.execute(delete(CLAIMS).where(CLAIMS.c.job_id == job_id))


def row_errors(session: Session, job_id: uuid.UUID, after_id: int, limit: int) -> list[ImportRowError]:
    """Return a page of a job's errors in file order of recording."""
    return list(session.execute(
        select(ImportRowError).where(ImportRowError.job_id == job_id, ImportRowError.id > after_id)
        .order_by(ImportRowError.id).limit(limit)
    ).scalars())


def export_page(session: Session, f: HouseholdFilter, key: tuple[str, str] | None,
                limit: int) -> list[dict[str, Any]]:
    """Return the next page of households in the lists' keyset order (village, household number)."""
    stmt = select(HOUSEHOLDS).where(*f.conditions(), *after(key))
    rows = session.execute(stmt.order_by(*ORDER).limit(limit)).mappings()
    return [dict(r) for r in rows]


_EXPORT_MEMBER_SKIP = ("seq", "id_number_hash", "created_at")


def export_members(session: Session, household_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, list[dict]]:
    """Map household ids to the member columns an export shows, in seq order."""
    out: dict[uuid.UUID, list[dict]] = {h: [] for h in household_ids}
    columns = [c for c in MEMBERS.c if c.key not in _EXPORT_MEMBER_SKIP]
    rows = session.execute(select(*columns).where(one_of(session, MEMBERS.c.household_id, household_ids))
                           .order_by(MEMBERS.c.household_id, MEMBERS.c.seq))
    for r in rows.mappings():
        out[r["household_id"]].append(dict(r))
    return out


def export_member_count(session: Session, f: HouseholdFilter) -> int:
    """Count the member rows an export would write."""
    households = select(HOUSEHOLDS.c.id).where(*f.conditions()).subquery()
    return session.execute(
        select(func.count()).select_from(MEMBERS).where(MEMBERS.c.household_id.in_(select(households)))
    ).scalar_one()
