"""Procedures (识别、退出、清退、返贫、出列): their state, the append-only step log, objections."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint, Uuid, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from services.identification.models.base import Base
from shared.types import JSONType, UTCDateTime, utcnow

OPEN_STATES_SQL = "state IN ('open', 'suspended_by_objection')"


class Procedure(Base):
    """One run of a procedure on a household or a village."""

    __tablename__ = "procedures"
    __table_args__ = (
        # The database refuses a second open procedure on one subject, so two cadres
        # starting at the same moment cannot both succeed.
        Index("uq_procedures_open_subject", "subject_key", unique=True,
              sqlite_where=text(OPEN_STATES_SQL), postgresql_where=text(OPEN_STATES_SQL)),
        Index("ix_procedures_region_state", "region_code", "state"),
        # The work list's keyset order: a page walks it and stops after its last row.
        Index("ix_procedures_started_on_id", "started_on", "id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    kind: Mapped[str] = mapped_column(String(16))
    subject_type: Mapped[str] = mapped_column(String(16))
    subject_key: Mapped[str] = mapped_column(String(36))  # household id or village code
    household_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("households.id"), index=True)
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"))
    state: Mapped[str] = mapped_column(String(24))
    next_step: Mapped[str | None] = mapped_column(String(32))
    notice_posted_on: Mapped[date | None] = mapped_column(Date)
    notice_ends_on: Mapped[date | None] = mapped_column(Date)
    year: Mapped[int] = mapped_column(Integer)
    started_by: Mapped[str] = mapped_column(String(128))
    started_on: Mapped[date] = mapped_column(Date)
    closed_on: Mapped[date | None] = mapped_column(Date)
    close_reason: Mapped[str | None] = mapped_column(Text)
    exit_pathway: Mapped[str | None] = mapped_column(String(32))
    cause: Mapped[str | None] = mapped_column(String(32))
    removal_reason: Mapped[str | None] = mapped_column(String(32))
    # The evaluation that passed, kept by id: it lives in the policy tables of another revision.
    evaluation_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    steps: Mapped[list[ProcedureStep]] = relationship(order_by="ProcedureStep.seq")
    objections: Mapped[list[Objection]] = relationship(order_by="Objection.raised_at")
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class ProcedureStep(Base):
    """One step taken, refused or rejected: who, in which role and region, when, on what record."""

    __tablename__ = "procedure_steps"
    __table_args__ = (UniqueConstraint("procedure_id", "seq"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    procedure_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("procedures.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    step: Mapped[str] = mapped_column(String(32))
    outcome: Mapped[str] = mapped_column(String(16))
    actor: Mapped[str] = mapped_column(String(128))
    actor_role: Mapped[str] = mapped_column(String(32))
    actor_region: Mapped[str] = mapped_column(String(12))
    effective_on: Mapped[date] = mapped_column(Date)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    documents: Mapped[list[str]] = mapped_column(JSONType, default=list)
    comment: Mapped[str | None] = mapped_column(Text)
    evaluation_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    detail: Mapped[dict[str, Any] | None] = mapped_column(JSONType)


class Objection(Base):
    """An objection raised during a publicity period, and how it was resolved."""

    __tablename__ = "procedure_objections"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    procedure_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("procedures.id"), index=True)
    state: Mapped[str] = mapped_column(String(16))
    raised_on: Mapped[date] = mapped_column(Date)
    raised_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    recorded_by: Mapped[str] = mapped_column(String(128))
    content: Mapped[str] = mapped_column(Text)
    documents: Mapped[list[str]] = mapped_column(JSONType, default=list)
    resolved_on: Mapped[date | None] = mapped_column(Date)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_by: Mapped[str | None] = mapped_column(String(128))
    resolution: Mapped[str | None] = mapped_column(Text)


class VillageExit(Base):
    """A relatively poor village that has exited (出列), with the procedure that decided it."""

    __tablename__ = "village_exits"

    village_code: Mapped[str] = mapped_column(ForeignKey("regions.code"), primary_key=True)
    exited_on: Mapped[date] = mapped_column(Date)
    year: Mapped[int] = mapped_column(Integer)
    procedure_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("procedures.id"))
    evaluation_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
