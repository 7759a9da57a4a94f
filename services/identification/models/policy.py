"""Policy standards as versioned data, village incomes, and stored rule evaluations."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    Boolean,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from services.identification.models.base import Base
from services.identification.models.register import IncomeRecord
from shared.types import JSONType, Money, UTCDateTime, utcnow

RATIO_SCALE = Decimal("0.0001")


class Ratio(TypeDecorator[Decimal]):
    """A ratio with four decimal places (0.4500), stored as integer ten-thousandths."""

    impl = Integer
    cache_ok = True

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> int | None:
        if value is None:
            return None
        scaled = Decimal(value) / RATIO_SCALE
        if scaled != scaled.to_integral_value():
            raise ValueError(f"{value} has more than four decimal places")
        return int(scaled)

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        return None if value is None else (Decimal(int(value)) * RATIO_SCALE).quantize(RATIO_SCALE)


class PolicyStandard(Base):
    """One version of a year's standards for a region prefix; never edited, only superseded."""

    __tablename__ = "policy_standards"
    __table_args__ = (UniqueConstraint("year", "region_prefix", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    region_prefix: Mapped[str] = mapped_column(String(12))
    version: Mapped[int] = mapped_column(Integer)
    rural_income_per_head: Mapped[Decimal] = mapped_column(Money)
    household_exit_ratio: Mapped[Decimal] = mapped_column(Ratio)
    village_exit_ratio: Mapped[Decimal] = mapped_column(Ratio)
    identification_line: Mapped[Decimal] = mapped_column(Money)
    price_index: Mapped[Decimal] = mapped_column(Ratio)
    # A condition the plan does not contain: None (off) unless a version switched it on with its source.
    village_remaining_poor_share_max: Mapped[Decimal | None] = mapped_column(Ratio)
    village_remaining_poor_share_source: Mapped[str | None] = mapped_column(Text)
    road_min_households: Mapped[int] = mapped_column(Integer)
    safe_water_required: Mapped[bool] = mapped_column(Boolean)
    notice_days: Mapped[int] = mapped_column(Integer)
    objection_days: Mapped[int] = mapped_column(Integer)
    announcement_days: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class VillageIncome(Base):
    """A village's disposable income per head for a year; a correction is a new revision."""

    __tablename__ = "village_incomes"
    __table_args__ = (UniqueConstraint("village_code", "year", "revision"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    village_code: Mapped[str] = mapped_column(ForeignKey("regions.code"))
    year: Mapped[int] = mapped_column(Integer)
    revision: Mapped[int] = mapped_column(Integer)
    income_per_head: Mapped[Decimal] = mapped_column(Money)
    source: Mapped[str | None] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(String(128))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class StoredEvaluation(Base):
    """A rule evaluation kept with the decision it supports, re-readable with its figures."""

    __tablename__ = "evaluations"
    __table_args__ = (Index("ix_evaluations_subject", "subject_type", "subject_id", "year"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    kind: Mapped[str] = mapped_column(String(32))
    subject_type: Mapped[str] = mapped_column(String(32))
    subject_id: Mapped[str] = mapped_column(String(64))
    region_code: Mapped[str] = mapped_column(String(12), index=True)
    year: Mapped[int] = mapped_column(Integer)
    standard_id: Mapped[int | None] = mapped_column(ForeignKey("policy_standards.id"))
    standard_year: Mapped[int] = mapped_column(Integer)
    standard_region: Mapped[str] = mapped_column(String(12))
    standard_version: Mapped[int] = mapped_column(Integer)
    verdict: Mapped[bool] = mapped_column(Boolean)
    summary_en: Mapped[str] = mapped_column(Text)
    summary_zh: Mapped[str] = mapped_column(Text)
    conditions: Mapped[list[dict[str, Any]]] = mapped_column(JSONType)
    facts: Mapped[dict[str, Any]] = mapped_column(JSONType)
    evaluated_by: Mapped[str] = mapped_column(String(128))
    evaluated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


# The what-if query picks each household's newest income revision of a year through this index;
# declared here (on the register's table) because it serves the policy queries.
Index("ix_income_records_year_household", IncomeRecord.year, IncomeRecord.household_id,
      IncomeRecord.revision)
