"""Micro-credit (扶贫小额信贷, §21, §32): loans to registered households, renewals, actual use."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import BigInteger, CheckConstraint, Date, ForeignKey, Integer, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from services.funds.models.base import Base
from shared.crypto import mask_id_number
from shared.personal import ID_NUMBER_LOOKUP, PersonalField
from shared.types import UTCDateTime, utcnow

# The lookup context is the register's own, so a borrower's hash finds the replica's members.
BORROWER_ID = PersonalField("funds.loan.borrower_id", mask_id_number, lookup=ID_NUMBER_LOOKUP)


class Loan(Base):
    """A micro-credit loan to a registered household; a renewal is a new loan naming the one it renews."""

    __tablename__ = "loans"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    household_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    region_code: Mapped[str] = mapped_column(String(12), index=True)
    borrower_enc: Mapped[bytes] = BORROWER_ID.column()
    borrower_hash: Mapped[str] = BORROWER_ID.hash_column()
    lender: Mapped[str] = mapped_column(String(64))
    purpose: Mapped[str] = mapped_column(String(24))
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    term_months: Mapped[int] = mapped_column(Integer)
    issued_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), index=True)
    renews_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("loans.id"), unique=True)
    actual_use: Mapped[str | None] = mapped_column(String(24))
    repaid_on: Mapped[date | None] = mapped_column(Date)
    recorded_by: Mapped[str] = mapped_column(String(128))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    __table_args__ = (
        CheckConstraint("amount_fen > 0", name="amount_positive"),
        CheckConstraint("term_months > 0", name="term_positive"),
        CheckConstraint("issued_on < due_on", name="dates_in_order"),
    )
