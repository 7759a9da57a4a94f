"""Asset-income projects (资产收益扶贫, §3): shares held for households and each year's distribution."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    ForeignKey,
    ForeignKeyConstraint,
    Integer,
    String,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from services.funds.models.base import Base
from shared.types import UTCDateTime, utcnow


class AssetShare(Base):
    """The shares an asset-income project holds for a beneficiary household (量化到户的股份)."""

    __tablename__ = "asset_shares"

    project_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    household_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    shares: Mapped[int] = mapped_column(Integer)
    __table_args__ = (
        CheckConstraint("shares > 0", name="shares_positive"),
        ForeignKeyConstraint(["project_id", "household_id"],
                             ["project_beneficiaries.project_id", "project_beneficiaries.household_id"]),
    )


class Distribution(Base):
    """A year's income of an asset split as guaranteed minimum plus dividend by shares (保底+分红)."""

    __tablename__ = "distributions"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    project_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("projects.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    total_fen: Mapped[int] = mapped_column(BigInteger)
    guaranteed_fen: Mapped[int] = mapped_column(BigInteger)
    created_by: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    lines: Mapped[list[DistributionLine]] = relationship(order_by="DistributionLine.position",
                                                         lazy="selectin")
    __table_args__ = (
        UniqueConstraint("project_id", "year"),
        CheckConstraint("total_fen >= 0 AND guaranteed_fen >= 0", name="amounts_not_negative"),
    )


class DistributionLine(Base):
    """What one household received in a distribution, with the shares and priority it was given."""

    __tablename__ = "distribution_lines"

    distribution_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("distributions.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    household_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    shares: Mapped[int] = mapped_column(Integer)
    disabled_member: Mapped[bool] = mapped_column(Boolean)
    guaranteed_fen: Mapped[int] = mapped_column(BigInteger)
    dividend_fen: Mapped[int] = mapped_column(BigInteger)
    __table_args__ = (CheckConstraint("guaranteed_fen >= 0 AND dividend_fen >= 0",
                                      name="parts_not_negative"),)
