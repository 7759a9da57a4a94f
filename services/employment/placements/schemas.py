"""Bodies of placements and their steps."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from pydantic import BaseModel, Field

from services.employment.codes import CloseReason, LeaveReason, PlacementState
from shared.schemas import PastDate, StrictModel


class PlacementCreate(StrictModel):
    """Recommend a person for a position: the pair must meet every hard constraint (推荐)."""

    member_id: uuid.UUID = Field(description="成员标识")
    position_id: uuid.UUID = Field(description="岗位标识")
    on: PastDate = Field(description="推荐日期")


class StepOn(StrictModel):
    """A step taken on a day (报名、录用)."""

    on: PastDate = Field(description="日期")


class Start(StrictModel):
    """The person started work (上岗)."""

    started_on: PastDate = Field(description="上岗日期")


class Close(StrictModel):
    """The placement ends before work begins (未成功)."""

    on: PastDate = Field(description="日期")
    reason: CloseReason = Field(description="原因")


class Leave(StrictModel):
    """The person left the job (离岗)."""

    on: PastDate = Field(description="离岗日期")
    reason: LeaveReason = Field(description="离岗原因")


class FollowUpCreate(StrictModel):
    """A follow-up 3 or 6 months after starting work (跟踪回访)."""

    month: Annotated[int, Field(ge=3, le=6, description="上岗后第几个月 (3 or 6)")]
    on: PastDate = Field(description="回访日期 (not before it falls due)")
    still_employed: bool = Field(description="仍在岗")
    reason: LeaveReason | None = Field(None, description="不在岗的原因; required when not still employed")
    note: Annotated[str | None, Field(max_length=200, description="备注")] = None


class FollowUpRead(BaseModel):
    """A recorded follow-up."""

    month: int = Field(description="上岗后第几个月")
    due_on: date = Field(description="到期日")
    followed_on: date = Field(description="回访日期")
    still_employed: bool = Field(description="仍在岗")
    reason: LeaveReason | None = Field(description="不在岗的原因")
    note: str | None = Field(description="备注")


class PlacementRead(BaseModel):
    """A placement and its dates (就业推荐)."""

    id: uuid.UUID = Field(description="标识")
    member_id: uuid.UUID = Field(description="成员标识")
    position_id: uuid.UUID = Field(description="岗位标识")
    region_code: str = Field(description="劳动力所在村")
    state: PlacementState = Field(description="状态")
    score: int = Field(description="推荐时的匹配得分")
    recommended_on: date = Field(description="推荐日期")
    applied_on: date | None = Field(description="报名日期")
    hired_on: date | None = Field(description="录用日期")
    started_on: date | None = Field(description="上岗日期")
    ended_on: date | None = Field(description="结束日期")
    end_reason: str | None = Field(description="结束原因")
    follow_ups_due: dict[int, date] = Field(description="回访到期日, by month; empty until work starts")
    follow_ups: list[FollowUpRead] = Field(description="已回访")
    version: int = Field(description="版本")
