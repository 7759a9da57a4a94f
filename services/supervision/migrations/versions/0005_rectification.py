"""Interviews, inspections and rectification items.

Revision ID: 0005_rectification
Revises: 0004_red_flags
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shared.types

revision: str = '0005_rectification'
down_revision: str | Sequence[str] | None = '0004_red_flags'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('inspections',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('title', sa.String(length=128), nullable=False),
    sa.Column('region_code', sa.String(length=12), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('findings', sa.JSON(), nullable=False),
    sa.Column('recorded_by', sa.String(length=128), nullable=False),
    sa.Column('created_at', shared.types.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inspections'))
    )
    op.create_index(op.f('ix_inspections_region_code'), 'inspections', ['region_code'], unique=False)

    op.create_table('interviews',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('official_id', sa.Uuid(), nullable=True),
    sa.Column('unit_name', sa.String(length=128), nullable=True),
    sa.Column('region_code', sa.String(length=12), nullable=False),
    sa.Column('interviewer', sa.String(length=64), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('inspection_id', sa.Uuid(), nullable=True),
    sa.Column('red_flag_id', sa.Uuid(), nullable=True),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('issues', sa.JSON(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('recorded_by', sa.String(length=128), nullable=False),
    sa.Column('created_at', shared.types.UTCDateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['inspection_id'], ['inspections.id'], name=op.f('fk_interviews_inspection_id_inspections')),
    sa.ForeignKeyConstraint(['official_id'], ['officials.id'], name=op.f('fk_interviews_official_id_officials')),
    sa.ForeignKeyConstraint(['red_flag_id'], ['red_flags.id'], name=op.f('fk_interviews_red_flag_id_red_flags')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_interviews'))
    )
    op.create_index(op.f('ix_interviews_region_code'), 'interviews', ['region_code'], unique=False)

    op.create_table('rectification_items',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('interview_id', sa.Uuid(), nullable=True),
    sa.Column('inspection_id', sa.Uuid(), nullable=True),
    sa.Column('region_code', sa.String(length=12), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('owner_official_id', sa.Uuid(), nullable=True),
    sa.Column('owner_name', sa.String(length=128), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('report', sa.Text(), nullable=True),
    sa.Column('reported_on', sa.Date(), nullable=True),
    sa.Column('reported_by', sa.String(length=128), nullable=True),
    sa.Column('verification_note', sa.Text(), nullable=True),
    sa.Column('verified_by', sa.String(length=128), nullable=True),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('overdue_flagged_on', sa.Date(), nullable=True),
    sa.Column('created_at', shared.types.UTCDateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint('(interview_id IS NULL) <> (inspection_id IS NULL)', name=op.f('ck_rectification_items_one_cause')),
    sa.ForeignKeyConstraint(['inspection_id'], ['inspections.id'], name=op.f('fk_rectification_items_inspection_id_inspections')),
    sa.ForeignKeyConstraint(['interview_id'], ['interviews.id'], name=op.f('fk_rectification_items_interview_id_interviews')),
    sa.ForeignKeyConstraint(['owner_official_id'], ['officials.id'], name=op.f('fk_rectification_items_owner_official_id_officials')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rectification_items'))
    )
    op.create_index(op.f('ix_rectification_items_inspection_id'), 'rectification_items', ['inspection_id'], unique=False)
    op.create_index(op.f('ix_rectification_items_interview_id'), 'rectification_items', ['interview_id'], unique=False)
    op.create_index(op.f('ix_rectification_items_region_code'), 'rectification_items', ['region_code'], unique=False)
    op.create_index('ix_rectification_items_state_deadline', 'rectification_items', ['state', 'deadline'], unique=False)



def downgrade() -> None:
    op.drop_index('ix_rectification_items_state_deadline', table_name='rectification_items')
    op.drop_index(op.f('ix_rectification_items_region_code'), table_name='rectification_items')
    op.drop_index(op.f('ix_rectification_items_interview_id'), table_name='rectification_items')
    op.drop_index(op.f('ix_rectification_items_inspection_id'), table_name='rectification_items')

    op.drop_table('rectification_items')
    op.drop_index(op.f('ix_interviews_region_code'), table_name='interviews')

    op.drop_table('interviews')
    op.drop_index(op.f('ix_inspections_region_code'), table_name='inspections')

    op.drop_table('inspections')
