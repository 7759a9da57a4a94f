"""Journal tables: audit chain, outbox, chain head, idempotency keys.

Revision ID: 0001_journal
Revises:
Create Date: 2026-11-29 13:07:33.457588
"""

from collections.abc import Sequence

from alembic import op

from shared.journal_migrations import create_journal_tables_v1, drop_journal_tables_v1

revision: str = '0001_journal'
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_journal_tables_v1(op)


def downgrade() -> None:
    drop_journal_tables_v1(op)
