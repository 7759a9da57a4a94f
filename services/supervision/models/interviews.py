"""Interviews (约谈), inspections (督查巡查) and the rectification items both lead to (整改)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, Index, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from services.supervision.models.base import Base
from shared.types import UTCDateTime, utcnow


class Inspection(Base):
    """A supervision tour of a region (督查巡查) with its findings."""

    __tablename__ = "inspections"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    title: Mapped[str] = mapped_column(String(128))
    region_code: Mapped[str] = mapped_column(String(12), index=True)
    year: Mapped[int] = mapped_column(Integer)
    held_on: Mapped[date] = mapped_column(Date)
    findings: Mapped[list[Any]] = mapped_column(JSON)
    recorded_by: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Interview(Base):
    """An admonishment interview (约谈) of an official or a unit, with the issues raised."""

    __tablename__ = "interviews"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    official_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("officials.id"))
    unit_name: Mapped[str | None] = mapped_column(String(128))
    region_code: Mapped[str] = mapped_column(String(12), index=True)
    interviewer: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(16))
    inspection_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("inspections.id"))
    red_flag_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("red_flags.id"))
    held_on: Mapped[date] = mapped_column(Date)
    issues: Mapped[list[Any]] = mapped_column(JSON)
    state: Mapped[str] = mapped_column(String(16))
    closed_on: Mapped[date | None] = mapped_column(Date)
    recorded_by: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class RectificationItem(Base):
    """One thing to put right, with its owner and deadline; reported, verified by another, closed."""

    __tablename__ = "rectification_items"
    __table_args__ = (
        CheckConstraint("(interview_id IS NULL) <> (inspection_id IS NULL)", name="one_cause"),
        Index("ix_rectification_items_state_deadline", "state", "deadline"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    interview_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("interviews.id"), index=True)
    inspection_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("inspections.id"), index=True)
    region_code: Mapped[str] = mapped_column(String(12), index=True)
    description: Mapped[str] = mapped_column(Text)
    owner_official_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("officials.id"))
    owner_name: Mapped[str] = mapped_column(String(128))
    deadline: Mapped[date] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(16))
    report: Mapped[str | None] = mapped_column(Text)
    reported_on: Mapped[date | None] = mapped_column(Date)
    reported_by: Mapped[str | None] = mapped_column(String(128))
    verification_note: Mapped[str | None] = mapped_column(Text)
    verified_by: Mapped[str | None] = mapped_column(String(128))
    closed_on: Mapped[date | None] = mapped_column(Date)
    overdue_flagged_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
