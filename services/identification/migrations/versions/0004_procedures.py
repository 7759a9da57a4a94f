"""Procedures: identification, exit, removal, fast entry, return, village exit; steps, objections.

Revision ID: 0004_procedures
Revises: 0001_register
Create Date: 2026-11-29 13:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy import Text
from sqlalchemy.dialects import postgresql

import shared.types

revision: str = '0004_procedures'
down_revision: str | Sequence[str] | None = '0001_register'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql')
_OPEN = sa.text("state IN ('open', 'suspended_by_objection')")


def upgrade() -> None:
    op.create_table('procedures',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('subject_type', sa.String(length=16), nullable=False),
    sa.Column('subject_key', sa.String(length=36), nullable=False),
    sa.Column('household_id', sa.Uuid(), nullable=True),
    sa.Column('region_code', sa.String(length=12), nullable=False),
    sa.Column('state', sa.String(length=24), nullable=False),
    sa.Column('next_step', sa.String(length=32), nullable=True),
    sa.Column('notice_posted_on', sa.Date(), nullable=True),
    sa.Column('notice_ends_on', sa.Date(), nullable=True),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('started_by', sa.String(length=128), nullable=False),
    sa.Column('started_on', sa.Date(), nullable=False),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('close_reason', sa.Text(), nullable=True),
    sa.Column('exit_pathway', sa.String(length=32), nullable=True),
    sa.Column('cause', sa.String(length=32), nullable=True),
    sa.Column('removal_reason', sa.String(length=32), nullable=True),
    sa.Column('evaluation_id', sa.Uuid(), nullable=True),
    sa.Column('created_at', shared.types.UTCDateTime(), nullable=False),
    sa.Column('updated_at', shared.types.UTCDateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['household_id'], ['households.id'], name=op.f('fk_procedures_household_id_households')),
    sa.ForeignKeyConstraint(['region_code'], ['regions.code'], name=op.f('fk_procedures_region_code_regions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_procedures'))
    )
    with op.batch_alter_table('procedures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_procedures_household_id'), ['household_id'], unique=False)
        batch_op.create_index('ix_procedures_region_state', ['region_code', 'state'], unique=False)
        batch_op.create_index('uq_procedures_open_subject', ['subject_key'], unique=True,
                              sqlite_where=_OPEN, postgresql_where=_OPEN)

    op.create_table('procedure_steps',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('procedure_id', sa.Uuid(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('step', sa.String(length=32), nullable=False),
    sa.Column('outcome', sa.String(length=16), nullable=False),
    sa.Column('actor', sa.String(length=128), nullable=False),
    sa.Column('actor_role', sa.String(length=32), nullable=False),
    sa.Column('actor_region', sa.String(length=12), nullable=False),
    sa.Column('effective_on', sa.Date(), nullable=False),
    sa.Column('at', shared.types.UTCDateTime(), nullable=False),
    sa.Column('documents', _JSON, nullable=False),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.Column('evaluation_id', sa.Uuid(), nullable=True),
    sa.Column('detail', _JSON, nullable=True),
    sa.ForeignKeyConstraint(['procedure_id'], ['procedures.id'], name=op.f('fk_procedure_steps_procedure_id_procedures')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_procedure_steps')),
    sa.UniqueConstraint('procedure_id', 'seq', name=op.f('uq_procedure_steps_procedure_id_seq'))
    )
    with op.batch_alter_table('procedure_steps', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_procedure_steps_procedure_id'), ['procedure_id'], unique=False)

    op.create_table('procedure_objections',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('procedure_id', sa.Uuid(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('raised_on', sa.Date(), nullable=False),
    sa.Column('raised_at', shared.types.UTCDateTime(), nullable=False),
    sa.Column('recorded_by', sa.String(length=128), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('documents', _JSON, nullable=False),
    sa.Column('resolved_on', sa.Date(), nullable=True),
    sa.Column('resolved_at', shared.types.UTCDateTime(), nullable=True),
    sa.Column('resolved_by', sa.String(length=128), nullable=True),
    sa.Column('resolution', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['procedure_id'], ['procedures.id'], name=op.f('fk_procedure_objections_procedure_id_procedures')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_procedure_objections'))
    )
    with op.batch_alter_table('procedure_objections', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_procedure_objections_procedure_id'), ['procedure_id'], unique=False)

    op.create_table('village_exits',
    sa.Column('village_code', sa.String(length=12), nullable=False),
    sa.Column('exited_on', sa.Date(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('procedure_id', sa.Uuid(), nullable=False),
    sa.Column('evaluation_id', sa.Uuid(), nullable=True),
    sa.Column('recorded_at', shared.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['procedure_id'], ['procedures.id'], name=op.f('fk_village_exits_procedure_id_procedures')),
    sa.ForeignKeyConstraint(['village_code'], ['regions.code'], name=op.f('fk_village_exits_village_code_regions')),
    sa.PrimaryKeyConstraint('village_code', name=op.f('pk_village_exits'))
    )


def downgrade() -> None:
    op.drop_table('village_exits')
    with op.batch_alter_table('procedure_objections', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_procedure_objections_procedure_id'))
    op.drop_table('procedure_objections')
    with op.batch_alter_table('procedure_steps', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_procedure_steps_procedure_id'))
    op.drop_table('procedure_steps')
    with op.batch_alter_table('procedures', schema=None) as batch_op:
        batch_op.drop_index('uq_procedures_open_subject', sqlite_where=_OPEN, postgresql_where=_OPEN)
        batch_op.drop_index('ix_procedures_region_state')
        batch_op.drop_index(batch_op.f('ix_procedures_household_id'))
    op.drop_table('procedures')
