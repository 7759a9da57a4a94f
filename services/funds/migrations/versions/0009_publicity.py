"""Publicity: notices with their periods and lines (names encrypted), objections and their answers.

Revision ID: 0009_publicity
Revises: 0008_performance
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from shared.types import UTCDateTime

revision: str = '0009_publicity'
down_revision: str | Sequence[str] | None = '0008_performance'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('notices',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('project_id', sa.Uuid(), nullable=False),
    sa.Column('county_code', sa.String(length=12), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('title', sa.String(length=128), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('supersedes_id', sa.Uuid(), nullable=True),
    sa.Column('superseded_by_id', sa.Uuid(), nullable=True),
    sa.Column('correction_reason', sa.Text(), nullable=True),
    sa.Column('created_by', sa.String(length=128), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('published_by', sa.String(length=128), nullable=True),
    sa.Column('published_at', UTCDateTime(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("(status = 'draft') = (published_at IS NULL)", name=op.f('ck_notices_published_when_not_draft')),
    sa.CheckConstraint('starts_on <= ends_on', name=op.f('ck_notices_dates_in_order')),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_notices_project_id_projects')),
    sa.ForeignKeyConstraint(['superseded_by_id'], ['notices.id'], name=op.f('fk_notices_superseded_by_id_notices')),
    sa.ForeignKeyConstraint(['supersedes_id'], ['notices.id'], name=op.f('fk_notices_supersedes_id_notices')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notices'))
    )
    with op.batch_alter_table('notices', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notices_county_code'), ['county_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_notices_project_id'), ['project_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_notices_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_notices_supersedes_id'), ['supersedes_id'], unique=False)
        batch_op.create_index('uq_notices_current', ['project_id', 'kind'], unique=True, sqlite_where=sa.text("status = 'published'"), postgresql_where=sa.text("status = 'published'"))

    op.create_table('notice_lines',
    sa.Column('notice_id', sa.Uuid(), nullable=False),
    sa.Column('line_no', sa.Integer(), nullable=False),
    sa.Column('household_id', sa.Uuid(), nullable=False),
    sa.Column('village_code', sa.String(length=12), nullable=False),
    sa.Column('head_name_enc', sa.LargeBinary(), nullable=False),
    sa.Column('amount_fen', sa.BigInteger(), nullable=True),
    sa.ForeignKeyConstraint(['notice_id'], ['notices.id'], name=op.f('fk_notice_lines_notice_id_notices')),
    sa.PrimaryKeyConstraint('notice_id', 'line_no', name=op.f('pk_notice_lines'))
    )
    op.create_table('objections',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('notice_id', sa.Uuid(), nullable=False),
    sa.Column('county_code', sa.String(length=12), nullable=False),
    sa.Column('channel', sa.String(length=8), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('objector_name_enc', sa.LargeBinary(), nullable=True),
    sa.Column('contact_enc', sa.LargeBinary(), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('recorded_by', sa.String(length=128), nullable=False),
    sa.Column('recorded_on', sa.Date(), nullable=False),
    sa.Column('recorded_at', UTCDateTime(), nullable=False),
    sa.Column('answer', sa.Text(), nullable=True),
    sa.Column('answered_by', sa.String(length=128), nullable=True),
    sa.Column('answered_at', UTCDateTime(), nullable=True),
    sa.CheckConstraint("(status = 'pending') = (answered_by IS NULL)", name=op.f('ck_objections_answered_when_decided')),
    sa.ForeignKeyConstraint(['notice_id'], ['notices.id'], name=op.f('fk_objections_notice_id_notices')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_objections'))
    )
    with op.batch_alter_table('objections', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_objections_county_code'), ['county_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_objections_notice_id'), ['notice_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_objections_status'), ['status'], unique=False)

def downgrade() -> None:
    with op.batch_alter_table('objections', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_objections_status'))
        batch_op.drop_index(batch_op.f('ix_objections_notice_id'))
        batch_op.drop_index(batch_op.f('ix_objections_county_code'))

    op.drop_table('objections')
    op.drop_table('notice_lines')
    with op.batch_alter_table('notices', schema=None) as batch_op:
        batch_op.drop_index('uq_notices_current', sqlite_where=sa.text("status = 'published'"), postgresql_where=sa.text("status = 'published'"))
        batch_op.drop_index(batch_op.f('ix_notices_supersedes_id'))
        batch_op.drop_index(batch_op.f('ix_notices_status'))
        batch_op.drop_index(batch_op.f('ix_notices_project_id'))
        batch_op.drop_index(batch_op.f('ix_notices_county_code'))

    op.drop_table('notices')
