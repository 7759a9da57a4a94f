"""Performance management (indicators, periods, evaluations), tracking audits and spot checks.

Revision ID: 0008_performance
Revises: 0007_credit
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from shared.types import UTCDateTime

revision: str = '0008_performance'
down_revision: str | Sequence[str] | None = '0007_credit'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('audits',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('subject', sa.String(length=16), nullable=False),
    sa.Column('title', sa.String(length=128), nullable=False),
    sa.Column('region_code', sa.String(length=12), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('seed', sa.String(length=64), nullable=False),
    sa.Column('algorithm', sa.String(length=32), nullable=False),
    sa.Column('sample_size', sa.Integer(), nullable=False),
    sa.Column('population_size', sa.Integer(), nullable=False),
    sa.Column('population_digest', sa.String(length=64), nullable=False),
    sa.Column('drawn_by', sa.String(length=128), nullable=False),
    sa.Column('drawn_at', UTCDateTime(), nullable=False),
    sa.CheckConstraint('sample_size > 0 AND sample_size <= population_size', name=op.f('ck_audits_sample_within_population')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audits'))
    )
    with op.batch_alter_table('audits', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audits_region_code'), ['region_code'], unique=False)

    op.create_table('audit_population',
    sa.Column('audit_id', sa.Uuid(), nullable=False),
    sa.Column('item_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['audit_id'], ['audits.id'], name=op.f('fk_audit_population_audit_id_audits')),
    sa.PrimaryKeyConstraint('audit_id', 'item_id', name=op.f('pk_audit_population'))
    )
    op.create_table('audit_sample',
    sa.Column('audit_id', sa.Uuid(), nullable=False),
    sa.Column('item_id', sa.Uuid(), nullable=False),
    sa.Column('rank', sa.Integer(), nullable=False),
    sa.Column('draw_key', sa.String(length=64), nullable=False),
    sa.Column('project_id', sa.Uuid(), nullable=False),
    sa.Column('county_code', sa.String(length=12), nullable=False),
    sa.ForeignKeyConstraint(['audit_id'], ['audits.id'], name=op.f('fk_audit_sample_audit_id_audits')),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_audit_sample_project_id_projects')),
    sa.PrimaryKeyConstraint('audit_id', 'item_id', name=op.f('pk_audit_sample')),
    sa.UniqueConstraint('audit_id', 'rank', name=op.f('uq_audit_sample_audit_id_rank'))
    )
    op.create_table('evaluations',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('scope_key', sa.String(length=48), nullable=False),
    sa.Column('region_code', sa.String(length=12), nullable=False),
    sa.Column('project_id', sa.Uuid(), nullable=True),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('period_end', sa.Date(), nullable=False),
    sa.Column('score_hundredths', sa.BigInteger(), nullable=False),
    sa.Column('grade', sa.String(length=16), nullable=False),
    sa.Column('rule', sa.String(length=64), nullable=False),
    sa.Column('inputs', sa.JSON(), nullable=False),
    sa.Column('evaluated_by', sa.String(length=128), nullable=False),
    sa.Column('evaluated_at', UTCDateTime(), nullable=False),
    sa.CheckConstraint('period_start <= period_end', name=op.f('ck_evaluations_dates_in_order')),
    sa.CheckConstraint('score_hundredths >= 0 AND score_hundredths <= 10000', name=op.f('ck_evaluations_score_in_range')),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_evaluations_project_id_projects')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evaluations'))
    )
    with op.batch_alter_table('evaluations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evaluations_region_code'), ['region_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_evaluations_scope_key'), ['scope_key'], unique=False)

    op.create_table('indicators',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('scope_key', sa.String(length=48), nullable=False),
    sa.Column('region_code', sa.String(length=12), nullable=False),
    sa.Column('project_id', sa.Uuid(), nullable=True),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('unit', sa.String(length=16), nullable=False),
    sa.Column('direction', sa.String(length=8), nullable=False),
    sa.Column('baseline_hundredths', sa.BigInteger(), nullable=False),
    sa.Column('created_by', sa.String(length=128), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_indicators_project_id_projects')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicators')),
    sa.UniqueConstraint('scope_key', 'name', name=op.f('uq_indicators_scope_key_name'))
    )
    with op.batch_alter_table('indicators', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_indicators_project_id'), ['project_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_indicators_region_code'), ['region_code'], unique=False)

    op.create_table('findings',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('audit_id', sa.Uuid(), nullable=False),
    sa.Column('item_id', sa.Uuid(), nullable=False),
    sa.Column('county_code', sa.String(length=12), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('owner', sa.String(length=128), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('recorded_by', sa.String(length=128), nullable=False),
    sa.Column('recorded_at', UTCDateTime(), nullable=False),
    sa.Column('report', sa.Text(), nullable=True),
    sa.Column('reported_by', sa.String(length=128), nullable=True),
    sa.Column('reported_at', UTCDateTime(), nullable=True),
    sa.Column('verified_by', sa.String(length=128), nullable=True),
    sa.Column('verified_at', UTCDateTime(), nullable=True),
    sa.Column('verification_note', sa.Text(), nullable=True),
    sa.Column('closed_by', sa.String(length=128), nullable=True),
    sa.Column('closed_at', UTCDateTime(), nullable=True),
    sa.Column('closure_note', sa.Text(), nullable=True),
    sa.CheckConstraint('verified_by IS NULL OR verified_by <> reported_by', name=op.f('ck_findings_four_eyes')),
    sa.ForeignKeyConstraint(['audit_id', 'item_id'], ['audit_sample.audit_id', 'audit_sample.item_id'], name=op.f('fk_findings_audit_id_audit_sample')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_findings'))
    )
    with op.batch_alter_table('findings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_findings_audit_id'), ['audit_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_findings_county_code'), ['county_code'], unique=False)

    op.create_table('indicator_periods',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('indicator_id', sa.Uuid(), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('period_end', sa.Date(), nullable=False),
    sa.Column('target_hundredths', sa.BigInteger(), nullable=False),
    sa.Column('actual_hundredths', sa.BigInteger(), nullable=True),
    sa.Column('set_by', sa.String(length=128), nullable=False),
    sa.Column('actual_by', sa.String(length=128), nullable=True),
    sa.Column('actual_at', UTCDateTime(), nullable=True),
    sa.CheckConstraint('period_start <= period_end', name=op.f('ck_indicator_periods_dates_in_order')),
    sa.ForeignKeyConstraint(['indicator_id'], ['indicators.id'], name=op.f('fk_indicator_periods_indicator_id_indicators')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicator_periods')),
    sa.UniqueConstraint('indicator_id', 'period_start', name=op.f('uq_indicator_periods_indicator_id_period_start'))
    )
    with op.batch_alter_table('indicator_periods', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_indicator_periods_indicator_id'), ['indicator_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('indicator_periods', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_indicator_periods_indicator_id'))

    op.drop_table('indicator_periods')
    with op.batch_alter_table('findings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_findings_county_code'))
        batch_op.drop_index(batch_op.f('ix_findings_audit_id'))

    op.drop_table('findings')
    with op.batch_alter_table('indicators', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_indicators_region_code'))
        batch_op.drop_index(batch_op.f('ix_indicators_project_id'))

    op.drop_table('indicators')
    with op.batch_alter_table('evaluations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evaluations_scope_key'))
        batch_op.drop_index(batch_op.f('ix_evaluations_region_code'))

    op.drop_table('evaluations')
    op.drop_table('audit_sample')
    op.drop_table('audit_population')
    with op.batch_alter_table('audits', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audits_region_code'))

    op.drop_table('audits')
