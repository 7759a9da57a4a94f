"""Employment"s own records of labourers, employers and positions (one head again).

Revision ID: 0003_labour_jobs
Revises: 0002_audit_seal, 0002_consumers
Create Date: 2026-12-03 12:22:06.097103
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shared.types

revision: str = "0003_labour_jobs"
down_revision: str | Sequence[str] | None = ("0002_audit_seal", "0002_consumers")
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table("employers",
    sa.Column("id", sa.Uuid(), nullable=False),
    sa.Column("credit_code", sa.String(length=18), nullable=False),
    sa.Column("name", sa.String(length=100), nullable=False),
    sa.Column("kind", sa.String(length=24), nullable=False),
    sa.Column("region_code", sa.String(length=12), nullable=False),
    sa.Column("created_at", shared.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column("created_by", sa.String(length=128), nullable=False),
    sa.Column("version", sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_employers")),
    sa.UniqueConstraint("credit_code", name=op.f("uq_employers_credit_code"))
    )
    with op.batch_alter_table("employers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_employers_region_code"), ["region_code"], unique=False)

    op.create_table("labourers",
    sa.Column("member_id", sa.Uuid(), nullable=False),
    sa.Column("household_id", sa.Uuid(), nullable=False),
    sa.Column("skills", sa.JSON(), nullable=False),
    sa.Column("certificates", sa.JSON(), nullable=False),
    sa.Column("education", sa.String(length=24), nullable=True),
    sa.Column("wants_work", sa.Boolean(), nullable=False),
    sa.Column("wants_training", sa.Boolean(), nullable=False),
    sa.Column("places", sa.JSON(), nullable=False),
    sa.Column("wage_expectation", shared.types.Money(), nullable=True),
    sa.Column("employment", sa.String(length=24), nullable=False),
    sa.Column("registered_at", shared.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column("registered_by", sa.String(length=128), nullable=False),
    sa.Column("updated_at", shared.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column("version", sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint("member_id", name=op.f("pk_labourers"))
    )
    with op.batch_alter_table("labourers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_labourers_household_id"), ["household_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_labourers_registered_at"), ["registered_at"], unique=False)

    op.create_table("positions",
    sa.Column("id", sa.Uuid(), nullable=False),
    sa.Column("employer_id", sa.Uuid(), nullable=False),
    sa.Column("title", sa.String(length=100), nullable=False),
    sa.Column("kind", sa.String(length=24), nullable=False),
    sa.Column("public_welfare_kind", sa.String(length=24), nullable=True),
    sa.Column("region_code", sa.String(length=12), nullable=False),
    sa.Column("monthly_wage", shared.types.Money(), nullable=False),
    sa.Column("required_skills", sa.JSON(), nullable=False),
    sa.Column("min_age", sa.Integer(), nullable=False),
    sa.Column("max_age", sa.Integer(), nullable=False),
    sa.Column("health", sa.String(length=24), nullable=False),
    sa.Column("min_education", sa.String(length=24), nullable=True),
    sa.Column("openings", sa.Integer(), nullable=False),
    sa.Column("filled", sa.Integer(), nullable=False),
    sa.Column("starts_on", sa.Date(), nullable=False),
    sa.Column("ends_on", sa.Date(), nullable=True),
    sa.Column("target_regions", sa.JSON(), nullable=False),
    sa.Column("state", sa.String(length=16), nullable=False),
    sa.Column("created_at", shared.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column("created_by", sa.String(length=128), nullable=False),
    sa.Column("version", sa.Integer(), nullable=False),
    sa.CheckConstraint("filled >= 0 AND filled <= openings", name=op.f("ck_positions_filled_within_openings")),
    sa.CheckConstraint("min_age <= max_age", name=op.f("ck_positions_age_range")),
    sa.ForeignKeyConstraint(["employer_id"], ["employers.id"], name=op.f("fk_positions_employer_id_employers")),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_positions"))
    )
    with op.batch_alter_table("positions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_positions_employer_id"), ["employer_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_positions_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_positions_region_code"), ["region_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_positions_state"), ["state"], unique=False)



def downgrade() -> None:
    with op.batch_alter_table("positions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_positions_state"))
        batch_op.drop_index(batch_op.f("ix_positions_region_code"))
        batch_op.drop_index(batch_op.f("ix_positions_kind"))
        batch_op.drop_index(batch_op.f("ix_positions_employer_id"))

    op.drop_table("positions")
    with op.batch_alter_table("labourers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_labourers_registered_at"))
        batch_op.drop_index(batch_op.f("ix_labourers_household_id"))

    op.drop_table("labourers")
    with op.batch_alter_table("employers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_employers_region_code"))

    op.drop_table("employers")
