"""Tables every service database carries: audit chain, outbox, chain head, idempotency keys."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import (
    BigInteger,
    Column,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)

from shared.types import JSONType, UTCDateTime


@dataclass(frozen=True)
class InfraTables:
    """Handles to one service's infrastructure tables."""

    audit: Table
    outbox: Table
    chain_head: Table
    idempotency: Table

    @property
    def metadata(self) -> MetaData:
        """Return the service's metadata these tables were declared on (all its tables)."""
        return self.audit.metadata


def infrastructure_tables(metadata: MetaData) -> InfraTables:
    """Declare the shared infrastructure tables on a service's metadata."""
    audit = Table(
        "audit_entries",
        metadata,
        Column("seq", BigInteger, primary_key=True, autoincrement=False),
        Column("at", UTCDateTime, nullable=False),
        Column("actor", String(128), nullable=False),
        Column("action", String(64), nullable=False),
        Column("entity_type", String(64), nullable=False),
        Column("entity_id", String(64), nullable=False, index=True),
        Column("region_code", String(12), nullable=True, index=True),
        Column("before", JSONType, nullable=True),
        Column("after", JSONType, nullable=True),
        Column("request_id", String(64), nullable=True),
        Column("prev_hash", String(64), nullable=False),
        Column("hash", String(64), nullable=False),
        # HMAC of the entry's place and hash under the audit key, which the database never holds.
        Column("seal", String(64), nullable=True),
        # W3C traceparent of the request that made the change (00-<trace>-<span>-<flags>: 55 characters).
        Column("traceparent", String(55), nullable=True),
    )
    outbox = Table(
        "outbox_events",
        metadata,
        Column("position", BigInteger, primary_key=True, autoincrement=False),
        Column("event_id", String(36), nullable=False, unique=True),
        Column("type", String(96), nullable=False),
        Column("source", String(64), nullable=False),
        Column("subject", String(96), nullable=False),
        Column("region_code", String(12), nullable=True),
        Column("time", UTCDateTime, nullable=False),
        Column("data", JSONType, nullable=False),
        Column("data_version", Integer, nullable=False),
        Column("published_at", UTCDateTime, nullable=True),
        Column("traceparent", String(55), nullable=True),
        # The relay looks for what it has not published yet: keep that lookup small.
        Index("ix_outbox_events_unpublished", "position",
              sqlite_where=text("published_at IS NULL"), postgresql_where=text("published_at IS NULL")),
    )
    chain_head = Table(
        "chain_head",
        metadata,
        Column("id", Integer, primary_key=True, autoincrement=False),
        Column("audit_seq", BigInteger, nullable=False),
        Column("audit_hash", String(64), nullable=False),
        Column("event_position", BigInteger, nullable=False),
    )
    idempotency = Table(
        "idempotency_keys",
        metadata,
        Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True),
        Column("key", String(128), nullable=False),
        Column("caller", String(128), nullable=False),
        Column("method", String(8), nullable=False),
        Column("path", Text, nullable=False),
        Column("fingerprint", String(64), nullable=False),
        Column("state", String(16), nullable=False),
        Column("status_code", Integer, nullable=True),
        Column("response_headers", JSONType, nullable=True),
        Column("response_body", Text, nullable=True),
        Column("created_at", UTCDateTime, nullable=False),
        UniqueConstraint("caller", "key"),
    )
    return InfraTables(audit=audit, outbox=outbox, chain_head=chain_head, idempotency=idempotency)
