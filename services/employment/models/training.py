"""Training programmes, enrolments with attendance and appraisal, and the subsidies paid for them."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Integer, String, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from services.employment.models.base import Base
from shared.types import Money


class Programme(Base):
    """A free skills training programme with its subsidy amounts per trainee (培训项目)."""

    __tablename__ = "programmes"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(32), index=True)
    skill: Mapped[str] = mapped_column(String(32))
    provider: Mapped[str] = mapped_column(String(100))
    region_code: Mapped[str] = mapped_column(String(12), index=True)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    sessions: Mapped[int] = mapped_column(Integer)
    sessions_to_complete: Mapped[int] = mapped_column(Integer)
    capacity: Mapped[int] = mapped_column(Integer)
    enrolled: Mapped[int] = mapped_column(Integer, default=0)
    training_subsidy: Mapped[Decimal] = mapped_column(Money)
    appraisal_subsidy: Mapped[Decimal] = mapped_column(Money)
    created_by: Mapped[str] = mapped_column(String(128))
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class Enrolment(Base):
    """A labourer in a programme: attendance, completion, free appraisal and certificate (参训记录)."""

    __tablename__ = "enrolments"
    __table_args__ = (UniqueConstraint("programme_id", "member_id"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    programme_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("programmes.id"), index=True)
    member_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("labourers.member_id"), index=True)
    region_code: Mapped[str] = mapped_column(String(12), index=True)
    state: Mapped[str] = mapped_column(String(16), index=True)
    enrolled_on: Mapped[date] = mapped_column(Date)
    completed_on: Mapped[date | None] = mapped_column(Date)
    appraised_on: Mapped[date | None] = mapped_column(Date)
    appraisal: Mapped[str | None] = mapped_column(String(16))
    certificate_level: Mapped[str | None] = mapped_column(String(16))
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class Attendance(Base):
    """One session a trainee attended; each session counts once (考勤)."""

    __tablename__ = "attendance"
    __table_args__ = (UniqueConstraint("enrolment_id", "session"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    enrolment_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("enrolments.id"), index=True)
    session: Mapped[int] = mapped_column(Integer)
    attended_on: Mapped[date] = mapped_column(Date)


class Subsidy(Base):
    """A training or appraisal subsidy granted for an enrolment: at most one of each kind (补贴)."""

    __tablename__ = "subsidies"
    __table_args__ = (UniqueConstraint("enrolment_id", "kind"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    enrolment_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("enrolments.id"), index=True)
    member_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    region_code: Mapped[str] = mapped_column(String(12), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    amount: Mapped[Decimal] = mapped_column(Money)
    granted_on: Mapped[date] = mapped_column(Date)
    granted_by: Mapped[str] = mapped_column(String(128))
