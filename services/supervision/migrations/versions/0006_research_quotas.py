"""Research quotas per year (the plan's 2018–2020 figures preloaded), days, studies and reports.

Revision ID: 0006_research_quotas
Revises: 0005_rectification
Create Date: 2026-12-03
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

import shared.types

# The plan's own figures (§25); later years are stored through the API as the standard in force sets them.
PLAN_25 = "《关于打赢脱贫攻坚战三年行动方案（2018—2020年）》第八部分第25条"

revision: str = '0006_research_quotas'
down_revision: str | Sequence[str] | None = '0005_rectification'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('research_quotas',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('level', sa.String(length=16), nullable=False),
    sa.Column('min_days', sa.Integer(), nullable=False),
    sa.Column('study_period', sa.String(length=16), nullable=False),
    sa.Column('report_to', sa.String(length=64), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('created_by', sa.String(length=128), nullable=False),
    sa.Column('created_at', shared.types.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_research_quotas')),
    sa.UniqueConstraint('year', 'level', name=op.f('uq_research_quotas_year_level'))
    )
    op.create_table('research_days',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('official_id', sa.Uuid(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('region_code', sa.String(length=12), nullable=False),
    sa.Column('topic', sa.String(length=256), nullable=False),
    sa.Column('recorded_by', sa.String(length=128), nullable=False),
    sa.Column('created_at', shared.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['official_id'], ['officials.id'], name=op.f('fk_research_days_official_id_officials')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_research_days')),
    sa.UniqueConstraint('official_id', 'day', name=op.f('uq_research_days_official_id_day'))
    )
    op.create_index(op.f('ix_research_days_region_code'), 'research_days', ['region_code'], unique=False)

    op.create_table('topical_studies',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('official_id', sa.Uuid(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('region_code', sa.String(length=12), nullable=False),
    sa.Column('topic', sa.String(length=256), nullable=False),
    sa.Column('recorded_by', sa.String(length=128), nullable=False),
    sa.Column('created_at', shared.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['official_id'], ['officials.id'], name=op.f('fk_topical_studies_official_id_officials')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_topical_studies'))
    )
    op.create_index(op.f('ix_topical_studies_official_id'), 'topical_studies', ['official_id'], unique=False)
    op.create_index(op.f('ix_topical_studies_region_code'), 'topical_studies', ['region_code'], unique=False)

    op.create_table('yearly_reports',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('official_id', sa.Uuid(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('submitted_on', sa.Date(), nullable=False),
    sa.Column('reference', sa.String(length=128), nullable=False),
    sa.Column('region_code', sa.String(length=12), nullable=False),
    sa.Column('recorded_by', sa.String(length=128), nullable=False),
    sa.Column('created_at', shared.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['official_id'], ['officials.id'], name=op.f('fk_yearly_reports_official_id_officials')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_yearly_reports')),
    sa.UniqueConstraint('official_id', 'year', name=op.f('uq_yearly_reports_official_id_year'))
    )
    op.create_index(op.f('ix_yearly_reports_region_code'), 'yearly_reports', ['region_code'], unique=False)
    quotas = sa.table("research_quotas", sa.column("year", sa.Integer), sa.column("level", sa.String),
                      sa.column("min_days", sa.Integer), sa.column("study_period", sa.String),
                      sa.column("report_to", sa.String), sa.column("source", sa.Text),
                      sa.column("created_by", sa.String), sa.column("created_at", shared.types.UTCDateTime()))
    op.bulk_insert(quotas, [
        {"year": year, "level": level, "min_days": days, "study_period": period, "report_to": to,
         "source": PLAN_25, "created_by": "migration", "created_at": datetime(2026, 12, 3, tzinfo=UTC)}
        for year in (2018, 2019, 2020)
        for level, days, period, to in (("city", 24, "quarter", "省委和省政府"), ("county", 48, "month", "市委、市政府"))
    ])


def downgrade() -> None:
    op.drop_index(op.f('ix_yearly_reports_region_code'), table_name='yearly_reports')

    op.drop_table('yearly_reports')
    op.drop_index(op.f('ix_topical_studies_region_code'), table_name='topical_studies')
    op.drop_index(op.f('ix_topical_studies_official_id'), table_name='topical_studies')

    op.drop_table('topical_studies')
    op.drop_index(op.f('ix_research_days_region_code'), table_name='research_days')

    op.drop_table('research_days')
    op.drop_table('research_quotas')
