"""Misconduct leads and the credit blacklist.

Revision ID: 0008_misconduct
Revises: 0007_assessments
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shared.types

revision: str = '0008_misconduct'
down_revision: str | Sequence[str] | None = '0007_assessments'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('blacklist_entries',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('id_number_enc', sa.LargeBinary(), nullable=False),
    sa.Column('id_number_hash', sa.String(length=64), nullable=False),
    sa.Column('reason', sa.String(length=24), nullable=False),
    sa.Column('region_code', sa.String(length=12), nullable=False),
    sa.Column('decision_reference', sa.String(length=128), nullable=False),
    sa.Column('decided_on', sa.Date(), nullable=False),
    sa.Column('listed_until', sa.Date(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('appeal_grounds', sa.Text(), nullable=True),
    sa.Column('appeal_filed_on', sa.Date(), nullable=True),
    sa.Column('appeal_decision_reference', sa.String(length=128), nullable=True),
    sa.Column('lifted_on', sa.Date(), nullable=True),
    sa.Column('lift_reason', sa.String(length=16), nullable=True),
    sa.Column('recorded_by', sa.String(length=128), nullable=False),
    sa.Column('created_at', shared.types.UTCDateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_blacklist_entries'))
    )
    op.create_index(op.f('ix_blacklist_entries_id_number_hash'), 'blacklist_entries', ['id_number_hash'], unique=False)
    op.create_index('ix_blacklist_entries_one_standing', 'blacklist_entries', ['id_number_hash', 'reason'], unique=True, sqlite_where=sa.text('lifted_on IS NULL'), postgresql_where=sa.text('lifted_on IS NULL'))
    op.create_index(op.f('ix_blacklist_entries_region_code'), 'blacklist_entries', ['region_code'], unique=False)

    op.create_table('misconduct_leads',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('region_code', sa.String(length=12), nullable=False),
    sa.Column('official_id', sa.Uuid(), nullable=True),
    sa.Column('red_flag_id', sa.Uuid(), nullable=True),
    sa.Column('summary_enc', sa.LargeBinary(), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('outcome_note', sa.Text(), nullable=True),
    sa.Column('recorded_by', sa.String(length=128), nullable=False),
    sa.Column('created_at', shared.types.UTCDateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['official_id'], ['officials.id'], name=op.f('fk_misconduct_leads_official_id_officials')),
    sa.ForeignKeyConstraint(['red_flag_id'], ['red_flags.id'], name=op.f('fk_misconduct_leads_red_flag_id_red_flags')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_misconduct_leads'))
    )
    op.create_index(op.f('ix_misconduct_leads_kind'), 'misconduct_leads', ['kind'], unique=False)
    op.create_index(op.f('ix_misconduct_leads_region_code'), 'misconduct_leads', ['region_code'], unique=False)



def downgrade() -> None:
    op.drop_index(op.f('ix_misconduct_leads_region_code'), table_name='misconduct_leads')
    op.drop_index(op.f('ix_misconduct_leads_kind'), table_name='misconduct_leads')

    op.drop_table('misconduct_leads')
    op.drop_index(op.f('ix_blacklist_entries_region_code'), table_name='blacklist_entries')
    op.drop_index('ix_blacklist_entries_one_standing', table_name='blacklist_entries')
    op.drop_index(op.f('ix_blacklist_entries_id_number_hash'), table_name='blacklist_entries')

    op.drop_table('blacklist_entries')
