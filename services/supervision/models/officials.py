"""Officials of the five levels, village work teams and their postings (驻村工作队、第一书记)."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, Uuid, text
from sqlalchemy.orm import Mapped, mapped_column

from services.supervision.models.base import Base
from shared.types import UTCDateTime, utcnow


class Official(Base):
    """An official at one of the five levels, with a post in a region (五级书记及干部)."""

    __tablename__ = "officials"
    __table_args__ = (
        # One serving party secretary per region and level: appointing a second is a conflict.
        Index(
            "ix_officials_one_secretary",
            "region_code",
            "level",
            unique=True,
            sqlite_where=text("post = 'party_secretary' AND left_on IS NULL"),
            postgresql_where=text("post = 'party_secretary' AND left_on IS NULL"),
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(String(64))
    level: Mapped[str] = mapped_column(String(16))
    post: Mapped[str] = mapped_column(String(24))
    region_code: Mapped[str] = mapped_column(String(12), index=True)
    subject: Mapped[str | None] = mapped_column(String(128), unique=True)
    appointed_on: Mapped[date] = mapped_column(Date)
    left_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class WorkTeam(Base):
    """A village work team (驻村工作队) sent by a unit to a village; its members rotate."""

    __tablename__ = "work_teams"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    village_code: Mapped[str] = mapped_column(String(12), unique=True)
    sending_unit: Mapped[str] = mapped_column(String(128))
    formed_on: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class TeamPosting(Base):
    """One official's term in a work team; a hand-over ends one term and starts its successor."""

    __tablename__ = "team_postings"
    __table_args__ = (
        # One serving first secretary per team, and each official serves in one team at a time.
        Index(
            "ix_team_postings_one_first_secretary",
            "team_id",
            unique=True,
            sqlite_where=text("role = 'first_secretary' AND ended_on IS NULL"),
            postgresql_where=text("role = 'first_secretary' AND ended_on IS NULL"),
        ),
        Index(
            "ix_team_postings_one_team_each",
            "official_id",
            unique=True,
            sqlite_where=text("ended_on IS NULL"),
            postgresql_where=text("ended_on IS NULL"),
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    team_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("work_teams.id"), index=True)
    official_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("officials.id"), index=True)
    role: Mapped[str] = mapped_column(String(24))
    started_on: Mapped[date] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)
    predecessor_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("team_postings.id"))
    handover_note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
