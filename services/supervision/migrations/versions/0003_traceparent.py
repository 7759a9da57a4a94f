"""Audit entries and outbox events carry the request's traceparent (journal tables v3).

Revision ID: 0003_traceparent
Revises: 0002_audit_seal, 0002_consumers
Create Date: 2026-12-03
"""

from collections.abc import Sequence

from alembic import op

from shared.journal_migrations import downgrade_journal_tables_v3, upgrade_journal_tables_v3

revision: str = "0003_traceparent"
down_revision: str | Sequence[str] | None = ("0002_audit_seal", "0002_consumers")
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    upgrade_journal_tables_v3(op)


def downgrade() -> None:
    downgrade_journal_tables_v3(op)
