"""Bodies of coverage: shares against the 100% targets by region, and the people behind each gap."""

from __future__ import annotations

import uuid

from pydantic import BaseModel, Field

from shared.codes import Labeled


class Level(Labeled):
    """The level regions are grouped at (汇总层级)."""

    CITY = "city", "市"
    COUNTY = "county", "县"
    TOWN = "town", "乡镇"
    VILLAGE = "village", "村"


class Gap(Labeled):
    """Which target a gap is of (缺口类别)."""

    TRAINING = "training", "培训"
    SERVICES = "services", "就业服务"


class CoverageRow(BaseModel):
    """One region's coverage against the two 100% targets (覆盖情况)."""

    region_code: str = Field(description="区划代码")
    unregistered: int = Field(description="未登记就业信息的劳动力 (willingness unknown)")
    willing_to_train: int = Field(description="有培训意愿")
    trained: int = Field(description="其中已结业")
    training_share: str = Field(description="培训覆盖率 (4 places)", examples=["0.7500"])
    training_gap: int = Field(description="培训缺口人数")
    willing_to_work: int = Field(description="有就业意愿（均有劳动能力）")
    served: int = Field(description="其中已享受一对一就业服务")
    services_share: str = Field(description="就业服务覆盖率 (4 places)", examples=["1.0000"])
    services_gap: int = Field(description="就业服务缺口人数")
    target_share: str = Field(description="目标 (rule employment.coverage.targets)", examples=["1.0000"])


class GapPerson(BaseModel):
    """A person behind a gap: no name or ID number, age instead of birth date (缺口人员)."""

    member_id: uuid.UUID = Field(description="成员标识")
    household_no: str = Field(description="户编号")
    region_code: str = Field(description="所在村代码")
    age: int = Field(description="年龄")
    has_counsellor: bool = Field(description="已有帮扶专人")
    enrolled: bool = Field(description="已报名培训（未结业）")
