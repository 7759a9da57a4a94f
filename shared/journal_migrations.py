"""The journal tables' DDL for every service's migrations, one frozen function per version.

Migrations are snapshots: a database migrated years ago by `create_journal_tables_v1` must
still be what the next migration expects, so a released function here never changes. The
rule for a later change to the audit, chain head, outbox or idempotency tables:

1. change `shared/infra.py` (what the code uses);
2. add `upgrade_journal_tables_v2(op)` and `downgrade_journal_tables_v2(op)` here, written
   against v1's tables and never editing v1;
3. add one migration to every service that calls them (`tests/services/test_migrations.py`
   fails for a service whose migrated schema differs from `shared/infra.py`).

A new service's first migration calls every released version in order.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from shared.types import UTCDateTime

# The chain's first previous hash, written as a literal: the snapshot must not follow the code.
_GENESIS_HASH_V1 = "0" * 64


def _json_v1() -> sa.types.TypeEngine[Any]:
    return sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def create_journal_tables_v1(op: Any) -> None:
    """Create the audit chain, chain head, idempotency keys and outbox, and seed the chain head."""
    op.create_table(
        "audit_entries",
        sa.Column("seq", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("actor", sa.String(length=128), nullable=False),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("entity_type", sa.String(length=64), nullable=False),
        sa.Column("entity_id", sa.String(length=64), nullable=False),
        sa.Column("region_code", sa.String(length=12), nullable=True),
        sa.Column("before", _json_v1(), nullable=True),
        sa.Column("after", _json_v1(), nullable=True),
        sa.Column("request_id", sa.String(length=64), nullable=True),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_audit_entries")),
    )
    with op.batch_alter_table("audit_entries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_entries_entity_id"), ["entity_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_entries_region_code"), ["region_code"], unique=False)
    op.create_table(
        "chain_head",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("audit_seq", sa.BigInteger(), nullable=False),
        sa.Column("audit_hash", sa.String(length=64), nullable=False),
        sa.Column("event_position", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chain_head")),
    )
    op.create_table(
        "idempotency_keys",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("key", sa.String(length=128), nullable=False),
        sa.Column("caller", sa.String(length=128), nullable=False),
        sa.Column("method", sa.String(length=8), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=True),
        sa.Column("response_headers", _json_v1(), nullable=True),
        sa.Column("response_body", sa.Text(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_idempotency_keys")),
        sa.UniqueConstraint("caller", "key", name=op.f("uq_idempotency_keys_caller_key")),
    )
    op.create_table(
        "outbox_events",
        sa.Column("position", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.Column("type", sa.String(length=96), nullable=False),
        sa.Column("source", sa.String(length=64), nullable=False),
        sa.Column("subject", sa.String(length=96), nullable=False),
        sa.Column("region_code", sa.String(length=12), nullable=True),
        sa.Column("time", UTCDateTime(), nullable=False),
        sa.Column("data", _json_v1(), nullable=False),
        sa.Column("data_version", sa.Integer(), nullable=False),
        sa.Column("published_at", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("position", name=op.f("pk_outbox_events")),
        sa.UniqueConstraint("event_id", name=op.f("uq_outbox_events_event_id")),
    )
    op.create_index("ix_outbox_events_unpublished", "outbox_events", ["position"], unique=False,
                    sqlite_where=sa.text("published_at IS NULL"),
                    postgresql_where=sa.text("published_at IS NULL"))
    op.execute("INSERT INTO chain_head (id, audit_seq, audit_hash, event_position) "
               f"VALUES (1, 0, '{_GENESIS_HASH_V1}', 0)")


def drop_journal_tables_v1(op: Any) -> None:
    """Drop what `create_journal_tables_v1` created."""
    op.drop_table("outbox_events")
    op.drop_table("idempotency_keys")
    op.drop_table("chain_head")
    with op.batch_alter_table("audit_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_entries_region_code"))
        batch_op.drop_index(batch_op.f("ix_audit_entries_entity_id"))
    op.drop_table("audit_entries")


def upgrade_journal_tables_v2(op: Any) -> None:
    """Give audit entries a keyed seal (HMAC with a key the database does not hold).

    Entries written before this version keep their SHA-256 chain and no seal; the first
    signed checkpoint published outside the database after it names where sealing began.
    """
    with op.batch_alter_table("audit_entries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("seal", sa.String(length=64), nullable=True))


def downgrade_journal_tables_v2(op: Any) -> None:
    """Drop what `upgrade_journal_tables_v2` added."""
    with op.batch_alter_table("audit_entries", schema=None) as batch_op:
        batch_op.drop_column("seal")


def upgrade_journal_tables_v3(op: Any) -> None:
    """Give audit entries and outbox events the W3C traceparent of the request that made them.

    Entries written before this version have none, and their hashes leave it out, so the
    chain they form verifies as before.
    """
    for table in ("audit_entries", "outbox_events"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("traceparent", sa.String(length=55), nullable=True))


def downgrade_journal_tables_v3(op: Any) -> None:
    """Drop what `upgrade_journal_tables_v3` added."""
    for table in ("outbox_events", "audit_entries"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("traceparent")
