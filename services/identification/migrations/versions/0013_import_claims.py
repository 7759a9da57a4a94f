"""A running import remembers which row first listed each key in a table, not in memory.

The in-file duplicate check kept every household number and person of a file in the worker's
memory (about 42 MB at the upload limit); the claims are now rows keyed by job, attempt and a
keyed lookup hash, deleted when the job ends. A job running during the upgrade restarts.

Revision ID: 0013_import_claims
Revises: 0012_import_chunks
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013_import_claims"
down_revision: str | Sequence[str] | None = "0012_import_chunks"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "import_claims",
        sa.Column("job_id", sa.Uuid(), nullable=False),
        sa.Column("attempt", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("row", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("job_id", "attempt", "key_hash", name=op.f("pk_import_claims")),
    )


def downgrade() -> None:
    op.drop_table("import_claims")
