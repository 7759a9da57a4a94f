"""Journal tables: audit chain, outbox, chain head, idempotency keys.

Revision ID: 0001_journal
Revises: 
Create Date: 2026-11-29 13:07:33.457588
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy import Text
from sqlalchemy.dialects import postgresql

import shared.types
from shared.migration_env import seed_chain_head

revision: str = '0001_journal'
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('audit_entries',
    sa.Column('seq', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('at', shared.types.UTCDateTime(), nullable=False),
    sa.Column('actor', sa.String(length=128), nullable=False),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('entity_type', sa.String(length=64), nullable=False),
    sa.Column('entity_id', sa.String(length=64), nullable=False),
    sa.Column('region_code', sa.String(length=12), nullable=True),
    sa.Column('before', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=True),
    sa.Column('after', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=True),
    sa.Column('request_id', sa.String(length=64), nullable=True),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('seq', name=op.f('pk_audit_entries'))
    )
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_entries_entity_id'), ['entity_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_entries_region_code'), ['region_code'], unique=False)

    op.create_table('chain_head',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('audit_seq', sa.BigInteger(), nullable=False),
    sa.Column('audit_hash', sa.String(length=64), nullable=False),
    sa.Column('event_position', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_chain_head'))
    )
    op.create_table('idempotency_keys',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('key', sa.String(length=128), nullable=False),
    sa.Column('caller', sa.String(length=128), nullable=False),
    sa.Column('method', sa.String(length=8), nullable=False),
    sa.Column('path', sa.Text(), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('status_code', sa.Integer(), nullable=True),
    sa.Column('response_headers', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=True),
    sa.Column('response_body', sa.Text(), nullable=True),
    sa.Column('created_at', shared.types.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_idempotency_keys')),
    sa.UniqueConstraint('caller', 'key', name=op.f('uq_idempotency_keys_caller_key'))
    )
    op.create_table('outbox_events',
    sa.Column('position', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('event_id', sa.String(length=36), nullable=False),
    sa.Column('type', sa.String(length=96), nullable=False),
    sa.Column('source', sa.String(length=64), nullable=False),
    sa.Column('subject', sa.String(length=96), nullable=False),
    sa.Column('region_code', sa.String(length=12), nullable=True),
    sa.Column('time', shared.types.UTCDateTime(), nullable=False),
    sa.Column('data', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('data_version', sa.Integer(), nullable=False),
    sa.Column('published_at', shared.types.UTCDateTime(), nullable=True),
    sa.PrimaryKeyConstraint('position', name=op.f('pk_outbox_events')),
    sa.UniqueConstraint('event_id', name=op.f('uq_outbox_events_event_id'))
    )
    op.create_index('ix_outbox_events_unpublished', 'outbox_events', ['position'], unique=False,
                    sqlite_where=sa.text('published_at IS NULL'),
                    postgresql_where=sa.text('published_at IS NULL'))

    seed_chain_head(op)

def downgrade() -> None:
    op.drop_table('outbox_events')
    op.drop_table('idempotency_keys')
    op.drop_table('chain_head')
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_entries_region_code'))
        batch_op.drop_index(batch_op.f('ix_audit_entries_entity_id'))

    op.drop_table('audit_entries')
