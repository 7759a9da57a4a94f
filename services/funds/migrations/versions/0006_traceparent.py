"""Audit entries and outbox events carry the request's traceparent (journal tables v3).

Revision ID: 0006_traceparent
Revises: 0005_assets
Create Date: 2026-12-03
"""

from collections.abc import Sequence

from alembic import op

from shared.journal_migrations import downgrade_journal_tables_v3, upgrade_journal_tables_v3

revision: str = "0006_traceparent"
down_revision: str | Sequence[str] | None = "0005_assets"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    upgrade_journal_tables_v3(op)


def downgrade() -> None:
    downgrade_journal_tables_v3(op)
