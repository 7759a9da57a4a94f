"""Request and response bodies of target places and red flags."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, computed_field

from services.supervision.codes import FlagKind, OfficialLevel, TargetKind
from services.supervision.flags.rules import FLAG_RULES
from shared.schemas import RegionPrefix, StrictModel


class PlaceWrite(StrictModel):
    """Where a visit target is: a region's office or a household's home (位置, WGS-84)."""

    target_kind: TargetKind = Field(description="对象类型", examples=["village"])
    latitude: float = Field(ge=-90, le=90, description="纬度", examples=[24.7805])
    longitude: float = Field(ge=-180, le=180, description="经度", examples=[112.3822])


class PlaceRead(BaseModel):
    """A target's recorded position (位置)."""

    model_config = ConfigDict(from_attributes=True)

    target_key: str = Field(description="区划代码或户标识")
    target_kind: TargetKind = Field(description="对象类型")
    latitude: float = Field(description="纬度")
    longitude: float = Field(description="经度")
    version: int = Field(description="版本号 (ETag)")


class MissedVisitScan(StrictModel):
    """A scan for poor households a level's secretary has not visited in a period (未遍访扫描)."""

    level: OfficialLevel = Field(description="书记层级 (town or village)", examples=["town"])
    start: date = Field(description="期间开始日期", examples=["2019-01-01"])
    end: date = Field(description="期间结束日期 (含)", examples=["2019-12-31"])
    region: RegionPrefix = Field(description="区划范围", examples=["441882"])


class ScanResult(BaseModel):
    """How many flags a scan raised, and how many it found already raised (扫描结果)."""

    raised: int = Field(description="新生成预警数")
    already_raised: int = Field(description="此前已生成的预警数")


class RedFlagRead(BaseModel):
    """A red flag the data raised (数据预警)."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID = Field(description="预警标识")
    kind: FlagKind = Field(description="预警类型")
    region_code: str = Field(description="所在区划代码")
    official_id: uuid.UUID | None = Field(description="相关干部标识")
    visit_id: uuid.UUID | None = Field(description="遍访记录标识")
    other_visit_id: uuid.UUID | None = Field(description="另一次遍访记录标识 (impossible_travel)")
    household_id: uuid.UUID | None = Field(description="贫困户标识")
    detail: dict[str, Any] = Field(description="依据 (距离、速度、期间等)")
    raised_at: datetime = Field(description="生成时间")

    @computed_field(
        description="规则代码 (GET /api/v1/policy/rules/{code})",
        examples=["supervision.flag.far_from_target"],
    )
    @property
    def rule(self) -> str:
        """The catalogue rule the flag applies."""
        return FLAG_RULES[self.kind]
