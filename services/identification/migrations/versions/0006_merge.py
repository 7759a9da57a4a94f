"""Join the register's feature branches (bulk, policy, procedures, campaigns) into one head.

Revision ID: 0006_merge
Revises: 0002_bulk, 0003_policy, 0004_procedures, 0005_campaigns
Create Date: 2026-11-29
"""

from collections.abc import Sequence

revision: str = "0006_merge"
down_revision: str | Sequence[str] | None = ("0002_bulk", "0003_policy", "0004_procedures", "0005_campaigns")
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Nothing to change: the branches touch different tables."""


def downgrade() -> None:
    """Nothing to change: the branches touch different tables."""
