"""Bulk import jobs: the job, its uploaded file, its in-file claims and its per-row error report."""

from __future__ import annotations

import uuid

from sqlalchemy import ForeignKey, Index, Integer, LargeBinary, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from services.identification.models.base import Base
from shared.jobs.model import JobColumns


class ImportJob(JobColumns, Base):
    """An import of households from a file (批量导入任务), run by the shared job runner."""

    __tablename__ = "import_jobs"
    __table_args__ = (Index("ix_import_jobs_state_created", "state", "created_at"),)

    mode: Mapped[str] = mapped_column(String(16))
    file_format: Mapped[str] = mapped_column(String(8))
    encoding: Mapped[str] = mapped_column(String(16))
    filename: Mapped[str] = mapped_column(String(200))
    file_size: Mapped[int] = mapped_column(Integer)
    submitted_by: Mapped[str] = mapped_column(String(128))
    region_scope: Mapped[str] = mapped_column(String(12), index=True)
    # Resume point: household groups whose outcome is committed (accept_valid mode).
    groups_done: Mapped[int] = mapped_column(Integer, default=0)
    rows_total: Mapped[int | None] = mapped_column(Integer)
    rows_done: Mapped[int] = mapped_column(Integer, default=0)
    rows_rejected: Mapped[int] = mapped_column(Integer, default=0)
    households_created: Mapped[int] = mapped_column(Integer, default=0)
    households_updated: Mapped[int] = mapped_column(Integer, default=0)
    households_unchanged: Mapped[int] = mapped_column(Integer, default=0)
    households_rejected: Mapped[int] = mapped_column(Integer, default=0)
    members_added: Mapped[int] = mapped_column(Integer, default=0)
    members_changed: Mapped[int] = mapped_column(Integer, default=0)
    errors_recorded: Mapped[int] = mapped_column(Integer, default=0)


class ImportFileChunk(Base):
    """One sealed chunk of a job's uploaded file, kept so a restarted service can resume.

    A file is stored as it is read, a chunk (FILE_CHUNK bytes, the last one shorter) per row,
    so neither the upload nor the import ever holds it whole.
    """

    __tablename__ = "import_file_chunks"

    job_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("import_jobs.id"), primary_key=True)
    chunk_no: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    content: Mapped[bytes] = mapped_column(LargeBinary)


class ImportClaim(Base):
    """The file row that first listed a household number or a person, while the job runs.

    A job checks its file a chunk at a time; this table remembers across chunks which row first
    used each key, so an import's memory does not grow with its file. The key is a keyed lookup
    hash (the register's for ID numbers), never the value. `attempt` keeps a worker that lost its
    job from mixing its claims into the next attempt's. No foreign key: it would cost a lookup of
    the job for every row inserted, and the rows live only as long as their job runs.
    """

    __tablename__ = "import_claims"

    job_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    attempt: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    key_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    row: Mapped[int] = mapped_column(Integer)


class ImportRowError(Base):
    """One rejected cell or row of an import (错误报告); never holds the rejected value."""

    __tablename__ = "import_row_errors"
    __table_args__ = (Index("ix_import_row_errors_job_row", "job_id", "row"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    job_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("import_jobs.id"))
    row: Mapped[int] = mapped_column(Integer)
    household_no: Mapped[str | None] = mapped_column(String(32))
    field: Mapped[str] = mapped_column(String(64))
    code: Mapped[str] = mapped_column(String(64))
    message: Mapped[str] = mapped_column(Text)
    message_zh: Mapped[str] = mapped_column(Text)
