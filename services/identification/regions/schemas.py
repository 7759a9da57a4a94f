"""Response bodies of regions."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from services.identification.codes import RegionLevel
from shared.schemas import StrictModel


class NaturalVillageRead(BaseModel):
    """A natural village (自然村)."""

    model_config = ConfigDict(from_attributes=True)

    id: int = Field(description="自然村标识")
    name: str = Field(description="自然村名称")
    households: int = Field(description="户数")
    hardened_road: bool = Field(description="通硬底化路")


class RegionRead(BaseModel):
    """A region with its attributes (区划)."""

    model_config = ConfigDict(from_attributes=True)

    code: str = Field(description="12位统计用区划代码")
    name: str = Field(description="名称")
    level: RegionLevel = Field(description="层级")
    parent_code: str | None = Field(description="上级区划代码")
    relatively_poor: bool = Field(description="相对贫困村")
    old_revolutionary_base: bool = Field(description="革命老区")
    central_soviet_area: bool = Field(description="原中央苏区")
    ethnic_minority_area: bool = Field(description="少数民族地区")
    tidy_village: bool = Field(description="达到干净整洁村标准")
    exited_on: date | None = Field(None, description="出列日期; null until the village exits")
    version: int = Field(description="版本号 (ETag)")


class RegionDetail(RegionRead):
    """A region with its natural villages (villages only)."""

    natural_villages: list[NaturalVillageRead] = Field(description="自然村")


class RegionDesignationUpdate(StrictModel):
    """Province-level designations of a village (认定), changed by a policy administrator."""

    relatively_poor: bool | None = Field(None, description="相对贫困村")
    old_revolutionary_base: bool | None = Field(None, description="革命老区")
    central_soviet_area: bool | None = Field(None, description="原中央苏区")
    ethnic_minority_area: bool | None = Field(None, description="少数民族地区")


class RegionConditionUpdate(StrictModel):
    """Conditions of a village that county and town officials keep current."""

    tidy_village: bool | None = Field(None, description="达到干净整洁村标准")


class NaturalVillageWrite(StrictModel):
    """A natural village's household count and road status (自然村)."""

    name: str = Field(min_length=1, max_length=64, description="自然村名称")
    households: int = Field(ge=0, le=5000, description="户数")
    hardened_road: bool = Field(description="通硬底化路")
