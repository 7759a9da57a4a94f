"""Employers and the positions they post."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, Integer, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from services.employment.models.base import Base
from shared.types import Money, UTCDateTime, utcnow


class Employer(Base):
    """An employer, known by its unified social credit code (用人单位)."""

    __tablename__ = "employers"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    credit_code: Mapped[str] = mapped_column(String(18), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(24))
    region_code: Mapped[str] = mapped_column(String(12), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(128))
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class Position(Base):
    """A position an employer offers: kind, place, wage, requirements, openings, period, targets."""

    __tablename__ = "positions"
    __table_args__ = (
        # The database refuses more hires than openings, whatever the code above it does.
        CheckConstraint("filled >= 0 AND filled <= openings", name="filled_within_openings"),
        CheckConstraint("min_age <= max_age", name="age_range"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    employer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("employers.id"), index=True)
    title: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(24), index=True)
    public_welfare_kind: Mapped[str | None] = mapped_column(String(24))
    region_code: Mapped[str] = mapped_column(String(12), index=True)
    monthly_wage: Mapped[Decimal] = mapped_column(Money)
    required_skills: Mapped[list[str]] = mapped_column(JSON, default=list)
    min_age: Mapped[int] = mapped_column(Integer)
    max_age: Mapped[int] = mapped_column(Integer)
    health: Mapped[str] = mapped_column(String(24))
    min_education: Mapped[str | None] = mapped_column(String(24))
    openings: Mapped[int] = mapped_column(Integer)
    filled: Mapped[int] = mapped_column(Integer, default=0)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    target_regions: Mapped[list[str]] = mapped_column(JSON, default=list)
    state: Mapped[str] = mapped_column(String(16), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(128))
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
