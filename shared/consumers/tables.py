"""The tables a consuming service carries: checkpoints, processed event ids, dead letters."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import (
    BigInteger,
    Column,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from shared.types import JSONType, UTCDateTime


@dataclass(frozen=True)
class ConsumerTables:
    """Handles to one service's consumer tables."""

    checkpoints: Table
    processed: Table
    dead_letters: Table

    @property
    def all(self) -> tuple[Table, ...]:
        """Every table, in creation order."""
        return self.checkpoints, self.processed, self.dead_letters


def consumer_tables(metadata: MetaData) -> ConsumerTables:
    """Declare the consumer tables on a service's metadata."""
    checkpoints = Table(
        "consumer_checkpoints",
        metadata,
        # One row per consumer, whichever transport delivers its events.
        Column("name", String(64), primary_key=True),
        Column("source", String(64), nullable=False),
        Column("transport", String(16), nullable=False),
        Column("position", BigInteger, nullable=False),
        Column("event_time", UTCDateTime, nullable=True),
        Column("head_position", BigInteger, nullable=False),
        Column("head_time", UTCDateTime, nullable=True),
        Column("applied", BigInteger, nullable=False),
        Column("skipped", BigInteger, nullable=False),
        Column("dead_lettered", BigInteger, nullable=False),
        Column("failures", BigInteger, nullable=False),
        Column("failing_event_id", String(36), nullable=True),
        Column("failing_attempts", Integer, nullable=False),
        Column("last_error", Text, nullable=True),
        Column("last_error_at", UTCDateTime, nullable=True),
        Column("stopped", String(200), nullable=True),
        Column("bootstrapped_at", UTCDateTime, nullable=True),
        Column("updated_at", UTCDateTime, nullable=False),
    )
    processed = Table(
        "consumer_processed_events",
        metadata,
        Column("consumer", String(64), nullable=False),
        Column("event_id", String(36), nullable=False),
        Column("position", BigInteger, nullable=False),
        Column("outcome", String(16), nullable=False),
        Column("processed_at", UTCDateTime, nullable=False),
        PrimaryKeyConstraint("consumer", "event_id"),
    )
    dead_letters = Table(
        "consumer_dead_letters",
        metadata,
        Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True),
        Column("consumer", String(64), nullable=False, index=True),
        Column("event_id", String(36), nullable=False),
        Column("position", BigInteger, nullable=False),
        Column("type", String(96), nullable=False),
        Column("data_version", Integer, nullable=False),
        Column("event", JSONType, nullable=False),
        Column("attempts", Integer, nullable=False),
        Column("error", Text, nullable=False),
        Column("dead_at", UTCDateTime, nullable=False),
        Column("replayed_at", UTCDateTime, nullable=True),
        Column("replayed_by", String(128), nullable=True),
        UniqueConstraint("consumer", "event_id"),
    )
    return ConsumerTables(checkpoints, processed, dead_letters)

