"""Tracking audits and special spot checks (跟踪审计, 专项抽查, §20): frozen populations, seeded samples,
findings and their rectification."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import (
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
from shared.types import UTCDateTime, utcnow


class Audit(Base):
    """An audit or spot check over a region's projects or payments, with its seed and frozen population."""

    __tablename__ = "audits"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    kind: Mapped[str] = mapped_column(String(16))
    subject: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(128))
    region_code: Mapped[str] = mapped_column(String(12), index=True)
    year: Mapped[int] = mapped_column(Integer)
    seed: Mapped[str] = mapped_column(String(64))
    algorithm: Mapped[str] = mapped_column(String(32))
    sample_size: Mapped[int] = mapped_column(Integer)
    population_size: Mapped[int] = mapped_column(Integer)
    population_digest: Mapped[str] = mapped_column(String(64))
    drawn_by: Mapped[str] = mapped_column(String(128))
    drawn_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    __table_args__ = (
        CheckConstraint(
            "sample_size > 0 AND sample_size <= population_size", name="sample_within_population"
        ),
    )


class AuditPopulationItem(Base):
    """One id of an audit's frozen population."""

    __tablename__ = "audit_population"

    audit_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("audits.id"), primary_key=True)
    item_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)


class AuditSampleItem(Base):
    """A drawn item, its rank in the draw and the county answerable for it."""

    __tablename__ = "audit_sample"

    audit_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("audits.id"), primary_key=True)
    item_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    rank: Mapped[int] = mapped_column(Integer)
    draw_key: Mapped[str] = mapped_column(String(64))
    project_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("projects.id"))
    county_code: Mapped[str] = mapped_column(String(12))
    __table_args__ = (UniqueConstraint("audit_id", "rank"),)


class Finding(Base):
    """A finding on a sampled item and its rectification, step by step to closure (整改销号)."""

    __tablename__ = "findings"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    audit_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    item_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    county_code: Mapped[str] = mapped_column(String(12), index=True)
    description: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(128))
    deadline: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16))
    recorded_by: Mapped[str] = mapped_column(String(128))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    report: Mapped[str | None] = mapped_column(Text)
    reported_by: Mapped[str | None] = mapped_column(String(128))
    reported_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    verified_by: Mapped[str | None] = mapped_column(String(128))
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    verification_note: Mapped[str | None] = mapped_column(Text)
    closed_by: Mapped[str | None] = mapped_column(String(128))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closure_note: Mapped[str | None] = mapped_column(Text)
    __table_args__ = (
        ForeignKeyConstraint(["audit_id", "item_id"], ["audit_sample.audit_id", "audit_sample.item_id"]),
        CheckConstraint("verified_by IS NULL OR verified_by <> reported_by", name="four_eyes"),
    )
