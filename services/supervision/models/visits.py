"""Visits (遍访) recorded on cadres' phones, stored once per client-generated id."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, Index, LargeBinary, String, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from services.supervision.models.base import Base
from shared.personal import PersonalField
from shared.types import UTCDateTime, utcnow

# What a cadre found in a household can name illness or family troubles: sealed, shown only with pii:read.
VISIT_FINDINGS = PersonalField("visit.findings", None)


class Visit(Base):
    """One visit: who, whom, when, where (GPS), what was found and what follows."""

    __tablename__ = "visits"
    __table_args__ = (
        UniqueConstraint("official_id", "client_id"),
        Index("ix_visits_household_level", "household_id", "official_level", "visited_at"),
        Index("ix_visits_target_level", "target_region", "official_level", "visited_at"),
        Index("ix_visits_official_time", "official_id", "visited_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    client_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    official_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("officials.id"))
    # The official's level and region when the visit was made: coverage counts by them.
    official_level: Mapped[str] = mapped_column(String(16))
    official_region: Mapped[str] = mapped_column(String(12))
    official_post: Mapped[str] = mapped_column(String(24))
    target_kind: Mapped[str] = mapped_column(String(16))
    target_region: Mapped[str] = mapped_column(String(12))
    household_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    visited_at: Mapped[datetime] = mapped_column(UTCDateTime)
    latitude: Mapped[float] = mapped_column(Float)
    longitude: Mapped[float] = mapped_column(Float)
    findings_enc: Mapped[bytes] = mapped_column(LargeBinary, info={"personal": VISIT_FINDINGS})
    follow_ups: Mapped[list[Any]] = mapped_column(JSON)
    photos: Mapped[list[Any]] = mapped_column(JSON)
    content_hash: Mapped[str] = mapped_column(String(64))
    recorded_by: Mapped[str] = mapped_column(String(128))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
