"""What identification serves to replicas: non-personal register fields and the ID lookup hash."""

from __future__ import annotations

import uuid
from datetime import date

from pydantic import BaseModel, Field

from shared.schemas import RegionCode

LOOKUP_MAX = 1000


class ReplicaRegion(BaseModel):
    """A region as replicas keep it (区划)."""

    code: str = Field(description="区划代码", examples=["441882100201"])
    name: str = Field(description="名称", examples=["三古滩村"])
    level: str = Field(description="层级", examples=["village"])
    parent_code: str | None = Field(description="上级区划代码", examples=["441882100000"])
    relatively_poor: bool = Field(description="相对贫困村")
    exited_on: date | None = Field(description="出列日期")


class ReplicaMember(BaseModel):
    """A member without name, ID number or phone: the lookup hash finds a person (家庭成员)."""

    id: uuid.UUID = Field(description="成员标识")
    id_number_hash: str = Field(description="身份证号码查找哈希 (HMAC-SHA256, the suite's hash key)")
    birth_date: date = Field(description="出生日期")
    sex: str = Field(description="性别", examples=["male"])
    relation: str = Field(description="与户主关系", examples=["head"])
    labour_capacity: str = Field(description="劳动能力", examples=["normal"])
    health_status: str = Field(description="健康状况", examples=["healthy"])
    disability_grade: int | None = Field(description="残疾等级")
    active: bool = Field(description="在户")
    left_on: date | None = Field(description="减员日期")


class ReplicaHousehold(BaseModel):
    """A household with its members, as replicas keep it (建档立卡户)."""

    id: uuid.UUID = Field(description="户标识")
    household_no: str = Field(description="户编号", examples=["4418821002010001"])
    region_code: str = Field(description="所在村代码", examples=["441882100201"])
    status: str = Field(description="状态", examples=["identified"])
    category: str = Field(description="贫困户属性", examples=["general"])
    identified_on: date | None = Field(description="识别日期")
    exited_on: date | None = Field(description="脱贫日期")
    removed_on: date | None = Field(description="清退日期")
    removal_reason: str | None = Field(description="清退原因代码")
    version: int = Field(description="版本")
    members: list[ReplicaMember] = Field(description="家庭成员")


class ReplicaLookup(BaseModel):
    """Which households and regions to read, by id and code (at most 1,000 each)."""

    household_ids: list[uuid.UUID] = Field(default_factory=list, max_length=LOOKUP_MAX,
                                           description="户标识")
    region_codes: list[RegionCode] = Field(default_factory=list, max_length=LOOKUP_MAX,
                                    description="区划代码")


class ReplicaRows(BaseModel):
    """Rows as they are now, and the feed position they reflect at least (快照位置)."""

    feed_position: int = Field(description="every event up to this position is reflected in the rows")
    regions: list[ReplicaRegion] = Field(description="区划")
    households: list[ReplicaHousehold] = Field(description="户")
    next_cursor: str | None = Field(None, description="下一页游标; null on the last page or a lookup")
