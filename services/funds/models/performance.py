"""Performance management (绩效管理, §20): indicators with their periods, and scored evaluations."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, CheckConstraint, Date, ForeignKey, String, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from services.funds.models.base import Base
from shared.types import UTCDateTime, utcnow


class Indicator(Base):
    """A performance indicator of a project or of a county: unit, direction and baseline (基期值).

    Values are stored as integer hundredths, so both databases agree to the last place.
    """

    __tablename__ = "indicators"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    # "project:<id>" or "region:<code>": one name per scope, whether or not a project is named.
    scope_key: Mapped[str] = mapped_column(String(48))
    region_code: Mapped[str] = mapped_column(String(12), index=True)
    project_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("projects.id"), index=True)
    name: Mapped[str] = mapped_column(String(64))
    unit: Mapped[str] = mapped_column(String(16))
    direction: Mapped[str] = mapped_column(String(8))
    baseline_hundredths: Mapped[int] = mapped_column(BigInteger)
    created_by: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    __table_args__ = (UniqueConstraint("scope_key", "name"),)


class IndicatorPeriod(Base):
    """An indicator's target for a period and, once the period has begun, its actual value."""

    __tablename__ = "indicator_periods"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    indicator_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("indicators.id"), index=True)
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    target_hundredths: Mapped[int] = mapped_column(BigInteger)
    actual_hundredths: Mapped[int | None] = mapped_column(BigInteger)
    set_by: Mapped[str] = mapped_column(String(128))
    actual_by: Mapped[str | None] = mapped_column(String(128))
    actual_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    __table_args__ = (
        UniqueConstraint("indicator_id", "period_start"),
        CheckConstraint("period_start <= period_end", name="dates_in_order"),
    )


class Evaluation(Base):
    """A performance evaluation: its score and grade, with every input the score was computed from."""

    __tablename__ = "evaluations"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    scope_key: Mapped[str] = mapped_column(String(48), index=True)
    region_code: Mapped[str] = mapped_column(String(12), index=True)
    project_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("projects.id"))
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    score_hundredths: Mapped[int] = mapped_column(BigInteger)
    grade: Mapped[str] = mapped_column(String(16))
    rule: Mapped[str] = mapped_column(String(64))
    inputs: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    evaluated_by: Mapped[str] = mapped_column(String(128))
    evaluated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    __table_args__ = (
        CheckConstraint("score_hundredths >= 0 AND score_hundredths <= 10000", name="score_in_range"),
        CheckConstraint("period_start <= period_end", name="dates_in_order"),
    )
