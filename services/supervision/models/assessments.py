"""Yearly assessments with scored indicators (考核) and third-party evaluations of sampled households."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from services.supervision.models.base import Base
from shared.types import UTCDateTime, utcnow


class Assessment(Base):
    """A year's assessment of a region or a leader; its total is the weighted mean of its indicators."""

    __tablename__ = "assessments"
    __table_args__ = (UniqueConstraint("year", "subject_key"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    year: Mapped[int] = mapped_column(Integer)
    subject_key: Mapped[str] = mapped_column(String(48))  # region code, or "official:<id>"
    region_code: Mapped[str] = mapped_column(String(12), index=True)
    official_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("officials.id"))
    assessor: Mapped[str] = mapped_column(String(128))
    total_hundredths: Mapped[int] = mapped_column(Integer)  # the score ×100, so both databases agree exactly
    created_by: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AssessmentIndicator(Base):
    """One scored indicator of an assessment (考核指标)."""

    __tablename__ = "assessment_indicators"
    __table_args__ = (UniqueConstraint("assessment_id", "code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("assessments.id"), index=True)
    code: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(128))
    weight: Mapped[int] = mapped_column(Integer)
    score_hundredths: Mapped[int] = mapped_column(Integer)


class Evaluation(Base):
    """A third-party evaluation (第三方评估) of a county's households drawn by a seeded sample."""

    __tablename__ = "evaluations"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    year: Mapped[int] = mapped_column(Integer)
    region_code: Mapped[str] = mapped_column(String(12), index=True)
    evaluator: Mapped[str] = mapped_column(String(128))
    seed: Mapped[int] = mapped_column(Integer)
    population: Mapped[int] = mapped_column(Integer)
    sample_size: Mapped[int] = mapped_column(Integer)
    created_by: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class EvaluatedHousehold(Base):
    """A sampled household, its status in the register when drawn, and what the evaluators found."""

    __tablename__ = "evaluated_households"
    __table_args__ = (UniqueConstraint("evaluation_id", "household_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    evaluation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("evaluations.id"), index=True)
    household_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    household_no: Mapped[str] = mapped_column(String(32))
    register_status: Mapped[str] = mapped_column(String(16))
    food_clothing: Mapped[bool | None] = mapped_column(Boolean)
    education: Mapped[bool | None] = mapped_column(Boolean)
    medical: Mapped[bool | None] = mapped_column(Boolean)
    housing: Mapped[bool | None] = mapped_column(Boolean)
    drinking_water: Mapped[bool | None] = mapped_column(Boolean)
    evaluated_on: Mapped[date | None] = mapped_column(Date)
    evaluated_by: Mapped[str | None] = mapped_column(String(128))
