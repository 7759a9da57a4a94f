"""Asset-income projects: shares held for households, yearly distributions and their lines.

Revision ID: 0005_assets
Revises: 0004_money
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from shared.types import UTCDateTime

revision: str = '0005_assets'
down_revision: str | Sequence[str] | None = '0004_money'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('distributions',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('project_id', sa.Uuid(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('total_fen', sa.BigInteger(), nullable=False),
    sa.Column('guaranteed_fen', sa.BigInteger(), nullable=False),
    sa.Column('created_by', sa.String(length=128), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.CheckConstraint('total_fen >= 0 AND guaranteed_fen >= 0', name=op.f('ck_distributions_amounts_not_negative')),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_distributions_project_id_projects')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_distributions')),
    sa.UniqueConstraint('project_id', 'year', name=op.f('uq_distributions_project_id_year'))
    )
    with op.batch_alter_table('distributions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_distributions_project_id'), ['project_id'], unique=False)

    op.create_table('asset_shares',
    sa.Column('project_id', sa.Uuid(), nullable=False),
    sa.Column('household_id', sa.Uuid(), nullable=False),
    sa.Column('shares', sa.Integer(), nullable=False),
    sa.CheckConstraint('shares > 0', name=op.f('ck_asset_shares_shares_positive')),
    sa.ForeignKeyConstraint(['project_id', 'household_id'], ['project_beneficiaries.project_id', 'project_beneficiaries.household_id'], name=op.f('fk_asset_shares_project_id_project_beneficiaries')),
    sa.PrimaryKeyConstraint('project_id', 'household_id', name=op.f('pk_asset_shares'))
    )
    op.create_table('distribution_lines',
    sa.Column('distribution_id', sa.Uuid(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('household_id', sa.Uuid(), nullable=False),
    sa.Column('shares', sa.Integer(), nullable=False),
    sa.Column('disabled_member', sa.Boolean(), nullable=False),
    sa.Column('guaranteed_fen', sa.BigInteger(), nullable=False),
    sa.Column('dividend_fen', sa.BigInteger(), nullable=False),
    sa.CheckConstraint('guaranteed_fen >= 0 AND dividend_fen >= 0', name=op.f('ck_distribution_lines_parts_not_negative')),
    sa.ForeignKeyConstraint(['distribution_id'], ['distributions.id'], name=op.f('fk_distribution_lines_distribution_id_distributions')),
    sa.PrimaryKeyConstraint('distribution_id', 'position', name=op.f('pk_distribution_lines'))
    )


def downgrade() -> None:
    op.drop_table('distribution_lines')
    op.drop_table('asset_shares')
    with op.batch_alter_table('distributions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_distributions_project_id'))

    op.drop_table('distributions')
