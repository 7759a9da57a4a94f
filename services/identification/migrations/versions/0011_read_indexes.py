"""Indexes that find and order the lists' pages: households by region prefix (with or without a status)
in their keyset order, and the procedures' work list by start date.

Revision ID: 0011_read_indexes
Revises: 0010_case_rows
Create Date: 2026-12-03
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0011_read_indexes"
down_revision: str | Sequence[str] | None = "0010_case_rows"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_households_region_no", "households", ["region_code", "household_no"])
    op.create_index("ix_households_status_region_no", "households", ["status", "region_code", "household_no"])
    op.create_index("ix_procedures_started_on_id", "procedures", ["started_on", "id"])


def downgrade() -> None:
    op.drop_index("ix_procedures_started_on_id", table_name="procedures")
    op.drop_index("ix_households_status_region_no", table_name="households")
    op.drop_index("ix_households_region_no", table_name="households")
