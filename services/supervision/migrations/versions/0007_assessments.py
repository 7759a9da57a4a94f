"""Assessments with scored indicators, third-party evaluations and their sampled households.

Revision ID: 0007_assessments
Revises: 0006_research_quotas
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shared.types

revision: str = '0007_assessments'
down_revision: str | Sequence[str] | None = '0006_research_quotas'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('evaluations',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('region_code', sa.String(length=12), nullable=False),
    sa.Column('evaluator', sa.String(length=128), nullable=False),
    sa.Column('seed', sa.Integer(), nullable=False),
    sa.Column('population', sa.Integer(), nullable=False),
    sa.Column('sample_size', sa.Integer(), nullable=False),
    sa.Column('created_by', sa.String(length=128), nullable=False),
    sa.Column('created_at', shared.types.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evaluations'))
    )
    op.create_index(op.f('ix_evaluations_region_code'), 'evaluations', ['region_code'], unique=False)

    op.create_table('assessments',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('subject_key', sa.String(length=48), nullable=False),
    sa.Column('region_code', sa.String(length=12), nullable=False),
    sa.Column('official_id', sa.Uuid(), nullable=True),
    sa.Column('assessor', sa.String(length=128), nullable=False),
    sa.Column('total_hundredths', sa.Integer(), nullable=False),
    sa.Column('created_by', sa.String(length=128), nullable=False),
    sa.Column('created_at', shared.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['official_id'], ['officials.id'], name=op.f('fk_assessments_official_id_officials')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assessments')),
    sa.UniqueConstraint('year', 'subject_key', name=op.f('uq_assessments_year_subject_key'))
    )
    op.create_index(op.f('ix_assessments_region_code'), 'assessments', ['region_code'], unique=False)

    op.create_table('evaluated_households',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('evaluation_id', sa.Uuid(), nullable=False),
    sa.Column('household_id', sa.Uuid(), nullable=False),
    sa.Column('household_no', sa.String(length=32), nullable=False),
    sa.Column('register_status', sa.String(length=16), nullable=False),
    sa.Column('food_clothing', sa.Boolean(), nullable=True),
    sa.Column('education', sa.Boolean(), nullable=True),
    sa.Column('medical', sa.Boolean(), nullable=True),
    sa.Column('housing', sa.Boolean(), nullable=True),
    sa.Column('drinking_water', sa.Boolean(), nullable=True),
    sa.Column('evaluated_on', sa.Date(), nullable=True),
    sa.Column('evaluated_by', sa.String(length=128), nullable=True),
    sa.ForeignKeyConstraint(['evaluation_id'], ['evaluations.id'], name=op.f('fk_evaluated_households_evaluation_id_evaluations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evaluated_households')),
    sa.UniqueConstraint('evaluation_id', 'household_id', name=op.f('uq_evaluated_households_evaluation_id_household_id'))
    )
    op.create_index(op.f('ix_evaluated_households_evaluation_id'), 'evaluated_households', ['evaluation_id'], unique=False)

    op.create_table('assessment_indicators',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assessment_id', sa.Uuid(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=128), nullable=False),
    sa.Column('weight', sa.Integer(), nullable=False),
    sa.Column('score_hundredths', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessments.id'], name=op.f('fk_assessment_indicators_assessment_id_assessments')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assessment_indicators')),
    sa.UniqueConstraint('assessment_id', 'code', name=op.f('uq_assessment_indicators_assessment_id_code'))
    )
    op.create_index(op.f('ix_assessment_indicators_assessment_id'), 'assessment_indicators', ['assessment_id'], unique=False)



def downgrade() -> None:
    op.drop_index(op.f('ix_assessment_indicators_assessment_id'), table_name='assessment_indicators')

    op.drop_table('assessment_indicators')
    op.drop_index(op.f('ix_evaluated_households_evaluation_id'), table_name='evaluated_households')

    op.drop_table('evaluated_households')
    op.drop_index(op.f('ix_assessments_region_code'), table_name='assessments')

    op.drop_table('assessments')
    op.drop_index(op.f('ix_evaluations_region_code'), table_name='evaluations')

    op.drop_table('evaluations')
