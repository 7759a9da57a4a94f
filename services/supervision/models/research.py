"""Field research quotas (专题调研) per year as data, and what leaders did against them."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from services.supervision.models.base import Base
from shared.types import UTCDateTime, utcnow


class ResearchQuota(Base):
    """A year's quota for a level's leaders: research days, a study each period, a yearly report."""

    __tablename__ = "research_quotas"
    __table_args__ = (UniqueConstraint("year", "level"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    level: Mapped[str] = mapped_column(String(16))
    min_days: Mapped[int] = mapped_column(Integer)
    study_period: Mapped[str] = mapped_column(String(16))  # quarter | month
    report_to: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ResearchDay(Base):
    """A day a leader spent on field research (专题调研); one day counts once."""

    __tablename__ = "research_days"
    __table_args__ = (UniqueConstraint("official_id", "day"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    official_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("officials.id"))
    day: Mapped[date] = mapped_column(Date)
    region_code: Mapped[str] = mapped_column(String(12), index=True)
    topic: Mapped[str] = mapped_column(String(256))
    recorded_by: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class TopicalStudy(Base):
    """A leadership meeting that studied poverty alleviation (专题研究脱贫攻坚工作)."""

    __tablename__ = "topical_studies"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    official_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("officials.id"), index=True)
    held_on: Mapped[date] = mapped_column(Date)
    region_code: Mapped[str] = mapped_column(String(12), index=True)
    topic: Mapped[str] = mapped_column(String(256))
    recorded_by: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class YearlyReport(Base):
    """A leader's yearly progress report to the level above (年度脱贫进展报告)."""

    __tablename__ = "yearly_reports"
    __table_args__ = (UniqueConstraint("official_id", "year"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    official_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("officials.id"))
    year: Mapped[int] = mapped_column(Integer)
    submitted_on: Mapped[date] = mapped_column(Date)
    reference: Mapped[str] = mapped_column(String(128))
    region_code: Mapped[str] = mapped_column(String(12), index=True)
    recorded_by: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
