"""The register replica's DDL for services' migrations, one frozen function per version.

A released function never changes; a later change to `shared/replica/tables.py` comes with a
`_v2` upgrade here and one migration per service that keeps a replica.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from shared.types import UTCDateTime


def create_replica_tables_v1(op: Any) -> None:
    """Create the replica's regions, households and members."""
    op.create_table(
        "replica_regions",
        sa.Column("code", sa.String(12), nullable=False),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("level", sa.String(16), nullable=False),
        sa.Column("parent_code", sa.String(12), nullable=True),
        sa.Column("relatively_poor", sa.Boolean(), nullable=False),
        sa.Column("exited_on", sa.Date(), nullable=True),
        sa.Column("synced_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("code", name="pk_replica_regions"),
    )
    op.create_index("ix_replica_regions_parent_code", "replica_regions", ["parent_code"])
    op.create_table(
        "replica_households",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("household_no", sa.String(32), nullable=False),
        sa.Column("region_code", sa.String(12), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("category", sa.String(32), nullable=False),
        sa.Column("identified_on", sa.Date(), nullable=True),
        sa.Column("exited_on", sa.Date(), nullable=True),
        sa.Column("removed_on", sa.Date(), nullable=True),
        sa.Column("removal_reason", sa.String(32), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("synced_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_replica_households"),
    )
    for column in ("household_no", "region_code", "status"):
        op.create_index(f"ix_replica_households_{column}", "replica_households", [column])
    op.create_table(
        "replica_members",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("household_id", sa.Uuid(), nullable=False),
        sa.Column("id_number_hash", sa.String(64), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=False),
        sa.Column("sex", sa.String(8), nullable=False),
        sa.Column("relation", sa.String(16), nullable=False),
        sa.Column("labour_capacity", sa.String(16), nullable=False),
        sa.Column("health_status", sa.String(24), nullable=False),
        sa.Column("disability_grade", sa.Integer(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("left_on", sa.Date(), nullable=True),
        sa.Column("synced_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_replica_members"),
    )
    for column in ("household_id", "id_number_hash"):
        op.create_index(f"ix_replica_members_{column}", "replica_members", [column])


def drop_replica_tables_v1(op: Any) -> None:
    """Drop what create_replica_tables_v1 created."""
    op.drop_table("replica_members")
    op.drop_table("replica_households")
    op.drop_table("replica_regions")
