"""Policy standards (versioned, preloaded 2017-2020 for Guangdong), village incomes, evaluations.

Revision ID: 0003_policy
Revises: 0001_register
Create Date: 2026-11-29 13:30:00
"""

from collections.abc import Sequence
from decimal import Decimal

import sqlalchemy as sa
from alembic import op
from sqlalchemy import Text
from sqlalchemy.dialects import postgresql

import shared.types

revision: str = '0003_policy'
down_revision: str | Sequence[str] | None = '0001_register'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Published provincial rural disposable income per head (yuan); plan part 一 sets the 45% / 60% lines.
RURAL_INCOME = {2017: 15780, 2018: 17168, 2019: 18818, 2020: 20143}
PRELOAD_REASON = ("Preloaded: plan part 一 (45% household line, 60% village line, 20+ household "
                  "natural villages), published rural income per head, identification line 4,000 "
                  "yuan at 2014 prices")

_JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql')


def _standards_table() -> sa.Table:
    return op.create_table('policy_standards',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('region_prefix', sa.String(length=12), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('rural_income_per_head', shared.types.Money(), nullable=False),
    sa.Column('household_exit_ratio', sa.Integer(), nullable=False),
    sa.Column('village_exit_ratio', sa.Integer(), nullable=False),
    sa.Column('identification_line', shared.types.Money(), nullable=False),
    sa.Column('price_index', sa.Integer(), nullable=False),
    sa.Column('village_remaining_poor_share_max', sa.Integer(), nullable=False),
    sa.Column('road_min_households', sa.Integer(), nullable=False),
    sa.Column('safe_water_required', sa.Boolean(), nullable=False),
    sa.Column('notice_days', sa.Integer(), nullable=False),
    sa.Column('objection_days', sa.Integer(), nullable=False),
    sa.Column('announcement_days', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('created_by', sa.String(length=128), nullable=False),
    sa.Column('created_at', shared.types.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_policy_standards')),
    sa.UniqueConstraint('year', 'region_prefix', 'version',
                        name=op.f('uq_policy_standards_year_region_prefix_version'))
    )


def upgrade() -> None:
    standards = _standards_table()
    op.create_table('village_incomes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('village_code', sa.String(length=12), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('income_per_head', shared.types.Money(), nullable=False),
    sa.Column('source', sa.Text(), nullable=True),
    sa.Column('recorded_by', sa.String(length=128), nullable=False),
    sa.Column('recorded_at', shared.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['village_code'], ['regions.code'], name=op.f('fk_village_incomes_village_code_regions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_village_incomes')),
    sa.UniqueConstraint('village_code', 'year', 'revision', name=op.f('uq_village_incomes_village_code_year_revision'))
    )
    op.create_table('evaluations',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('subject_type', sa.String(length=32), nullable=False),
    sa.Column('subject_id', sa.String(length=64), nullable=False),
    sa.Column('region_code', sa.String(length=12), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('standard_id', sa.Integer(), nullable=True),
    sa.Column('standard_year', sa.Integer(), nullable=False),
    sa.Column('standard_region', sa.String(length=12), nullable=False),
    sa.Column('standard_version', sa.Integer(), nullable=False),
    sa.Column('verdict', sa.Boolean(), nullable=False),
    sa.Column('summary_en', sa.Text(), nullable=False),
    sa.Column('summary_zh', sa.Text(), nullable=False),
    sa.Column('conditions', _JSON, nullable=False),
    sa.Column('facts', _JSON, nullable=False),
    sa.Column('evaluated_by', sa.String(length=128), nullable=False),
    sa.Column('evaluated_at', shared.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['standard_id'], ['policy_standards.id'], name=op.f('fk_evaluations_standard_id_policy_standards')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evaluations'))
    )
    with op.batch_alter_table('evaluations', schema=None) as batch_op:
        batch_op.create_index('ix_evaluations_subject', ['subject_type', 'subject_id', 'year'], unique=False)
        batch_op.create_index(batch_op.f('ix_evaluations_region_code'), ['region_code'], unique=False)
    # The what-if query picks each household's newest revision of a year through this index.
    with op.batch_alter_table('income_records', schema=None) as batch_op:
        batch_op.create_index('ix_income_records_year_household', ['year', 'household_id', 'revision'],
                              unique=False)
    _preload(standards)


def _preload(standards: sa.Table) -> None:
    """Insert version 1 of 2017-2020 for the province (prefix 44); ratios in ten-thousandths.

    Not in the plan text, so parameters an administrator may correct: the village's share of
    households still poor at most 2% (the national village-exit rule, 贫困发生率降至2%以下 in the
    east) and 7-day notice, objection and announcement periods (the usual 公示/公告 period).
    """
    op.bulk_insert(standards, [
        {'year': year, 'region_prefix': '44', 'version': 1,
         'rural_income_per_head': Decimal(income), 'household_exit_ratio': 4500,
         'village_exit_ratio': 6000, 'identification_line': Decimal(4000), 'price_index': 10000,
         'village_remaining_poor_share_max': 200, 'road_min_households': 20,
         'safe_water_required': True, 'notice_days': 7, 'objection_days': 7, 'announcement_days': 7,
         'reason': PRELOAD_REASON, 'created_by': 'migration:0003_policy',
         'created_at': shared.types.utcnow()}
        for year, income in RURAL_INCOME.items()
    ])


def downgrade() -> None:
    with op.batch_alter_table('income_records', schema=None) as batch_op:
        batch_op.drop_index('ix_income_records_year_household')
    with op.batch_alter_table('evaluations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evaluations_region_code'))
        batch_op.drop_index('ix_evaluations_subject')
    op.drop_table('evaluations')
    op.drop_table('village_incomes')
    op.drop_table('policy_standards')
