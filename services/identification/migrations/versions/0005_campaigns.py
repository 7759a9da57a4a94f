"""Re-verification campaigns, cases, cross-checks, village disasters, rural population.

Revision ID: 0005_campaigns
Revises: 0001_register
Create Date: 2026-11-29 13:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shared.types

revision: str = '0005_campaigns'
down_revision: str | Sequence[str] | None = '0001_register'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('verification_campaigns',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=128), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('region_code', sa.String(length=12), nullable=False),
    sa.Column('selection', sa.JSON(), nullable=False),
    sa.Column('seed', sa.Integer(), nullable=True),
    sa.Column('selected_count', sa.Integer(), nullable=False),
    sa.Column('created_by', sa.String(length=128), nullable=False),
    sa.Column('created_at', shared.types.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_verification_campaigns'))
    )
    op.create_index(op.f('ix_verification_campaigns_region_code'), 'verification_campaigns', ['region_code'])

    op.create_table('campaign_households',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Uuid(), nullable=False),
    sa.Column('household_id', sa.Uuid(), nullable=False),
    sa.Column('household_no', sa.String(length=32), nullable=False),
    sa.Column('region_code', sa.String(length=12), nullable=False),
    sa.Column('town_code', sa.String(length=9), nullable=False),
    sa.Column('cadre_subject', sa.String(length=128), nullable=True),
    sa.Column('cadre_name', sa.String(length=64), nullable=True),
    sa.Column('assigned_at', shared.types.UTCDateTime(), nullable=True),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['verification_campaigns.id'], name=op.f('fk_campaign_households_campaign_id_verification_campaigns')),
    sa.ForeignKeyConstraint(['household_id'], ['households.id'], name=op.f('fk_campaign_households_household_id_households')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaign_households')),
    sa.UniqueConstraint('campaign_id', 'household_id', name=op.f('uq_campaign_households_campaign_id_household_id'))
    )
    op.create_index('ix_campaign_households_campaign_region', 'campaign_households', ['campaign_id', 'region_code'])
    op.create_index('ix_campaign_households_cadre_state', 'campaign_households', ['cadre_subject', 'state'])
    op.create_index(op.f('ix_campaign_households_household_id'), 'campaign_households', ['household_id'])

    op.create_table('verification_results',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('campaign_household_id', sa.Integer(), nullable=False),
    sa.Column('outcome', sa.String(length=16), nullable=False),
    sa.Column('findings', sa.JSON(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('verified_on', sa.Date(), nullable=False),
    sa.Column('recorded_by', sa.String(length=128), nullable=False),
    sa.Column('recorded_at', shared.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_household_id'], ['campaign_households.id'], name=op.f('fk_verification_results_campaign_household_id_campaign_households')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_verification_results')),
    sa.UniqueConstraint('campaign_household_id', name=op.f('uq_verification_results_campaign_household_id'))
    )

    op.create_table('crosscheck_imports',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('department', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('region_code', sa.String(length=12), nullable=False),
    sa.Column('row_count', sa.Integer(), nullable=False),
    sa.Column('matched_count', sa.Integer(), nullable=False),
    sa.Column('unmatched_count', sa.Integer(), nullable=False),
    sa.Column('invalid_count', sa.Integer(), nullable=False),
    sa.Column('new_case_count', sa.Integer(), nullable=False),
    sa.Column('imported_by', sa.String(length=128), nullable=False),
    sa.Column('imported_at', shared.types.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_crosscheck_imports'))
    )
    op.create_index(op.f('ix_crosscheck_imports_region_code'), 'crosscheck_imports', ['region_code'])

    op.create_table('verification_cases',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('state', sa.String(length=8), nullable=False),
    sa.Column('dedup_key', sa.String(length=96), nullable=False),
    sa.Column('household_id', sa.Uuid(), nullable=False),
    sa.Column('member_id', sa.Uuid(), nullable=True),
    sa.Column('region_code', sa.String(length=12), nullable=False),
    sa.Column('verification_id', sa.Uuid(), nullable=True),
    sa.Column('crosscheck_id', sa.Uuid(), nullable=True),
    sa.Column('check_kind', sa.String(length=24), nullable=True),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.Column('opened_by', sa.String(length=128), nullable=False),
    sa.Column('opened_at', shared.types.UTCDateTime(), nullable=False),
    sa.Column('resolution', sa.String(length=16), nullable=True),
    sa.Column('resolution_note', sa.Text(), nullable=True),
    sa.Column('reference', sa.String(length=128), nullable=True),
    sa.Column('closed_by', sa.String(length=128), nullable=True),
    sa.Column('closed_at', shared.types.UTCDateTime(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("state IN ('open', 'closed')", name=op.f('ck_verification_cases_state_known')),
    sa.ForeignKeyConstraint(['household_id'], ['households.id'], name=op.f('fk_verification_cases_household_id_households')),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_verification_cases_member_id_members')),
    sa.ForeignKeyConstraint(['verification_id'], ['verification_results.id'], name=op.f('fk_verification_cases_verification_id_verification_results')),
    sa.ForeignKeyConstraint(['crosscheck_id'], ['crosscheck_imports.id'], name=op.f('fk_verification_cases_crosscheck_id_crosscheck_imports')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_verification_cases')),
    sa.UniqueConstraint('dedup_key', name=op.f('uq_verification_cases_dedup_key'))
    )
    op.create_index('ix_verification_cases_region_state', 'verification_cases', ['region_code', 'state'])
    op.create_index(op.f('ix_verification_cases_household_id'), 'verification_cases', ['household_id'])
    op.create_index(op.f('ix_verification_cases_crosscheck_id'), 'verification_cases', ['crosscheck_id'])

    op.create_table('village_disasters',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('village_code', sa.String(length=12), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('occurred_on', sa.Date(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('recorded_by', sa.String(length=128), nullable=False),
    sa.Column('recorded_at', shared.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['village_code'], ['regions.code'], name=op.f('fk_village_disasters_village_code_regions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_village_disasters'))
    )
    op.create_index(op.f('ix_village_disasters_village_code'), 'village_disasters', ['village_code'])

    op.create_table('rural_populations',
    sa.Column('region_code', sa.String(length=12), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('population', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=128), nullable=True),
    sa.Column('recorded_by', sa.String(length=128), nullable=False),
    sa.Column('recorded_at', shared.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['region_code'], ['regions.code'], name=op.f('fk_rural_populations_region_code_regions')),
    sa.PrimaryKeyConstraint('region_code', 'year', name=op.f('pk_rural_populations'))
    )


def downgrade() -> None:
    op.drop_table('rural_populations')
    op.drop_index(op.f('ix_village_disasters_village_code'), table_name='village_disasters')
    op.drop_table('village_disasters')
    op.drop_index(op.f('ix_verification_cases_crosscheck_id'), table_name='verification_cases')
    op.drop_index(op.f('ix_verification_cases_household_id'), table_name='verification_cases')
    op.drop_index('ix_verification_cases_region_state', table_name='verification_cases')
    op.drop_table('verification_cases')
    op.drop_index(op.f('ix_crosscheck_imports_region_code'), table_name='crosscheck_imports')
    op.drop_table('crosscheck_imports')
    op.drop_table('verification_results')
    op.drop_index(op.f('ix_campaign_households_household_id'), table_name='campaign_households')
    op.drop_index('ix_campaign_households_cadre_state', table_name='campaign_households')
    op.drop_index('ix_campaign_households_campaign_region', table_name='campaign_households')
    op.drop_table('campaign_households')
    op.drop_index(op.f('ix_verification_campaigns_region_code'), table_name='verification_campaigns')
    op.drop_table('verification_campaigns')
