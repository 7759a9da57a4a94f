"""Money of projects: allocations (资金下达), payment stages, verified progress and payments (拨付)."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    ForeignKey,
    ForeignKeyConstraint,
    Integer,
    String,
    Text,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.orm import Mapped, mapped_column

from services.funds.models.base import Base
from services.funds.models.projects import BENEFICIARY_ACCOUNT
from shared.types import UTCDateTime, utcnow


class Allocation(Base):
    """Money from one source put at a project's disposal (资金下达), by a document."""

    __tablename__ = "allocations"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    project_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("projects.id"), index=True)
    source: Mapped[str] = mapped_column(String(16))
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    document_no: Mapped[str] = mapped_column(String(64))
    allocated_on: Mapped[date] = mapped_column(Date)
    recorded_by: Mapped[str] = mapped_column(String(128))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    __table_args__ = (
        CheckConstraint("amount_fen > 0", name="amount_positive"),
        ForeignKeyConstraint(["project_id", "source"], ["project_funds.project_id", "project_funds.source"]),
    )


class PaymentStage(Base):
    """One stage of a project's payment plan: its share of each household's subsidy, in basis points."""

    __tablename__ = "payment_stages"

    project_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("projects.id"), primary_key=True)
    stage_no: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    share_bp: Mapped[int] = mapped_column(Integer)
    __table_args__ = (
        CheckConstraint("stage_no >= 1", name="stage_no_positive"),
        CheckConstraint("share_bp > 0 AND share_bp <= 10000", name="share_in_range"),
    )


class Progress(Base):
    """A household's construction reaching a stage: recorded by one official, verified by another."""

    __tablename__ = "progress"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    project_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    household_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    stage_no: Mapped[int] = mapped_column(Integer)
    reached_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(String(128))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    verified_by: Mapped[str | None] = mapped_column(String(128))
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    __table_args__ = (
        UniqueConstraint("project_id", "household_id", "stage_no"),
        ForeignKeyConstraint(["project_id", "stage_no"],
                             ["payment_stages.project_id", "payment_stages.stage_no"]),
        ForeignKeyConstraint(["project_id", "household_id"],
                             ["project_beneficiaries.project_id", "project_beneficiaries.household_id"]),
        CheckConstraint("verified_by IS NULL OR verified_by <> recorded_by", name="four_eyes"),
    )


class Payment(Base):
    """Money paid out of a project's allocation (拨付); a stage's payment to a household exists once."""

    __tablename__ = "payments"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    project_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("projects.id"), index=True)
    source: Mapped[str] = mapped_column(String(16))
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    household_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    stage_no: Mapped[int | None] = mapped_column(Integer)
    payee: Mapped[str] = mapped_column(String(128))
    account_enc: Mapped[bytes | None] = BENEFICIARY_ACCOUNT.column()
    paid_on: Mapped[date] = mapped_column(Date)
    request_key: Mapped[str] = mapped_column(String(128))
    recorded_by: Mapped[str] = mapped_column(String(128))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    __table_args__ = (
        CheckConstraint("amount_fen > 0", name="amount_positive"),
        CheckConstraint("(household_id IS NULL) = (stage_no IS NULL)", name="stage_has_household"),
        UniqueConstraint("project_id", "request_key"),
        UniqueConstraint("project_id", "household_id", "stage_no"),
        ForeignKeyConstraint(["project_id", "source"], ["project_funds.project_id", "project_funds.source"]),
    )
