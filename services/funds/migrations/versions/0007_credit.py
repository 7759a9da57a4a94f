"""Micro-credit: loans to registered households, with renewals and the borrower's lookup hash.

Revision ID: 0007_credit
Revises: 0006_traceparent
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from shared.types import UTCDateTime

revision: str = '0007_credit'
down_revision: str | Sequence[str] | None = '0006_traceparent'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('loans',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('household_id', sa.Uuid(), nullable=False),
    sa.Column('region_code', sa.String(length=12), nullable=False),
    sa.Column('borrower_enc', sa.LargeBinary(), nullable=False),
    sa.Column('borrower_hash', sa.String(length=64), nullable=False),
    sa.Column('lender', sa.String(length=64), nullable=False),
    sa.Column('purpose', sa.String(length=24), nullable=False),
    sa.Column('amount_fen', sa.BigInteger(), nullable=False),
    sa.Column('term_months', sa.Integer(), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('renews_id', sa.Uuid(), nullable=True),
    sa.Column('actual_use', sa.String(length=24), nullable=True),
    sa.Column('repaid_on', sa.Date(), nullable=True),
    sa.Column('recorded_by', sa.String(length=128), nullable=False),
    sa.Column('recorded_at', UTCDateTime(), nullable=False),
    sa.CheckConstraint('amount_fen > 0', name=op.f('ck_loans_amount_positive')),
    sa.CheckConstraint('issued_on < due_on', name=op.f('ck_loans_dates_in_order')),
    sa.CheckConstraint('term_months > 0', name=op.f('ck_loans_term_positive')),
    sa.ForeignKeyConstraint(['renews_id'], ['loans.id'], name=op.f('fk_loans_renews_id_loans')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_loans')),
    sa.UniqueConstraint('renews_id', name=op.f('uq_loans_renews_id'))
    )
    with op.batch_alter_table('loans', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_loans_borrower_hash'), ['borrower_hash'], unique=False)
        batch_op.create_index(batch_op.f('ix_loans_household_id'), ['household_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_loans_region_code'), ['region_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_loans_status'), ['status'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('loans', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_loans_status'))
        batch_op.drop_index(batch_op.f('ix_loans_region_code'))
        batch_op.drop_index(batch_op.f('ix_loans_household_id'))
        batch_op.drop_index(batch_op.f('ix_loans_borrower_hash'))

    op.drop_table('loans')
