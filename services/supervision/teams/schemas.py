"""Request and response bodies of work teams."""

from __future__ import annotations

import uuid
from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from services.supervision.codes import TeamRole
from shared.schemas import PastDate, RegionCode, StrictModel


class WorkTeamCreate(StrictModel):
    """A work team sent to a village (驻村工作队)."""

    village_code: RegionCode = Field(description="驻村行政村代码", examples=["441882100201"])
    sending_unit: str = Field(min_length=1, max_length=128, description="派出单位", examples=["清远市财政局"])
    formed_on: PastDate = Field(description="进驻日期", examples=["2018-04-01"])


class PostingCreate(StrictModel):
    """An official taking a vacant role in a team (驻村任职)."""

    official_id: uuid.UUID = Field(description="干部标识")
    role: TeamRole = Field(description="岗位", examples=["first_secretary"])
    started_on: PastDate = Field(description="任期开始日期", examples=["2018-04-01"])


class HandoverCreate(StrictModel):
    """A hand-over from the outgoing term to an incoming official, same role, same day (新老交接)."""

    outgoing_posting_id: uuid.UUID = Field(description="原任期标识")
    incoming_official_id: uuid.UUID = Field(description="接任干部标识")
    handed_over_on: PastDate = Field(description="交接日期", examples=["2018-12-20"])
    note: str = Field(
        min_length=1,
        max_length=2000,
        description="交接事项",
        examples=["移交帮扶台账、在建项目清单和贫困户联系表"],
    )


class PostingEnd(StrictModel):
    """The end of a term without a successor (召回、期满)."""

    ended_on: PastDate = Field(description="任期结束日期", examples=["2019-12-31"])


class PostingRead(BaseModel):
    """One official's term in a team (任期)."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID = Field(description="任期标识")
    official_id: uuid.UUID = Field(description="干部标识")
    role: TeamRole = Field(description="岗位")
    started_on: date = Field(description="任期开始日期")
    ended_on: date | None = Field(description="任期结束日期; null while serving")
    predecessor_id: uuid.UUID | None = Field(description="前任任期标识 (交接自)")
    handover_note: str | None = Field(description="交接事项")


class WorkTeamRead(BaseModel):
    """A work team with its terms, oldest first (驻村工作队)."""

    id: uuid.UUID = Field(description="工作队标识")
    village_code: str = Field(description="驻村行政村代码")
    sending_unit: str = Field(description="派出单位")
    formed_on: date = Field(description="进驻日期")
    first_secretary_id: uuid.UUID | None = Field(description="在任第一书记的干部标识; null when vacant")
    postings: list[PostingRead] = Field(description="任期")
    version: int = Field(description="版本号 (ETag)")
