"""One-to-one service (counsellors, plans, contacts), placements and their follow-ups.

Revision ID: 0004_placements
Revises: 0003_labour_jobs
Create Date: 2026-12-03 12:45:54.350292
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shared.types

revision: str = "0004_placements"
down_revision: str | Sequence[str] | None = "0003_labour_jobs"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table("contacts",
    sa.Column("id", sa.Uuid(), nullable=False),
    sa.Column("member_id", sa.Uuid(), nullable=False),
    sa.Column("contacted_on", sa.Date(), nullable=False),
    sa.Column("channel", sa.String(length=16), nullable=False),
    sa.Column("summary", sa.String(length=500), nullable=False),
    sa.Column("next_contact_on", sa.Date(), nullable=True),
    sa.Column("recorded_by", sa.String(length=128), nullable=False),
    sa.Column("recorded_at", shared.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(["member_id"], ["labourers.member_id"], name=op.f("fk_contacts_member_id_labourers")),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_contacts"))
    )
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contacts_member_id"), ["member_id"], unique=False)

    op.create_table("counselling",
    sa.Column("member_id", sa.Uuid(), nullable=False),
    sa.Column("counsellor", sa.String(length=128), nullable=False),
    sa.Column("counsellor_name", sa.String(length=64), nullable=False),
    sa.Column("assigned_on", sa.Date(), nullable=False),
    sa.Column("assigned_by", sa.String(length=128), nullable=False),
    sa.Column("version", sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(["member_id"], ["labourers.member_id"], name=op.f("fk_counselling_member_id_labourers")),
    sa.PrimaryKeyConstraint("member_id", name=op.f("pk_counselling"))
    )
    with op.batch_alter_table("counselling", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_counselling_counsellor"), ["counsellor"], unique=False)

    op.create_table("plan_steps",
    sa.Column("id", sa.Uuid(), nullable=False),
    sa.Column("member_id", sa.Uuid(), nullable=False),
    sa.Column("kind", sa.String(length=24), nullable=False),
    sa.Column("action", sa.String(length=200), nullable=False),
    sa.Column("due_on", sa.Date(), nullable=False),
    sa.Column("done_on", sa.Date(), nullable=True),
    sa.Column("outcome", sa.String(length=200), nullable=True),
    sa.Column("created_at", shared.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column("version", sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(["member_id"], ["labourers.member_id"], name=op.f("fk_plan_steps_member_id_labourers")),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_steps"))
    )
    with op.batch_alter_table("plan_steps", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_steps_member_id"), ["member_id"], unique=False)

    op.create_table("placements",
    sa.Column("id", sa.Uuid(), nullable=False),
    sa.Column("member_id", sa.Uuid(), nullable=False),
    sa.Column("position_id", sa.Uuid(), nullable=False),
    sa.Column("region_code", sa.String(length=12), nullable=False),
    sa.Column("state", sa.String(length=16), nullable=False),
    sa.Column("score", sa.Integer(), nullable=False),
    sa.Column("recommended_on", sa.Date(), nullable=False),
    sa.Column("applied_on", sa.Date(), nullable=True),
    sa.Column("hired_on", sa.Date(), nullable=True),
    sa.Column("started_on", sa.Date(), nullable=True),
    sa.Column("ended_on", sa.Date(), nullable=True),
    sa.Column("end_reason", sa.String(length=32), nullable=True),
    sa.Column("recommended_by", sa.String(length=128), nullable=False),
    sa.Column("version", sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(["member_id"], ["labourers.member_id"], name=op.f("fk_placements_member_id_labourers")),
    sa.ForeignKeyConstraint(["position_id"], ["positions.id"], name=op.f("fk_placements_position_id_positions")),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_placements"))
    )
    with op.batch_alter_table("placements", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_placements_member_id"), ["member_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_placements_position_id"), ["position_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_placements_region_code"), ["region_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_placements_state"), ["state"], unique=False)
        batch_op.create_index("uq_placements_live", ["member_id", "position_id"], unique=True, sqlite_where=sa.text("state NOT IN ('closed', 'left')"), postgresql_where=sa.text("state NOT IN ('closed', 'left')"))

    op.create_table("follow_ups",
    sa.Column("id", sa.Uuid(), nullable=False),
    sa.Column("placement_id", sa.Uuid(), nullable=False),
    sa.Column("month", sa.Integer(), nullable=False),
    sa.Column("followed_on", sa.Date(), nullable=False),
    sa.Column("still_employed", sa.Boolean(), nullable=False),
    sa.Column("reason", sa.String(length=32), nullable=True),
    sa.Column("note", sa.String(length=200), nullable=True),
    sa.Column("recorded_by", sa.String(length=128), nullable=False),
    sa.ForeignKeyConstraint(["placement_id"], ["placements.id"], name=op.f("fk_follow_ups_placement_id_placements")),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_follow_ups")),
    sa.UniqueConstraint("placement_id", "month", name=op.f("uq_follow_ups_placement_id_month"))
    )
    with op.batch_alter_table("follow_ups", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_follow_ups_placement_id"), ["placement_id"], unique=False)



def downgrade() -> None:
    with op.batch_alter_table("follow_ups", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_follow_ups_placement_id"))

    op.drop_table("follow_ups")
    with op.batch_alter_table("placements", schema=None) as batch_op:
        batch_op.drop_index("uq_placements_live")
        batch_op.drop_index(batch_op.f("ix_placements_state"))
        batch_op.drop_index(batch_op.f("ix_placements_region_code"))
        batch_op.drop_index(batch_op.f("ix_placements_position_id"))
        batch_op.drop_index(batch_op.f("ix_placements_member_id"))

    op.drop_table("placements")
    with op.batch_alter_table("plan_steps", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_steps_member_id"))

    op.drop_table("plan_steps")
    with op.batch_alter_table("counselling", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_counselling_counsellor"))

    op.drop_table("counselling")
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contacts_member_id"))

    op.drop_table("contacts")
