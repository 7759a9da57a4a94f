"""Uploaded import files are stored a sealed chunk per row, as the upload is read.

The old table held a file as one blob of sealed chunks back to back; each chunk is moved to a
row of its own unchanged (it stays bound to its place and to whether it is the last), read a
slice at a time so the migration never holds a file whole.

Revision ID: 0012_import_chunks
Revises: 0011_traceparent
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from shared.crypto import SEALED_FILE_CHUNK

revision: str = "0012_import_chunks"
down_revision: str | Sequence[str] | None = "0011_traceparent"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_FILES = sa.table("import_files", sa.column("job_id", sa.Uuid()), sa.column("content", sa.LargeBinary()))
_CHUNKS = sa.table("import_file_chunks", sa.column("job_id", sa.Uuid()), sa.column("chunk_no", sa.Integer()),
                   sa.column("content", sa.LargeBinary()))


def upgrade() -> None:
    op.create_table(
        "import_file_chunks",
        sa.Column("job_id", sa.Uuid(), nullable=False),
        sa.Column("chunk_no", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["job_id"], ["import_jobs.id"], name=op.f("fk_import_file_chunks_job_id_import_jobs")),
        sa.PrimaryKeyConstraint("job_id", "chunk_no", name=op.f("pk_import_file_chunks")),
    )
    connection = op.get_bind()
    files = connection.execute(sa.select(_FILES.c.job_id, sa.func.length(_FILES.c.content))).all()
    for job_id, size in files:
        for chunk_no, start in enumerate(range(0, size, SEALED_FILE_CHUNK)):
            piece = connection.execute(sa.select(sa.func.substr(_FILES.c.content, start + 1, SEALED_FILE_CHUNK))
                                       .where(_FILES.c.job_id == job_id)).scalar_one()
            connection.execute(sa.insert(_CHUNKS).values(job_id=job_id, chunk_no=chunk_no, content=piece))
    op.drop_table("import_files")


def downgrade() -> None:
    op.create_table(
        "import_files",
        sa.Column("job_id", sa.Uuid(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["job_id"], ["import_jobs.id"], name=op.f("fk_import_files_job_id_import_jobs")),
        sa.PrimaryKeyConstraint("job_id", name=op.f("pk_import_files")),
    )
    connection = op.get_bind()
    jobs = connection.execute(sa.select(_CHUNKS.c.job_id).distinct()).scalars().all()
    for job_id in jobs:
        pieces = connection.execute(sa.select(_CHUNKS.c.content).where(_CHUNKS.c.job_id == job_id)
                                    .order_by(_CHUNKS.c.chunk_no)).scalars()
        connection.execute(sa.insert(_FILES).values(job_id=job_id, content=b"".join(pieces)))
    op.drop_table("import_file_chunks")
