"""The replica's tables in a consuming service's database (their DDL: shared/replica/migrations.py)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Boolean, Column, Date, Integer, MetaData, String, Table, Uuid

from shared.types import UTCDateTime


@dataclass(frozen=True)
class ReplicaTables:
    """Handles to one service's replica tables."""

    regions: Table
    households: Table
    members: Table

    @property
    def all(self) -> tuple[Table, ...]:
        """Every table, in creation order."""
        return self.regions, self.households, self.members


def replica_tables(metadata: MetaData) -> ReplicaTables:
    """Declare the register replica on a service's metadata (no foreign keys: rows arrive in any order)."""
    regions = Table(
        "replica_regions",
        metadata,
        Column("code", String(12), primary_key=True),
        Column("name", String(64), nullable=False),
        Column("level", String(16), nullable=False),
        Column("parent_code", String(12), nullable=True, index=True),
        Column("relatively_poor", Boolean, nullable=False),
        Column("exited_on", Date, nullable=True),
        Column("synced_at", UTCDateTime, nullable=False),
    )
    households = Table(
        "replica_households",
        metadata,
        Column("id", Uuid, primary_key=True),
        Column("household_no", String(32), nullable=False, index=True),
        Column("region_code", String(12), nullable=False, index=True),
        Column("status", String(16), nullable=False, index=True),
        Column("category", String(32), nullable=False),
        Column("identified_on", Date, nullable=True),
        Column("exited_on", Date, nullable=True),
        Column("removed_on", Date, nullable=True),
        Column("removal_reason", String(32), nullable=True),
        Column("version", Integer, nullable=False),
        Column("synced_at", UTCDateTime, nullable=False),
    )
    members = Table(
        "replica_members",
        metadata,
        Column("id", Uuid, primary_key=True),
        Column("household_id", Uuid, nullable=False, index=True),
        Column("id_number_hash", String(64), nullable=False, index=True),
        Column("birth_date", Date, nullable=False),
        Column("sex", String(8), nullable=False),
        Column("relation", String(16), nullable=False),
        Column("labour_capacity", String(16), nullable=False),
        Column("health_status", String(24), nullable=False),
        Column("disability_grade", Integer, nullable=True),
        Column("active", Boolean, nullable=False),
        Column("left_on", Date, nullable=True),
        Column("synced_at", UTCDateTime, nullable=False),
    )
    return ReplicaTables(regions, households, members)

