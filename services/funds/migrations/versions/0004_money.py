"""Money of projects: allocations, staged payment plans, verified progress and payments.

Revision ID: 0004_money
Revises: 0003_projects
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from shared.types import UTCDateTime

revision: str = '0004_money'
down_revision: str | Sequence[str] | None = '0003_projects'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('payment_stages',
    sa.Column('project_id', sa.Uuid(), nullable=False),
    sa.Column('stage_no', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('share_bp', sa.Integer(), nullable=False),
    sa.CheckConstraint('share_bp > 0 AND share_bp <= 10000', name=op.f('ck_payment_stages_share_in_range')),
    sa.CheckConstraint('stage_no >= 1', name=op.f('ck_payment_stages_stage_no_positive')),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_payment_stages_project_id_projects')),
    sa.PrimaryKeyConstraint('project_id', 'stage_no', name=op.f('pk_payment_stages'))
    )
    op.create_table('allocations',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('project_id', sa.Uuid(), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('amount_fen', sa.BigInteger(), nullable=False),
    sa.Column('document_no', sa.String(length=64), nullable=False),
    sa.Column('allocated_on', sa.Date(), nullable=False),
    sa.Column('recorded_by', sa.String(length=128), nullable=False),
    sa.Column('recorded_at', UTCDateTime(), nullable=False),
    sa.CheckConstraint('amount_fen > 0', name=op.f('ck_allocations_amount_positive')),
    sa.ForeignKeyConstraint(['project_id', 'source'], ['project_funds.project_id', 'project_funds.source'], name=op.f('fk_allocations_project_id_project_funds')),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_allocations_project_id_projects')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_allocations'))
    )
    with op.batch_alter_table('allocations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_allocations_project_id'), ['project_id'], unique=False)

    op.create_table('payments',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('project_id', sa.Uuid(), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('amount_fen', sa.BigInteger(), nullable=False),
    sa.Column('household_id', sa.Uuid(), nullable=True),
    sa.Column('stage_no', sa.Integer(), nullable=True),
    sa.Column('payee', sa.String(length=128), nullable=False),
    sa.Column('account_enc', sa.LargeBinary(), nullable=True),
    sa.Column('paid_on', sa.Date(), nullable=False),
    sa.Column('request_key', sa.String(length=128), nullable=False),
    sa.Column('recorded_by', sa.String(length=128), nullable=False),
    sa.Column('recorded_at', UTCDateTime(), nullable=False),
    sa.CheckConstraint('(household_id IS NULL) = (stage_no IS NULL)', name=op.f('ck_payments_stage_has_household')),
    sa.CheckConstraint('amount_fen > 0', name=op.f('ck_payments_amount_positive')),
    sa.ForeignKeyConstraint(['project_id', 'source'], ['project_funds.project_id', 'project_funds.source'], name=op.f('fk_payments_project_id_project_funds')),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_payments_project_id_projects')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payments')),
    sa.UniqueConstraint('project_id', 'household_id', 'stage_no', name=op.f('uq_payments_project_id_household_id_stage_no')),
    sa.UniqueConstraint('project_id', 'request_key', name=op.f('uq_payments_project_id_request_key'))
    )
    with op.batch_alter_table('payments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_payments_project_id'), ['project_id'], unique=False)

    op.create_table('progress',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('project_id', sa.Uuid(), nullable=False),
    sa.Column('household_id', sa.Uuid(), nullable=False),
    sa.Column('stage_no', sa.Integer(), nullable=False),
    sa.Column('reached_on', sa.Date(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('recorded_by', sa.String(length=128), nullable=False),
    sa.Column('recorded_at', UTCDateTime(), nullable=False),
    sa.Column('verified_by', sa.String(length=128), nullable=True),
    sa.Column('verified_at', UTCDateTime(), nullable=True),
    sa.CheckConstraint('verified_by IS NULL OR verified_by <> recorded_by', name=op.f('ck_progress_four_eyes')),
    sa.ForeignKeyConstraint(['project_id', 'household_id'], ['project_beneficiaries.project_id', 'project_beneficiaries.household_id'], name=op.f('fk_progress_project_id_project_beneficiaries')),
    sa.ForeignKeyConstraint(['project_id', 'stage_no'], ['payment_stages.project_id', 'payment_stages.stage_no'], name=op.f('fk_progress_project_id_payment_stages')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_progress')),
    sa.UniqueConstraint('project_id', 'household_id', 'stage_no', name=op.f('uq_progress_project_id_household_id_stage_no'))
    )
    with op.batch_alter_table('progress', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_progress_project_id'), ['project_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('progress', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_progress_project_id'))

    op.drop_table('progress')
    with op.batch_alter_table('payments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_payments_project_id'))

    op.drop_table('payments')
    with op.batch_alter_table('allocations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_allocations_project_id'))

    op.drop_table('allocations')
    op.drop_table('payment_stages')
