"""Training programmes, enrolments, attendance and subsidies (one of each kind per enrolment).

Revision ID: 0005_training
Revises: 0004_placements
Create Date: 2026-12-03 13:05:23.852090
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shared.types

revision: str = "0005_training"
down_revision: str | Sequence[str] | None = "0004_placements"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table("programmes",
    sa.Column("id", sa.Uuid(), nullable=False),
    sa.Column("name", sa.String(length=100), nullable=False),
    sa.Column("kind", sa.String(length=32), nullable=False),
    sa.Column("skill", sa.String(length=32), nullable=False),
    sa.Column("provider", sa.String(length=100), nullable=False),
    sa.Column("region_code", sa.String(length=12), nullable=False),
    sa.Column("starts_on", sa.Date(), nullable=False),
    sa.Column("ends_on", sa.Date(), nullable=False),
    sa.Column("sessions", sa.Integer(), nullable=False),
    sa.Column("sessions_to_complete", sa.Integer(), nullable=False),
    sa.Column("capacity", sa.Integer(), nullable=False),
    sa.Column("enrolled", sa.Integer(), nullable=False),
    sa.Column("training_subsidy", shared.types.Money(), nullable=False),
    sa.Column("appraisal_subsidy", shared.types.Money(), nullable=False),
    sa.Column("created_by", sa.String(length=128), nullable=False),
    sa.Column("version", sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_programmes"))
    )
    with op.batch_alter_table("programmes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_programmes_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_programmes_region_code"), ["region_code"], unique=False)

    op.create_table("enrolments",
    sa.Column("id", sa.Uuid(), nullable=False),
    sa.Column("programme_id", sa.Uuid(), nullable=False),
    sa.Column("member_id", sa.Uuid(), nullable=False),
    sa.Column("region_code", sa.String(length=12), nullable=False),
    sa.Column("state", sa.String(length=16), nullable=False),
    sa.Column("enrolled_on", sa.Date(), nullable=False),
    sa.Column("completed_on", sa.Date(), nullable=True),
    sa.Column("appraised_on", sa.Date(), nullable=True),
    sa.Column("appraisal", sa.String(length=16), nullable=True),
    sa.Column("certificate_level", sa.String(length=16), nullable=True),
    sa.Column("version", sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(["member_id"], ["labourers.member_id"], name=op.f("fk_enrolments_member_id_labourers")),
    sa.ForeignKeyConstraint(["programme_id"], ["programmes.id"], name=op.f("fk_enrolments_programme_id_programmes")),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_enrolments")),
    sa.UniqueConstraint("programme_id", "member_id", name=op.f("uq_enrolments_programme_id_member_id"))
    )
    with op.batch_alter_table("enrolments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_enrolments_member_id"), ["member_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_enrolments_programme_id"), ["programme_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_enrolments_region_code"), ["region_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_enrolments_state"), ["state"], unique=False)

    op.create_table("attendance",
    sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
    sa.Column("enrolment_id", sa.Uuid(), nullable=False),
    sa.Column("session", sa.Integer(), nullable=False),
    sa.Column("attended_on", sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(["enrolment_id"], ["enrolments.id"], name=op.f("fk_attendance_enrolment_id_enrolments")),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_attendance")),
    sa.UniqueConstraint("enrolment_id", "session", name=op.f("uq_attendance_enrolment_id_session"))
    )
    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attendance_enrolment_id"), ["enrolment_id"], unique=False)

    op.create_table("subsidies",
    sa.Column("id", sa.Uuid(), nullable=False),
    sa.Column("enrolment_id", sa.Uuid(), nullable=False),
    sa.Column("member_id", sa.Uuid(), nullable=False),
    sa.Column("region_code", sa.String(length=12), nullable=False),
    sa.Column("kind", sa.String(length=16), nullable=False),
    sa.Column("amount", shared.types.Money(), nullable=False),
    sa.Column("granted_on", sa.Date(), nullable=False),
    sa.Column("granted_by", sa.String(length=128), nullable=False),
    sa.ForeignKeyConstraint(["enrolment_id"], ["enrolments.id"], name=op.f("fk_subsidies_enrolment_id_enrolments")),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_subsidies")),
    sa.UniqueConstraint("enrolment_id", "kind", name=op.f("uq_subsidies_enrolment_id_kind"))
    )
    with op.batch_alter_table("subsidies", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_subsidies_enrolment_id"), ["enrolment_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_subsidies_member_id"), ["member_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_subsidies_region_code"), ["region_code"], unique=False)



def downgrade() -> None:
    with op.batch_alter_table("subsidies", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_subsidies_region_code"))
        batch_op.drop_index(batch_op.f("ix_subsidies_member_id"))
        batch_op.drop_index(batch_op.f("ix_subsidies_enrolment_id"))

    op.drop_table("subsidies")
    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attendance_enrolment_id"))

    op.drop_table("attendance")
    with op.batch_alter_table("enrolments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_enrolments_state"))
        batch_op.drop_index(batch_op.f("ix_enrolments_region_code"))
        batch_op.drop_index(batch_op.f("ix_enrolments_programme_id"))
        batch_op.drop_index(batch_op.f("ix_enrolments_member_id"))

    op.drop_table("enrolments")
    with op.batch_alter_table("programmes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_programmes_region_code"))
        batch_op.drop_index(batch_op.f("ix_programmes_kind"))

    op.drop_table("programmes")
