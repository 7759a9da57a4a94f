"""Audit entries carry a keyed seal (journal tables v2).

Revision ID: 0002_audit_seal
Revises: 0001_journal
Create Date: 2026-12-03
"""

from collections.abc import Sequence

from alembic import op

from shared.journal_migrations import downgrade_journal_tables_v2, upgrade_journal_tables_v2

revision: str = "0002_audit_seal"
down_revision: str | Sequence[str] | None = "0001_journal"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    upgrade_journal_tables_v2(op)


def downgrade() -> None:
    downgrade_journal_tables_v2(op)
