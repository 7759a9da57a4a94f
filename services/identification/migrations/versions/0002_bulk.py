"""Bulk import jobs, their uploaded files and their per-row error reports.

Revision ID: 0002_bulk
Revises: 0001_register
Create Date: 2026-11-29 13:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shared.types

revision: str = "0002_bulk"
down_revision: str | Sequence[str] | None = "0001_register"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "import_jobs",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("mode", sa.String(length=16), nullable=False),
        sa.Column("file_format", sa.String(length=8), nullable=False),
        sa.Column("encoding", sa.String(length=16), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("file_size", sa.Integer(), nullable=False),
        sa.Column("submitted_by", sa.String(length=128), nullable=False),
        sa.Column("region_scope", sa.String(length=12), nullable=False),
        sa.Column("owner", sa.String(length=36), nullable=True),
        sa.Column("heartbeat_at", shared.types.UTCDateTime(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("groups_done", sa.Integer(), nullable=False),
        sa.Column("rows_total", sa.Integer(), nullable=True),
        sa.Column("rows_done", sa.Integer(), nullable=False),
        sa.Column("rows_rejected", sa.Integer(), nullable=False),
        sa.Column("households_created", sa.Integer(), nullable=False),
        sa.Column("households_updated", sa.Integer(), nullable=False),
        sa.Column("households_unchanged", sa.Integer(), nullable=False),
        sa.Column("households_rejected", sa.Integer(), nullable=False),
        sa.Column("members_added", sa.Integer(), nullable=False),
        sa.Column("members_changed", sa.Integer(), nullable=False),
        sa.Column("errors_recorded", sa.Integer(), nullable=False),
        sa.Column("error_code", sa.String(length=48), nullable=True),
        sa.Column("error_message", sa.Text(), nullable=True),
        sa.Column("error_message_zh", sa.Text(), nullable=True),
        sa.Column("created_at", shared.types.UTCDateTime(), nullable=False),
        sa.Column("started_at", shared.types.UTCDateTime(), nullable=True),
        sa.Column("finished_at", shared.types.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_jobs")),
    )
    with op.batch_alter_table("import_jobs", schema=None) as batch_op:
        batch_op.create_index("ix_import_jobs_state_created", ["state", "created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_import_jobs_region_scope"), ["region_scope"],
                              unique=False)

    op.create_table(
        "import_files",
        sa.Column("job_id", sa.Uuid(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["job_id"], ["import_jobs.id"],
                                name=op.f("fk_import_files_job_id_import_jobs")),
        sa.PrimaryKeyConstraint("job_id", name=op.f("pk_import_files")),
    )
    op.create_table(
        "import_row_errors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job_id", sa.Uuid(), nullable=False),
        sa.Column("row", sa.Integer(), nullable=False),
        sa.Column("household_no", sa.String(length=32), nullable=True),
        sa.Column("field", sa.String(length=64), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("message_zh", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["job_id"], ["import_jobs.id"],
                                name=op.f("fk_import_row_errors_job_id_import_jobs")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_row_errors")),
    )
    with op.batch_alter_table("import_row_errors", schema=None) as batch_op:
        batch_op.create_index("ix_import_row_errors_job_row", ["job_id", "row"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("import_row_errors", schema=None) as batch_op:
        batch_op.drop_index("ix_import_row_errors_job_row")
    op.drop_table("import_row_errors")
    op.drop_table("import_files")
    with op.batch_alter_table("import_jobs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_import_jobs_region_scope"))
        batch_op.drop_index("ix_import_jobs_state_created")
    op.drop_table("import_jobs")
