"""Officials, work teams and their terms, visits (one head again after the journal and consumers).

Revision ID: 0003_officials_visits
Revises: 0002_audit_seal, 0002_consumers
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shared.types

revision: str = "0003_officials_visits"
down_revision: str | Sequence[str] | None = ("0002_audit_seal", "0002_consumers")
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "officials",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("post", sa.String(length=24), nullable=False),
        sa.Column("region_code", sa.String(length=12), nullable=False),
        sa.Column("subject", sa.String(length=128), nullable=True),
        sa.Column("appointed_on", sa.Date(), nullable=False),
        sa.Column("left_on", sa.Date(), nullable=True),
        sa.Column("created_at", shared.types.UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_officials")),
        sa.UniqueConstraint("subject", name=op.f("uq_officials_subject")),
    )
    op.create_index(
        "ix_officials_one_secretary",
        "officials",
        ["region_code", "level"],
        unique=True,
        sqlite_where=sa.text("post = 'party_secretary' AND left_on IS NULL"),
        postgresql_where=sa.text("post = 'party_secretary' AND left_on IS NULL"),
    )
    op.create_index(op.f("ix_officials_region_code"), "officials", ["region_code"], unique=False)

    op.create_table(
        "work_teams",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("village_code", sa.String(length=12), nullable=False),
        sa.Column("sending_unit", sa.String(length=128), nullable=False),
        sa.Column("formed_on", sa.Date(), nullable=False),
        sa.Column("created_at", shared.types.UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_work_teams")),
        sa.UniqueConstraint("village_code", name=op.f("uq_work_teams_village_code")),
    )
    op.create_table(
        "team_postings",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("team_id", sa.Uuid(), nullable=False),
        sa.Column("official_id", sa.Uuid(), nullable=False),
        sa.Column("role", sa.String(length=24), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("predecessor_id", sa.Uuid(), nullable=True),
        sa.Column("handover_note", sa.Text(), nullable=True),
        sa.Column("created_at", shared.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["official_id"], ["officials.id"], name=op.f("fk_team_postings_official_id_officials")
        ),
        sa.ForeignKeyConstraint(
            ["predecessor_id"],
            ["team_postings.id"],
            name=op.f("fk_team_postings_predecessor_id_team_postings"),
        ),
        sa.ForeignKeyConstraint(
            ["team_id"], ["work_teams.id"], name=op.f("fk_team_postings_team_id_work_teams")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_team_postings")),
    )
    op.create_index(op.f("ix_team_postings_official_id"), "team_postings", ["official_id"], unique=False)
    op.create_index(
        "ix_team_postings_one_first_secretary",
        "team_postings",
        ["team_id"],
        unique=True,
        sqlite_where=sa.text("role = 'first_secretary' AND ended_on IS NULL"),
        postgresql_where=sa.text("role = 'first_secretary' AND ended_on IS NULL"),
    )
    op.create_index(
        "ix_team_postings_one_team_each",
        "team_postings",
        ["official_id"],
        unique=True,
        sqlite_where=sa.text("ended_on IS NULL"),
        postgresql_where=sa.text("ended_on IS NULL"),
    )
    op.create_index(op.f("ix_team_postings_team_id"), "team_postings", ["team_id"], unique=False)

    op.create_table(
        "visits",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("client_id", sa.Uuid(), nullable=False),
        sa.Column("official_id", sa.Uuid(), nullable=False),
        sa.Column("official_level", sa.String(length=16), nullable=False),
        sa.Column("official_region", sa.String(length=12), nullable=False),
        sa.Column("official_post", sa.String(length=24), nullable=False),
        sa.Column("target_kind", sa.String(length=16), nullable=False),
        sa.Column("target_region", sa.String(length=12), nullable=False),
        sa.Column("household_id", sa.Uuid(), nullable=True),
        sa.Column("visited_at", shared.types.UTCDateTime(), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=False),
        sa.Column("longitude", sa.Float(), nullable=False),
        sa.Column("findings_enc", sa.LargeBinary(), nullable=False),
        sa.Column("follow_ups", sa.JSON(), nullable=False),
        sa.Column("photos", sa.JSON(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("recorded_by", sa.String(length=128), nullable=False),
        sa.Column("received_at", shared.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["official_id"], ["officials.id"], name=op.f("fk_visits_official_id_officials")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visits")),
        sa.UniqueConstraint("official_id", "client_id", name=op.f("uq_visits_official_id_client_id")),
    )
    op.create_index(
        "ix_visits_household_level", "visits", ["household_id", "official_level", "visited_at"], unique=False
    )
    op.create_index("ix_visits_official_time", "visits", ["official_id", "visited_at"], unique=False)
    op.create_index(
        "ix_visits_target_level", "visits", ["target_region", "official_level", "visited_at"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_visits_target_level", table_name="visits")
    op.drop_index("ix_visits_official_time", table_name="visits")
    op.drop_index("ix_visits_household_level", table_name="visits")

    op.drop_table("visits")
    op.drop_index(op.f("ix_team_postings_team_id"), table_name="team_postings")
    op.drop_index("ix_team_postings_one_team_each", table_name="team_postings")
    op.drop_index("ix_team_postings_one_first_secretary", table_name="team_postings")
    op.drop_index(op.f("ix_team_postings_official_id"), table_name="team_postings")

    op.drop_table("team_postings")
    op.drop_table("work_teams")
    op.drop_index(op.f("ix_officials_region_code"), table_name="officials")
    op.drop_index("ix_officials_one_secretary", table_name="officials")

    op.drop_table("officials")
