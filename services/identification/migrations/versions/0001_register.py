"""The register: regions, households, members, history, incomes, journal tables.

Revision ID: 0001_register
Revises: 
Create Date: 2026-11-29 13:07:11.395750
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shared.types
from services.identification.regions.reference import load_reference_regions
from shared.journal_migrations import create_journal_tables_v1, drop_journal_tables_v1

revision: str = '0001_register'
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_journal_tables_v1(op)
    op.create_table('regions',
    sa.Column('code', sa.String(length=12), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('level', sa.String(length=16), nullable=False),
    sa.Column('parent_code', sa.String(length=12), nullable=True),
    sa.Column('relatively_poor', sa.Boolean(), nullable=False),
    sa.Column('old_revolutionary_base', sa.Boolean(), nullable=False),
    sa.Column('central_soviet_area', sa.Boolean(), nullable=False),
    sa.Column('ethnic_minority_area', sa.Boolean(), nullable=False),
    sa.Column('tidy_village', sa.Boolean(), nullable=False),
    sa.Column('next_household_serial', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['parent_code'], ['regions.code'], name=op.f('fk_regions_parent_code_regions')),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_regions'))
    )
    with op.batch_alter_table('regions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_regions_parent_code'), ['parent_code'], unique=False)

    op.create_table('households',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('household_no', sa.String(length=32), nullable=False),
    sa.Column('region_code', sa.String(length=12), nullable=False),
    sa.Column('county_code', sa.String(length=6), nullable=False),
    sa.Column('address', sa.String(length=200), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('category', sa.String(length=32), nullable=False),
    sa.Column('primary_cause', sa.String(length=32), nullable=False),
    sa.Column('other_causes', sa.JSON(), nullable=False),
    sa.Column('housing_grade', sa.String(length=16), nullable=False),
    sa.Column('renovation_state', sa.String(length=16), nullable=False),
    sa.Column('safe_drinking_water', sa.Boolean(), nullable=False),
    sa.Column('helper_name', sa.String(length=64), nullable=True),
    sa.Column('helper_subject', sa.String(length=128), nullable=True),
    sa.Column('phone_enc', sa.LargeBinary(), nullable=True),
    sa.Column('bank_name', sa.String(length=64), nullable=True),
    sa.Column('bank_account_enc', sa.LargeBinary(), nullable=True),
    sa.Column('bank_account_hash', sa.String(length=64), nullable=True),
    sa.Column('exit_pathway', sa.String(length=32), nullable=True),
    sa.Column('identified_on', sa.Date(), nullable=True),
    sa.Column('exited_on', sa.Date(), nullable=True),
    sa.Column('created_at', shared.types.UTCDateTime(), nullable=False),
    sa.Column('updated_at', shared.types.UTCDateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['region_code'], ['regions.code'], name=op.f('fk_households_region_code_regions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_households')),
    sa.UniqueConstraint('household_no', name=op.f('uq_households_household_no'))
    )
    with op.batch_alter_table('households', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_households_bank_account_hash'), ['bank_account_hash'], unique=False)
        batch_op.create_index('ix_households_county_status', ['county_code', 'status'], unique=False)
        batch_op.create_index('ix_households_region_status', ['region_code', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_households_status'), ['status'], unique=False)

    op.create_table('natural_villages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('village_code', sa.String(length=12), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('households', sa.Integer(), nullable=False),
    sa.Column('hardened_road', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['village_code'], ['regions.code'], name=op.f('fk_natural_villages_village_code_regions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_natural_villages')),
    sa.UniqueConstraint('village_code', 'name', name=op.f('uq_natural_villages_village_code_name'))
    )
    with op.batch_alter_table('natural_villages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_natural_villages_village_code'), ['village_code'], unique=False)

    op.create_table('household_status_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('household_id', sa.Uuid(), nullable=False),
    sa.Column('from_status', sa.String(length=16), nullable=True),
    sa.Column('to_status', sa.String(length=16), nullable=False),
    sa.Column('effective_on', sa.Date(), nullable=False),
    sa.Column('at', shared.types.UTCDateTime(), nullable=False),
    sa.Column('actor', sa.String(length=128), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('reference', sa.String(length=128), nullable=True),
    sa.ForeignKeyConstraint(['household_id'], ['households.id'], name=op.f('fk_household_status_changes_household_id_households')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_household_status_changes'))
    )
    with op.batch_alter_table('household_status_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_household_status_changes_household_id'), ['household_id'], unique=False)

    op.create_table('income_records',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('household_id', sa.Uuid(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('wages', shared.types.Money(), nullable=False),
    sa.Column('production_business', shared.types.Money(), nullable=False),
    sa.Column('property_income', shared.types.Money(), nullable=False),
    sa.Column('transfer_income', shared.types.Money(), nullable=False),
    sa.Column('production_costs', shared.types.Money(), nullable=False),
    sa.Column('household_size', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('recorded_at', shared.types.UTCDateTime(), nullable=False),
    sa.Column('recorded_by', sa.String(length=128), nullable=False),
    sa.ForeignKeyConstraint(['household_id'], ['households.id'], name=op.f('fk_income_records_household_id_households')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_income_records')),
    sa.UniqueConstraint('household_id', 'year', 'revision', name=op.f('uq_income_records_household_id_year_revision'))
    )
    with op.batch_alter_table('income_records', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_income_records_household_id'), ['household_id'], unique=False)

    op.create_table('members',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('household_id', sa.Uuid(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('id_number_enc', sa.LargeBinary(), nullable=False),
    sa.Column('id_number_hash', sa.String(length=64), nullable=False),
    sa.Column('sex', sa.String(length=8), nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=False),
    sa.Column('relation', sa.String(length=16), nullable=False),
    sa.Column('education', sa.String(length=24), nullable=False),
    sa.Column('schooling', sa.String(length=24), nullable=False),
    sa.Column('health_status', sa.String(length=24), nullable=False),
    sa.Column('illness_enc', sa.LargeBinary(), nullable=True),
    sa.Column('disability_grade', sa.Integer(), nullable=True),
    sa.Column('disability_card_enc', sa.LargeBinary(), nullable=True),
    sa.Column('labour_capacity', sa.String(length=16), nullable=False),
    sa.Column('pension_insured', sa.Boolean(), nullable=False),
    sa.Column('medical_insured', sa.Boolean(), nullable=False),
    sa.Column('critical_illness_insured', sa.Boolean(), nullable=False),
    sa.Column('employment', sa.String(length=24), nullable=False),
    sa.Column('phone_enc', sa.LargeBinary(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('left_on', sa.Date(), nullable=True),
    sa.Column('left_reason', sa.String(length=24), nullable=True),
    sa.Column('created_at', shared.types.UTCDateTime(), nullable=False),
    sa.Column('updated_at', shared.types.UTCDateTime(), nullable=False),
    sa.CheckConstraint('disability_grade IS NULL OR disability_grade BETWEEN 1 AND 4', name=op.f('ck_members_disability_grade_range')),
    sa.ForeignKeyConstraint(['household_id'], ['households.id'], name=op.f('fk_members_household_id_households')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_members'))
    )
    with op.batch_alter_table('members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_members_household_id'), ['household_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_members_id_number_hash'), ['id_number_hash'], unique=False)
        batch_op.create_index(batch_op.f('ix_members_name'), ['name'], unique=False)
        batch_op.create_index('uq_members_active_person', ['id_number_hash'], unique=True, sqlite_where=sa.text('active = 1'), postgresql_where=sa.text('active'))

    load_reference_regions(op)

def downgrade() -> None:
    with op.batch_alter_table('members', schema=None) as batch_op:
        batch_op.drop_index('uq_members_active_person', sqlite_where=sa.text('active = 1'), postgresql_where=sa.text('active'))
        batch_op.drop_index(batch_op.f('ix_members_name'))
        batch_op.drop_index(batch_op.f('ix_members_id_number_hash'))
        batch_op.drop_index(batch_op.f('ix_members_household_id'))

    op.drop_table('members')
    with op.batch_alter_table('income_records', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_income_records_household_id'))

    op.drop_table('income_records')
    with op.batch_alter_table('household_status_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_household_status_changes_household_id'))

    op.drop_table('household_status_changes')
    with op.batch_alter_table('natural_villages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_natural_villages_village_code'))

    op.drop_table('natural_villages')
    with op.batch_alter_table('households', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_households_status'))
        batch_op.drop_index('ix_households_region_status')
        batch_op.drop_index('ix_households_county_status')
        batch_op.drop_index(batch_op.f('ix_households_bank_account_hash'))

    op.drop_table('households')
    with op.batch_alter_table('regions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_regions_parent_code'))

    op.drop_table('regions')
    drop_journal_tables_v1(op)
