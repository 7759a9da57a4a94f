"""Where visit targets are (村委会、户的位置) and the red flags the data raises by itself."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Float, Index, Integer, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from services.supervision.models.base import Base
from shared.types import UTCDateTime, utcnow


class TargetPlace(Base):
    """The position of a visit target: a region's office or a household's home (WGS-84)."""

    __tablename__ = "target_places"

    target_key: Mapped[str] = mapped_column(String(36), primary_key=True)  # region code or household id
    target_kind: Mapped[str] = mapped_column(String(16))
    latitude: Mapped[float] = mapped_column(Float)
    longitude: Mapped[float] = mapped_column(Float)
    recorded_by: Mapped[str] = mapped_column(String(128))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class RedFlag(Base):
    """A red flag: a visit far from its target, an impossible journey, a household not visited."""

    __tablename__ = "red_flags"
    __table_args__ = (Index("ix_red_flags_region_raised", "region_code", "raised_at"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    # What the flag is about, once: a second detection of the same thing raises nothing new.
    dedup_key: Mapped[str] = mapped_column(String(160), unique=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    region_code: Mapped[str] = mapped_column(String(12))
    official_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, index=True)
    visit_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    other_visit_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    household_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON)
    raised_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
