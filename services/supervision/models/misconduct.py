"""Misconduct leads in the poverty field (§31) and the credit blacklist (失信人员名单, §13)."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, LargeBinary, String, Text, Uuid, text
from sqlalchemy.orm import Mapped, mapped_column

from services.supervision.models.base import Base
from shared.crypto import mask_id_number
from shared.personal import ID_NUMBER_LOOKUP, PersonalField
from shared.types import UTCDateTime, utcnow

# A lead's account names people and what they are suspected of: sealed, shown only with pii:read.
LEAD_SUMMARY = PersonalField("lead.summary", None)
BLACKLIST_ID_NUMBER = PersonalField("blacklist.id_number", mask_id_number, lookup=ID_NUMBER_LOOKUP)


class MisconductLead(Base):
    """A lead of misconduct (问题线索): its kind, where, about whom, and how far its handling has come."""

    __tablename__ = "misconduct_leads"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    kind: Mapped[str] = mapped_column(String(24), index=True)
    source: Mapped[str] = mapped_column(String(16))
    region_code: Mapped[str] = mapped_column(String(12), index=True)
    official_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("officials.id"))
    red_flag_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("red_flags.id"))
    summary_enc: Mapped[bytes] = mapped_column(LargeBinary, info={"personal": LEAD_SUMMARY})
    received_on: Mapped[date] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(16))
    outcome_note: Mapped[str | None] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class BlacklistEntry(Base):
    """A person on the credit blacklist by a decision, for a term; appealed, lifted after the term."""

    __tablename__ = "blacklist_entries"
    __table_args__ = (
        # One standing entry per person and reason: listing the same person again for it is a conflict.
        Index(
            "ix_blacklist_entries_one_standing",
            "id_number_hash",
            "reason",
            unique=True,
            sqlite_where=text("lifted_on IS NULL"),
            postgresql_where=text("lifted_on IS NULL"),
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    id_number_enc: Mapped[bytes] = mapped_column(LargeBinary, info={"personal": BLACKLIST_ID_NUMBER})
    id_number_hash: Mapped[str] = mapped_column(
        String(64), index=True, info={"lookup_of": BLACKLIST_ID_NUMBER}
    )
    reason: Mapped[str] = mapped_column(String(24))
    region_code: Mapped[str] = mapped_column(String(12), index=True)
    decision_reference: Mapped[str] = mapped_column(String(128))
    decided_on: Mapped[date] = mapped_column(Date)
    listed_until: Mapped[date] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(16))
    appeal_grounds: Mapped[str | None] = mapped_column(Text)
    appeal_filed_on: Mapped[date | None] = mapped_column(Date)
    appeal_decision_reference: Mapped[str | None] = mapped_column(String(128))
    lifted_on: Mapped[date | None] = mapped_column(Date)
    lift_reason: Mapped[str | None] = mapped_column(String(16))
    recorded_by: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
