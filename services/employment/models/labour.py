"""What employment records itself about a member of the labour force (the rest is the replica's)."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Boolean, Integer, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from services.employment.models.base import Base
from shared.types import Money, UTCDateTime, utcnow


class Labourer(Base):
    """A registered labourer: skills, certificates, schooling, willingness, places, wage, employment."""

    __tablename__ = "labourers"

    member_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    household_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    skills: Mapped[list[str]] = mapped_column(JSON, default=list)
    certificates: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    education: Mapped[str | None] = mapped_column(String(24))
    wants_work: Mapped[bool] = mapped_column(Boolean)
    wants_training: Mapped[bool] = mapped_column(Boolean)
    places: Mapped[list[str]] = mapped_column(JSON, default=list)
    wage_expectation: Mapped[Decimal | None] = mapped_column(Money)
    employment: Mapped[str] = mapped_column(String(24))
    registered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    registered_by: Mapped[str] = mapped_column(String(128))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
