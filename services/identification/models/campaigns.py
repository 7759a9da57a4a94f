"""Re-verification campaigns, cases, department cross-checks, village disasters, rural population."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.orm import Mapped, mapped_column

from services.identification.models.base import Base
from shared.personal import PersonalField
from shared.types import UTCDateTime, utcnow

# A department's row as it was sent (部门比对原始记录): encrypted, shown only with pii:read.
CASE_DEPARTMENT_ROW = PersonalField("case.department_row", None)


class VerificationCampaign(Base):
    """A re-verification campaign (回头看) over households chosen by rule or seeded sample."""

    __tablename__ = "verification_campaigns"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(String(128))
    year: Mapped[int] = mapped_column(Integer)
    region_code: Mapped[str] = mapped_column(String(12), index=True)
    selection: Mapped[dict[str, Any]] = mapped_column(JSON)
    seed: Mapped[int | None] = mapped_column(Integer)
    selected_count: Mapped[int] = mapped_column(Integer)
    created_by: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CampaignHousehold(Base):
    """A household chosen for a campaign, its assigned cadre and its verification state."""

    __tablename__ = "campaign_households"
    __table_args__ = (
        UniqueConstraint("campaign_id", "household_id"),
        Index("ix_campaign_households_campaign_region", "campaign_id", "region_code"),
        Index("ix_campaign_households_cadre_state", "cadre_subject", "state"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("verification_campaigns.id"))
    household_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("households.id"), index=True)
    household_no: Mapped[str] = mapped_column(String(32))
    region_code: Mapped[str] = mapped_column(String(12))
    town_code: Mapped[str] = mapped_column(String(9))
    cadre_subject: Mapped[str | None] = mapped_column(String(128))
    cadre_name: Mapped[str | None] = mapped_column(String(64))
    assigned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    state: Mapped[str] = mapped_column(String(16))


class VerificationResult(Base):
    """The one verification result of a campaign household: confirmed, or failed with findings."""

    __tablename__ = "verification_results"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    campaign_household_id: Mapped[int] = mapped_column(ForeignKey("campaign_households.id"), unique=True)
    outcome: Mapped[str] = mapped_column(String(16))
    findings: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    note: Mapped[str | None] = mapped_column(Text)
    verified_on: Mapped[date] = mapped_column(Date)
    recorded_by: Mapped[str] = mapped_column(String(128))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CrossCheckImport(Base):
    """One department list compared with the register (部门数据比对); rows are never kept."""

    __tablename__ = "crosscheck_imports"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    department: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(24))
    region_code: Mapped[str] = mapped_column(String(12), index=True)
    row_count: Mapped[int] = mapped_column(Integer)
    matched_count: Mapped[int] = mapped_column(Integer)
    unmatched_count: Mapped[int] = mapped_column(Integer)
    invalid_count: Mapped[int] = mapped_column(Integer)
    new_case_count: Mapped[int] = mapped_column(Integer)
    imported_by: Mapped[str] = mapped_column(String(128))
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class VerificationCase(Base):
    """A case for a cadre to act on: a failed verification or a department match (核查案件)."""

    __tablename__ = "verification_cases"
    __table_args__ = (
        Index("ix_verification_cases_region_state", "region_code", "state"),
        CheckConstraint("state IN ('open', 'closed')", name="state_known"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    kind: Mapped[str] = mapped_column(String(16))
    source: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(8))
    # Why the case exists, unique so a re-import or a retry never opens it twice.
    dedup_key: Mapped[str] = mapped_column(String(96), unique=True)
    household_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("households.id"), index=True)
    member_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("members.id"))
    region_code: Mapped[str] = mapped_column(String(12))
    verification_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("verification_results.id"))
    crosscheck_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("crosscheck_imports.id"), index=True)
    check_kind: Mapped[str | None] = mapped_column(String(24))
    # What anyone who may see the case sees; a department's row only with its numbers masked.
    details: Mapped[dict[str, Any]] = mapped_column(JSON)
    department_row_enc: Mapped[bytes | None] = CASE_DEPARTMENT_ROW.column()
    opened_by: Mapped[str] = mapped_column(String(128))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolution: Mapped[str | None] = mapped_column(String(16))
    resolution_note: Mapped[str | None] = mapped_column(Text)
    reference: Mapped[str | None] = mapped_column(String(128))
    closed_by: Mapped[str | None] = mapped_column(String(128))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class VillageDisaster(Base):
    """A disaster that struck a village (灾情), which puts its exited households at risk."""

    __tablename__ = "village_disasters"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    village_code: Mapped[str] = mapped_column(ForeignKey("regions.code"), index=True)
    kind: Mapped[str] = mapped_column(String(24))
    occurred_on: Mapped[date] = mapped_column(Date)
    description: Mapped[str] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(String(128))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class RuralPopulation(Base):
    """A region's rural resident population for a year (农村户籍人口), the incidence denominator."""

    __tablename__ = "rural_populations"

    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    population: Mapped[int] = mapped_column(Integer)
    source: Mapped[str | None] = mapped_column(String(128))
    recorded_by: Mapped[str] = mapped_column(String(128))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
