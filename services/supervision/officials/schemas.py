"""Request and response bodies of officials."""

from __future__ import annotations

import uuid
from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from services.supervision.catalogue import RESERVE_RATIO
from services.supervision.codes import OfficialLevel, Post
from shared.schemas import PastDate, RegionCode, StrictModel


class OfficialCreate(StrictModel):
    """An official to register: level, post and the region served (干部)."""

    name: str = Field(min_length=1, max_length=64, description="姓名", examples=["李明"])
    level: OfficialLevel = Field(description="层级", examples=["county"])
    post: Post = Field(description="职务", examples=["party_secretary"])
    region_code: RegionCode = Field(description="所辖区划代码 (12位, 与层级一致)", examples=["441882000000"])
    subject: str | None = Field(
        None,
        min_length=1,
        max_length=128,
        description="登录账号 (令牌的 sub), so the official records visits as themselves",
        examples=["lim-441882"],
    )
    appointed_on: PastDate = Field(description="任职日期", examples=["2018-03-01"])


class OfficialLeave(StrictModel):
    """The day an official leaves the post (离任)."""

    left_on: PastDate = Field(description="离任日期", examples=["2019-12-31"])


class OfficialRead(BaseModel):
    """An official (干部)."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID = Field(description="干部标识")
    name: str = Field(description="姓名")
    level: OfficialLevel = Field(description="层级")
    post: Post = Field(description="职务")
    region_code: str = Field(description="所辖区划代码")
    subject: str | None = Field(description="登录账号")
    appointed_on: date = Field(description="任职日期")
    left_on: date | None = Field(description="离任日期; null while serving")
    version: int = Field(description="版本号 (ETag)")


class ReserveRow(BaseModel):
    """A relatively poor village's reserve of party secretaries against the 1:2 rule (后备干部储备)."""

    village_code: str = Field(description="行政村代码")
    village_name: str = Field(description="行政村名称")
    secretary: str | None = Field(description="在任村党组织书记姓名; null when none is registered")
    reserve: int = Field(description="后备人选数")
    required: int = Field(description="按1∶2应储备人数")
    meets: bool = Field(description=f"达到1∶2比例 (rule {RESERVE_RATIO.code})")
