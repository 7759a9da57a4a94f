"""Consumers of other services' feeds and the register replica.

Revision ID: 0002_consumers
Revises: 0001_journal
Create Date: 2026-12-03 08:30:00
"""

from collections.abc import Sequence

from alembic import op

from shared.consumers.migrations import create_consumer_tables_v1, drop_consumer_tables_v1
from shared.replica.migrations import create_replica_tables_v1, drop_replica_tables_v1

revision: str = "0002_consumers"
down_revision: str | Sequence[str] | None = "0001_journal"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_consumer_tables_v1(op)
    create_replica_tables_v1(op)


def downgrade() -> None:
    drop_replica_tables_v1(op)
    drop_consumer_tables_v1(op)
