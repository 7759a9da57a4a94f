"""The consumer tables' DDL for services' migrations, one frozen function per version.

A released function never changes (a database migrated by it must stay what later migrations
expect); a later change to `shared/consumers/tables.py` comes with a `_v2` upgrade here and one
migration per consuming service, as `shared/journal_migrations.py` explains.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from shared.types import UTCDateTime


def create_consumer_tables_v1(op: Any) -> None:
    """Create checkpoints, processed event ids and dead letters."""
    op.create_table(
        "consumer_checkpoints",
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("source", sa.String(64), nullable=False),
        sa.Column("transport", sa.String(16), nullable=False),
        sa.Column("position", sa.BigInteger(), nullable=False),
        sa.Column("event_time", UTCDateTime(), nullable=True),
        sa.Column("head_position", sa.BigInteger(), nullable=False),
        sa.Column("head_time", UTCDateTime(), nullable=True),
        sa.Column("applied", sa.BigInteger(), nullable=False),
        sa.Column("skipped", sa.BigInteger(), nullable=False),
        sa.Column("dead_lettered", sa.BigInteger(), nullable=False),
        sa.Column("failures", sa.BigInteger(), nullable=False),
        sa.Column("failing_event_id", sa.String(36), nullable=True),
        sa.Column("failing_attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("last_error_at", UTCDateTime(), nullable=True),
        sa.Column("stopped", sa.String(200), nullable=True),
        sa.Column("bootstrapped_at", UTCDateTime(), nullable=True),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("name", name="pk_consumer_checkpoints"),
    )
    op.create_table(
        "consumer_processed_events",
        sa.Column("consumer", sa.String(64), nullable=False),
        sa.Column("event_id", sa.String(36), nullable=False),
        sa.Column("position", sa.BigInteger(), nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("processed_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("consumer", "event_id", name="pk_consumer_processed_events"),
    )
    op.create_table(
        "consumer_dead_letters",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("consumer", sa.String(64), nullable=False),
        sa.Column("event_id", sa.String(36), nullable=False),
        sa.Column("position", sa.BigInteger(), nullable=False),
        sa.Column("type", sa.String(96), nullable=False),
        sa.Column("data_version", sa.Integer(), nullable=False),
        sa.Column("event", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
                  nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("dead_at", UTCDateTime(), nullable=False),
        sa.Column("replayed_at", UTCDateTime(), nullable=True),
        sa.Column("replayed_by", sa.String(128), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_consumer_dead_letters"),
        sa.UniqueConstraint("consumer", "event_id", name="uq_consumer_dead_letters_consumer_event_id"),
    )
    op.create_index("ix_consumer_dead_letters_consumer", "consumer_dead_letters", ["consumer"])


def drop_consumer_tables_v1(op: Any) -> None:
    """Drop what create_consumer_tables_v1 created."""
    op.drop_table("consumer_dead_letters")
    op.drop_table("consumer_processed_events")
    op.drop_table("consumer_checkpoints")
