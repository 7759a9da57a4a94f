"""Target places and red flags.

Revision ID: 0004_red_flags
Revises: 0003_officials_visits
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shared.types

revision: str = '0004_red_flags'
down_revision: str | Sequence[str] | None = '0003_officials_visits'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('red_flags',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('dedup_key', sa.String(length=160), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('region_code', sa.String(length=12), nullable=False),
    sa.Column('official_id', sa.Uuid(), nullable=True),
    sa.Column('visit_id', sa.Uuid(), nullable=True),
    sa.Column('other_visit_id', sa.Uuid(), nullable=True),
    sa.Column('household_id', sa.Uuid(), nullable=True),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.Column('raised_at', shared.types.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_red_flags')),
    sa.UniqueConstraint('dedup_key', name=op.f('uq_red_flags_dedup_key'))
    )
    op.create_index(op.f('ix_red_flags_kind'), 'red_flags', ['kind'], unique=False)
    op.create_index(op.f('ix_red_flags_official_id'), 'red_flags', ['official_id'], unique=False)
    op.create_index('ix_red_flags_region_raised', 'red_flags', ['region_code', 'raised_at'], unique=False)

    op.create_table('target_places',
    sa.Column('target_key', sa.String(length=36), nullable=False),
    sa.Column('target_kind', sa.String(length=16), nullable=False),
    sa.Column('latitude', sa.Float(), nullable=False),
    sa.Column('longitude', sa.Float(), nullable=False),
    sa.Column('recorded_by', sa.String(length=128), nullable=False),
    sa.Column('recorded_at', shared.types.UTCDateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('target_key', name=op.f('pk_target_places'))
    )


def downgrade() -> None:
    op.drop_table('target_places')
    op.drop_index('ix_red_flags_region_raised', table_name='red_flags')
    op.drop_index(op.f('ix_red_flags_official_id'), table_name='red_flags')
    op.drop_index(op.f('ix_red_flags_kind'), table_name='red_flags')

    op.drop_table('red_flags')
