"""The register: regions, households, members, status history and income records."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    Uuid,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from services.identification.models.base import Base
from shared.crypto import mask_bank_account, mask_id_number, mask_phone
from shared.personal import PersonalField
from shared.types import Money, UTCDateTime, utcnow

if TYPE_CHECKING:
    from services.identification.models.procedures import VillageExit

HOUSEHOLD_PHONE = PersonalField("household.phone", mask_phone)
HOUSEHOLD_BANK_ACCOUNT = PersonalField("household.bank_account", mask_bank_account, lookup="bank_account")
MEMBER_ID_NUMBER = PersonalField("member.id_number", mask_id_number, lookup="id_number")
MEMBER_PHONE = PersonalField("member.phone", mask_phone)
MEMBER_ILLNESS = PersonalField("member.illness", None)  # health data: withheld, never masked
# A disability card number is the holder's ID number and two digits more: withheld like health data.
MEMBER_DISABILITY_CARD = PersonalField("member.disability_card", None)
# Request field -> (column, personal field) of what a household or member keeps encrypted;
# a member's ID number is not among them: it never changes and is sealed with its lookup hash.
HOUSEHOLD_SECRET = {"phone": ("phone_enc", HOUSEHOLD_PHONE),
                    "bank_account": ("bank_account_enc", HOUSEHOLD_BANK_ACCOUNT)}
MEMBER_SECRET = {"phone": ("phone_enc", MEMBER_PHONE), "illness": ("illness_enc", MEMBER_ILLNESS),
                 "disability_card": ("disability_card_enc", MEMBER_DISABILITY_CARD)}


class Region(Base):
    """A statistical division: province, city, county, town or village (12-digit code)."""

    __tablename__ = "regions"

    code: Mapped[str] = mapped_column(String(12), primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    level: Mapped[str] = mapped_column(String(16))
    parent_code: Mapped[str | None] = mapped_column(ForeignKey("regions.code"), index=True)
    relatively_poor: Mapped[bool] = mapped_column(Boolean, default=False)
    old_revolutionary_base: Mapped[bool] = mapped_column(Boolean, default=False)
    central_soviet_area: Mapped[bool] = mapped_column(Boolean, default=False)
    ethnic_minority_area: Mapped[bool] = mapped_column(Boolean, default=False)
    tidy_village: Mapped[bool] = mapped_column(Boolean, default=False)
    next_household_serial: Mapped[int] = mapped_column(Integer, default=1)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    natural_villages: Mapped[list[NaturalVillage]] = relationship(
        back_populates="village", order_by="NaturalVillage.name")
    # Written only by the village-exit procedure; read here so a region shows when it exited.
    exit_record: Mapped[VillageExit | None] = relationship(lazy="selectin", viewonly=True)
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012

    @property
    def exited_on(self) -> date | None:
        """Return the day the village exited (出列), if it has."""
        return self.exit_record.exited_on if self.exit_record else None


class NaturalVillage(Base):
    """A natural village (自然村) inside an administrative village."""

    __tablename__ = "natural_villages"
    __table_args__ = (UniqueConstraint("village_code", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    village_code: Mapped[str] = mapped_column(ForeignKey("regions.code"), index=True)
    name: Mapped[str] = mapped_column(String(64))
    households: Mapped[int] = mapped_column(Integer)
    hardened_road: Mapped[bool] = mapped_column(Boolean)

    village: Mapped[Region] = relationship(back_populates="natural_villages")


class Household(Base):
    """A registered poor household (建档立卡户)."""

    __tablename__ = "households"
    __table_args__ = (
        Index("ix_households_region_status", "region_code", "status"),
        Index("ix_households_county_status", "county_code", "status"),
        # The lists' keyset order inside a region prefix, with and without a status filter.
        Index("ix_households_region_no", "region_code", "household_no"),
        Index("ix_households_status_region_no", "status", "region_code", "household_no"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    household_no: Mapped[str] = mapped_column(String(32), unique=True)
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"))
    county_code: Mapped[str] = mapped_column(String(6))
    address: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16), index=True)
    category: Mapped[str] = mapped_column(String(32))
    primary_cause: Mapped[str] = mapped_column(String(32))
    other_causes: Mapped[list[str]] = mapped_column(JSON, default=list)
    housing_grade: Mapped[str] = mapped_column(String(16))
    renovation_state: Mapped[str] = mapped_column(String(16))
    safe_drinking_water: Mapped[bool] = mapped_column(Boolean)
    helper_name: Mapped[str | None] = mapped_column(String(64))
    helper_subject: Mapped[str | None] = mapped_column(String(128))
    phone_enc: Mapped[bytes | None] = HOUSEHOLD_PHONE.column()
    bank_name: Mapped[str | None] = mapped_column(String(64))
    bank_account_enc: Mapped[bytes | None] = HOUSEHOLD_BANK_ACCOUNT.column()
    bank_account_hash: Mapped[str | None] = HOUSEHOLD_BANK_ACCOUNT.hash_column()
    exit_pathway: Mapped[str | None] = mapped_column(String(32))
    identified_on: Mapped[date | None] = mapped_column(Date)
    exited_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    members: Mapped[list[Member]] = relationship(
        back_populates="household", order_by="Member.seq", cascade="all, delete-orphan")
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class Member(Base):
    """A person in a household; one person is active in at most one household."""

    __tablename__ = "members"
    __table_args__ = (
        # The database itself refuses a second active membership, so two concurrent
        # requests cannot both put one person into two households.
        Index("uq_members_active_person", "id_number_hash", unique=True,
              sqlite_where=text("active = 1"), postgresql_where=text("active")),
        CheckConstraint("disability_grade IS NULL OR disability_grade BETWEEN 1 AND 4",
                        name="disability_grade_range"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    household_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("households.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(64), index=True)
    id_number_enc: Mapped[bytes] = MEMBER_ID_NUMBER.column()
    id_number_hash: Mapped[str] = MEMBER_ID_NUMBER.hash_column()
    sex: Mapped[str] = mapped_column(String(8))
    birth_date: Mapped[date] = mapped_column(Date)
    relation: Mapped[str] = mapped_column(String(16))
    education: Mapped[str] = mapped_column(String(24))
    schooling: Mapped[str] = mapped_column(String(24))
    health_status: Mapped[str] = mapped_column(String(24))
    illness_enc: Mapped[bytes | None] = MEMBER_ILLNESS.column()
    disability_grade: Mapped[int | None] = mapped_column(Integer)
    disability_card_enc: Mapped[bytes | None] = MEMBER_DISABILITY_CARD.column()
    labour_capacity: Mapped[str] = mapped_column(String(16))
    pension_insured: Mapped[bool] = mapped_column(Boolean)
    medical_insured: Mapped[bool] = mapped_column(Boolean)
    critical_illness_insured: Mapped[bool] = mapped_column(Boolean)
    employment: Mapped[str] = mapped_column(String(24))
    phone_enc: Mapped[bytes | None] = MEMBER_PHONE.column()
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    left_on: Mapped[date | None] = mapped_column(Date)
    left_reason: Mapped[str | None] = mapped_column(String(24))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    household: Mapped[Household] = relationship(back_populates="members")


class HouseholdStatusChange(Base):
    """One lifecycle transition of a household: never overwritten, only appended."""

    __tablename__ = "household_status_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    household_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("households.id"), index=True)
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    effective_on: Mapped[date] = mapped_column(Date)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(128))
    reason: Mapped[str | None] = mapped_column(Text)
    reference: Mapped[str | None] = mapped_column(String(128))


class IncomeRecord(Base):
    """A household's income for one year; a correction is a new revision, never an edit."""

    __tablename__ = "income_records"
    __table_args__ = (UniqueConstraint("household_id", "year", "revision"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    household_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("households.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    revision: Mapped[int] = mapped_column(Integer)
    wages: Mapped[Decimal] = mapped_column(Money)
    production_business: Mapped[Decimal] = mapped_column(Money)
    property_income: Mapped[Decimal] = mapped_column(Money)
    transfer_income: Mapped[Decimal] = mapped_column(Money)
    production_costs: Mapped[Decimal] = mapped_column(Money)
    household_size: Mapped[int] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    recorded_by: Mapped[str] = mapped_column(String(128))
