"""One-to-one service (counsellors, plans, contacts) and placements with their follow-ups."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, UniqueConstraint, Uuid, text
from sqlalchemy.orm import Mapped, mapped_column

from services.employment.models.base import Base
from shared.types import UTCDateTime, utcnow


class Counselling(Base):
    """The counsellor assigned to a labourer who wants work (一对一帮扶专人)."""

    __tablename__ = "counselling"

    member_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("labourers.member_id"), primary_key=True)
    counsellor: Mapped[str] = mapped_column(String(128), index=True)
    counsellor_name: Mapped[str] = mapped_column(String(64))
    assigned_on: Mapped[date] = mapped_column(Date)
    assigned_by: Mapped[str] = mapped_column(String(128))
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class PlanStep(Base):
    """A step of a labourer's personal employment plan, with its date and outcome (个性化就业方案)."""

    __tablename__ = "plan_steps"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    member_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("labourers.member_id"), index=True)
    kind: Mapped[str] = mapped_column(String(24))
    action: Mapped[str] = mapped_column(String(200))
    due_on: Mapped[date] = mapped_column(Date)
    done_on: Mapped[date | None] = mapped_column(Date)
    outcome: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class Contact(Base):
    """A contact of the counsellor with the labourer (联系记录)."""

    __tablename__ = "contacts"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    member_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("labourers.member_id"), index=True)
    contacted_on: Mapped[date] = mapped_column(Date)
    channel: Mapped[str] = mapped_column(String(16))
    summary: Mapped[str] = mapped_column(String(500))
    next_contact_on: Mapped[date | None] = mapped_column(Date)
    recorded_by: Mapped[str] = mapped_column(String(128))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Placement(Base):
    """A person's way to one position: recommended → applied → hired → employed → left (or closed)."""

    __tablename__ = "placements"
    __table_args__ = (
        # One live placement of a person per position, kept by the database under concurrent requests.
        Index("uq_placements_live", "member_id", "position_id", unique=True,
              sqlite_where=text("state NOT IN ('closed', 'left')"),
              postgresql_where=text("state NOT IN ('closed', 'left')")),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    member_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("labourers.member_id"), index=True)
    position_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("positions.id"), index=True)
    region_code: Mapped[str] = mapped_column(String(12), index=True)
    state: Mapped[str] = mapped_column(String(16), index=True)
    score: Mapped[int] = mapped_column(Integer)
    recommended_on: Mapped[date] = mapped_column(Date)
    applied_on: Mapped[date | None] = mapped_column(Date)
    hired_on: Mapped[date | None] = mapped_column(Date)
    started_on: Mapped[date | None] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)
    end_reason: Mapped[str | None] = mapped_column(String(32))
    recommended_by: Mapped[str] = mapped_column(String(128))
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class FollowUp(Base):
    """A follow-up 3 or 6 months after a person started work: still employed or not, and why (跟踪回访)."""

    __tablename__ = "follow_ups"
    __table_args__ = (UniqueConstraint("placement_id", "month"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    placement_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("placements.id"), index=True)
    month: Mapped[int] = mapped_column(Integer)
    followed_on: Mapped[date] = mapped_column(Date)
    still_employed: Mapped[bool] = mapped_column(Boolean)
    reason: Mapped[str | None] = mapped_column(String(32))
    note: Mapped[str | None] = mapped_column(String(200))
    recorded_by: Mapped[str] = mapped_column(String(128))
