"""The county project library: projects, budget lines by source, villages, beneficiaries, steps.

One head again: it follows both 0002 revisions.

Revision ID: 0003_projects
Revises: 0002_audit_seal, 0002_consumers
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from shared.types import UTCDateTime

revision: str = '0003_projects'
down_revision: str | Sequence[str] | None = ('0002_audit_seal', '0002_consumers')
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('projects',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=128), nullable=False),
    sa.Column('project_type', sa.String(length=32), nullable=False),
    sa.Column('county_code', sa.String(length=12), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('planned_start', sa.Date(), nullable=False),
    sa.Column('planned_end', sa.Date(), nullable=False),
    sa.Column('technical_risk', sa.String(length=8), nullable=True),
    sa.Column('market_risk', sa.String(length=8), nullable=True),
    sa.Column('risk_measures', sa.Text(), nullable=True),
    sa.Column('status', sa.String(length=24), nullable=False),
    sa.Column('created_by', sa.String(length=128), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint('planned_start <= planned_end', name=op.f('ck_projects_dates_in_order')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_projects'))
    )
    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_projects_county_code'), ['county_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_projects_status'), ['status'], unique=False)

    op.create_table('project_beneficiaries',
    sa.Column('project_id', sa.Uuid(), nullable=False),
    sa.Column('household_id', sa.Uuid(), nullable=False),
    sa.Column('region_code', sa.String(length=12), nullable=False),
    sa.Column('subsidy_fen', sa.BigInteger(), nullable=True),
    sa.Column('account_enc', sa.LargeBinary(), nullable=True),
    sa.CheckConstraint('subsidy_fen IS NULL OR subsidy_fen > 0', name=op.f('ck_project_beneficiaries_subsidy_positive')),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_project_beneficiaries_project_id_projects')),
    sa.PrimaryKeyConstraint('project_id', 'household_id', name=op.f('pk_project_beneficiaries'))
    )
    with op.batch_alter_table('project_beneficiaries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_project_beneficiaries_household_id'), ['household_id'], unique=False)

    op.create_table('project_funds',
    sa.Column('project_id', sa.Uuid(), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('budget_fen', sa.BigInteger(), nullable=False),
    sa.Column('allocated_fen', sa.BigInteger(), nullable=False),
    sa.Column('disbursed_fen', sa.BigInteger(), nullable=False),
    sa.CheckConstraint('0 <= disbursed_fen AND disbursed_fen <= allocated_fen AND allocated_fen <= budget_fen', name=op.f('ck_project_funds_within_limits')),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_project_funds_project_id_projects')),
    sa.PrimaryKeyConstraint('project_id', 'source', name=op.f('pk_project_funds'))
    )
    op.create_table('project_steps',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('project_id', sa.Uuid(), nullable=False),
    sa.Column('step', sa.String(length=24), nullable=False),
    sa.Column('from_status', sa.String(length=24), nullable=True),
    sa.Column('to_status', sa.String(length=24), nullable=False),
    sa.Column('actor', sa.String(length=128), nullable=False),
    sa.Column('actor_name', sa.String(length=128), nullable=False),
    sa.Column('at', UTCDateTime(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_project_steps_project_id_projects')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project_steps'))
    )
    with op.batch_alter_table('project_steps', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_project_steps_project_id'), ['project_id'], unique=False)

    op.create_table('project_villages',
    sa.Column('project_id', sa.Uuid(), nullable=False),
    sa.Column('village_code', sa.String(length=12), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_project_villages_project_id_projects')),
    sa.PrimaryKeyConstraint('project_id', 'village_code', name=op.f('pk_project_villages'))
    )


def downgrade() -> None:
    op.drop_table('project_villages')
    with op.batch_alter_table('project_steps', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_project_steps_project_id'))

    op.drop_table('project_steps')
    op.drop_table('project_funds')
    with op.batch_alter_table('project_beneficiaries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_project_beneficiaries_household_id'))

    op.drop_table('project_beneficiaries')
    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_projects_status'))
        batch_op.drop_index(batch_op.f('ix_projects_county_code'))

    op.drop_table('projects')
