"""Import jobs can be cancelled while they run: the shared job runner's cancel request.

Revision ID: 0008_job_cancel
Revises: 0007_rule_sources
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shared.types

revision: str = "0008_job_cancel"
down_revision: str | Sequence[str] | None = "0007_rule_sources"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("import_jobs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("cancel_requested_at", shared.types.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("cancel_requested_by", sa.String(length=128), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("import_jobs", schema=None) as batch_op:
        batch_op.drop_column("cancel_requested_by")
        batch_op.drop_column("cancel_requested_at")
