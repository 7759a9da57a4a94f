"""Publicity (公告公示, §20): notices of projects' plans, allocations and completions, and objections."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import BigInteger, CheckConstraint, Date, ForeignKey, Index, Integer, String, Text, Uuid, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from services.funds.models.base import Base
from shared.crypto import mask_name, mask_phone
from shared.personal import PersonalField
from shared.types import UTCDateTime, utcnow

# A household head's name as a notice posts it (张*明 in public); the objector's name and contact.
NOTICE_HEAD_NAME = PersonalField("funds.notice.head_name", mask_name)
OBJECTOR_NAME = PersonalField("funds.objection.name", mask_name)
OBJECTOR_CONTACT = PersonalField("funds.objection.contact", mask_phone)

_PUBLISHED = "status = 'published'"


class Notice(Base):
    """A notice with its publicity period; a draft until published, then never changed.

    A correction is a new notice naming the one it supersedes; the partial unique index keeps at
    most one published (current) notice per project and kind, in the database itself.
    """

    __tablename__ = "notices"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    project_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("projects.id"), index=True)
    county_code: Mapped[str] = mapped_column(String(12), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(128))
    content: Mapped[str] = mapped_column(Text)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), index=True)
    supersedes_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("notices.id"), index=True)
    superseded_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("notices.id"))
    correction_reason: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_by: Mapped[str | None] = mapped_column(String(128))
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    lines: Mapped[list[NoticeLine]] = relationship(order_by="NoticeLine.line_no", lazy="selectin",
                                                   cascade="all, delete-orphan")
    __table_args__ = (
        CheckConstraint("starts_on <= ends_on", name="dates_in_order"),
        CheckConstraint("(status = 'draft') = (published_at IS NULL)", name="published_when_not_draft"),
        Index("uq_notices_current", "project_id", "kind", unique=True,
              sqlite_where=text(_PUBLISHED), postgresql_where=text(_PUBLISHED)),
    )
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class NoticeLine(Base):
    """One beneficiary household a notice lists: its village, head's name (encrypted) and amount."""

    __tablename__ = "notice_lines"

    notice_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("notices.id"), primary_key=True)
    line_no: Mapped[int] = mapped_column(Integer, primary_key=True)
    household_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    village_code: Mapped[str] = mapped_column(String(12))
    head_name_enc: Mapped[bytes] = NOTICE_HEAD_NAME.column()
    amount_fen: Mapped[int | None] = mapped_column(BigInteger)


class NoticeObjection(Base):
    """An objection to a published notice (异议) and its answer; the objector's data is encrypted."""

    __tablename__ = "objections"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    notice_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("notices.id"), index=True)
    county_code: Mapped[str] = mapped_column(String(12), index=True)
    channel: Mapped[str] = mapped_column(String(8))
    content: Mapped[str] = mapped_column(Text)
    objector_name_enc: Mapped[bytes | None] = OBJECTOR_NAME.column()
    contact_enc: Mapped[bytes | None] = OBJECTOR_CONTACT.column()
    status: Mapped[str] = mapped_column(String(12), index=True)
    recorded_by: Mapped[str] = mapped_column(String(128))
    recorded_on: Mapped[date] = mapped_column(Date)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    answer: Mapped[str | None] = mapped_column(Text)
    answered_by: Mapped[str | None] = mapped_column(String(128))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    __table_args__ = (
        CheckConstraint("(status = 'pending') = (answered_by IS NULL)", name="answered_when_decided"),
    )
