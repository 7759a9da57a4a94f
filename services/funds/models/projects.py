"""The county project library: projects, their budget lines, beneficiaries and recorded steps."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    Uuid,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from services.funds.models.base import Base
from shared.crypto import mask_bank_account
from shared.personal import PersonalField
from shared.types import UTCDateTime, utcnow

# The household's one-card account (一卡通) a housing subsidy is paid into (§10).
BENEFICIARY_ACCOUNT = PersonalField("funds.beneficiary.account", mask_bank_account)


class Project(Base):
    """A project of a county's library (县级脱贫攻坚项目库), with its lifecycle state."""

    __tablename__ = "projects"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(String(128))
    project_type: Mapped[str] = mapped_column(String(32))
    county_code: Mapped[str] = mapped_column(String(12), index=True)
    year: Mapped[int] = mapped_column(Integer)
    description: Mapped[str] = mapped_column(Text)
    planned_start: Mapped[date] = mapped_column(Date)
    planned_end: Mapped[date] = mapped_column(Date)
    technical_risk: Mapped[str | None] = mapped_column(String(8))
    market_risk: Mapped[str | None] = mapped_column(String(8))
    risk_measures: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(24), index=True)
    created_by: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    funds: Mapped[list[ProjectFund]] = relationship(order_by="ProjectFund.source", lazy="selectin",
                                                    cascade="all, delete-orphan")
    villages: Mapped[list[ProjectVillage]] = relationship(order_by="ProjectVillage.village_code",
                                                          lazy="selectin", cascade="all, delete-orphan")
    beneficiaries: Mapped[list[ProjectBeneficiary]] = relationship(
        order_by="ProjectBeneficiary.household_id", lazy="selectin", cascade="all, delete-orphan")
    __table_args__ = (CheckConstraint("planned_start <= planned_end", name="dates_in_order"),)
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class ProjectFund(Base):
    """A project's money from one source: budget, allocated and disbursed, in fen.

    The check holds disbursed ≤ allocated ≤ budget in the database itself; the code moves the
    counters with guarded UPDATEs, so concurrent requests never pass a limit.
    """

    __tablename__ = "project_funds"

    project_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("projects.id"), primary_key=True)
    source: Mapped[str] = mapped_column(String(16), primary_key=True)
    budget_fen: Mapped[int] = mapped_column(BigInteger)
    allocated_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    disbursed_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    __table_args__ = (
        CheckConstraint("0 <= disbursed_fen AND disbursed_fen <= allocated_fen "
                        "AND allocated_fen <= budget_fen", name="within_limits"),
    )


class ProjectVillage(Base):
    """A village that benefits from a project."""

    __tablename__ = "project_villages"

    project_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("projects.id"), primary_key=True)
    village_code: Mapped[str] = mapped_column(String(12), primary_key=True)


class ProjectBeneficiary(Base):
    """A registered household that benefits, with its subsidy and one-card account when paid directly."""

    __tablename__ = "project_beneficiaries"

    project_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("projects.id"), primary_key=True)
    household_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, index=True)
    region_code: Mapped[str] = mapped_column(String(12))
    subsidy_fen: Mapped[int | None] = mapped_column(BigInteger)
    account_enc: Mapped[bytes | None] = BENEFICIARY_ACCOUNT.column()
    __table_args__ = (CheckConstraint("subsidy_fen IS NULL OR subsidy_fen > 0", name="subsidy_positive"),)


class ProjectStepRecord(Base):
    """One step of a project's life: who took it, when, from which state to which, and why."""

    __tablename__ = "project_steps"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    project_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("projects.id"), index=True)
    step: Mapped[str] = mapped_column(String(24))
    from_status: Mapped[str | None] = mapped_column(String(24))
    to_status: Mapped[str] = mapped_column(String(24))
    actor: Mapped[str] = mapped_column(String(128))
    actor_name: Mapped[str] = mapped_column(String(128))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reason: Mapped[str | None] = mapped_column(Text)
