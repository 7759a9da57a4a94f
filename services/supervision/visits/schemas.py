"""Request and response bodies of visits and their coverage."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, WithJsonSchema

from services.supervision.codes import OfficialLevel, TargetKind, VisitOutcome
from shared.schemas import RegionCode, StrictModel

BATCH_MAX = 500  # records a batch; a phone holding more sends several batches

_VISIT_EXAMPLE = {
    "client_id": "3f1c2a9e-8b7d-4c61-9e0f-1a2b3c4d5e6f",
    "official_id": "0b6f3c1e-2d4a-4e8b-9c7d-5a6b7c8d9e0f",
    "target_kind": "household",
    "household_id": "7d2e4f60-1a3b-4c5d-8e9f-0a1b2c3d4e5f",
    "target_code": None,
    "visited_at": "2019-05-12T10:30:00+08:00",
    "latitude": 24.7805,
    "longitude": 112.3822,
    "findings": "住房安全，子女均在校就读。",
    "follow_ups": ["协助申请产业奖补"],
    "photos": ["photos/2019/05/12/0001.jpg"],
}


class VisitRecord(StrictModel):
    """One visit as a phone recorded it, offline (遍访记录)."""

    model_config = ConfigDict(json_schema_extra={"examples": [_VISIT_EXAMPLE]})

    client_id: uuid.UUID = Field(
        description="客户端生成的记录标识: the same id sent again stores nothing new"
    )
    official_id: uuid.UUID = Field(description="遍访干部标识")
    target_kind: TargetKind = Field(description="遍访对象类型")
    household_id: uuid.UUID | None = Field(None, description="贫困户标识 (target_kind=household)")
    target_code: RegionCode | None = Field(None, description="县、镇或村的区划代码 (other target kinds)")
    visited_at: AwareDatetime = Field(description="遍访时间 (带时区)")
    latitude: float = Field(ge=-90, le=90, description="纬度 (WGS-84)")
    longitude: float = Field(ge=-180, le=180, description="经度 (WGS-84)")
    findings: str = Field(min_length=1, max_length=4000, description="发现的情况 (sealed; pii:read to read)")
    follow_ups: list[Annotated[str, Field(min_length=1, max_length=500)]] = Field(
        default_factory=list, max_length=20, description="后续措施"
    )
    photos: list[Annotated[str, Field(min_length=1, max_length=256)]] = Field(
        default_factory=list, max_length=20, description="照片引用 (文件存储中的键)"
    )


# Each item is validated on its own, so one bad record cannot refuse the good ones: the batch takes any
# object, and the answer says of each whether it was a VisitRecord (the schema of record-schema).
BatchItem = Annotated[dict[str, Any], WithJsonSchema({
    "type": "object", "description": "a visit record, checked on its own as a VisitRecord (POST "
    "/api/v1/visits/record-schema checks one): one that is not is answered `rejected` with its errors"})]


class VisitBatch(StrictModel):
    """Visits sent together after being recorded offline (离线批量上传)."""

    visits: list[BatchItem] = Field(
        min_length=1,
        max_length=BATCH_MAX,
        description="遍访记录, each a VisitRecord",
        examples=[[_VISIT_EXAMPLE]],
    )


class ItemError(BaseModel):
    """Why one record was not stored (原因)."""

    field: str = Field(description="字段", examples=["visited_at"])
    code: str = Field(description="原因代码", examples=["visit_in_future"])
    message: str = Field(description="原因说明 (Accept-Language)", examples=["The visit is in the future"])
    rule: str | None = Field(description="规则代码 (GET /api/v1/policy/rules/{code}); null when the reason "
                             "applies no catalogue rule", examples=["supervision.visit.plausible"])


class ItemResult(BaseModel):
    """What became of one record of a batch (处理结果)."""

    index: int = Field(description="记录在批次中的位置 (0起)")
    client_id: uuid.UUID | None = Field(description="客户端记录标识; null when it was unreadable")
    outcome: VisitOutcome = Field(description="处理结果")
    visit_id: uuid.UUID | None = Field(description="遍访记录标识; null when rejected")
    errors: list[ItemError] = Field(description="未保存的原因")


class BatchResult(BaseModel):
    """The outcome of a batch: each record stored, already stored, or rejected with its reasons."""

    received: int = Field(description="收到记录数")
    created: int = Field(description="新保存数")
    duplicates: int = Field(description="重复提交数 (已保存过)")
    rejected: int = Field(description="未保存数")
    results: list[ItemResult] = Field(description="逐条结果, in the batch's order")


class VisitRead(BaseModel):
    """A stored visit (遍访记录)."""

    id: uuid.UUID = Field(description="遍访记录标识")
    client_id: uuid.UUID = Field(description="客户端记录标识")
    official_id: uuid.UUID = Field(description="遍访干部标识")
    official_level: OfficialLevel = Field(description="干部层级")
    target_kind: TargetKind = Field(description="遍访对象类型")
    target_region: str = Field(description="对象所在区划代码")
    household_id: uuid.UUID | None = Field(description="贫困户标识")
    visited_at: datetime = Field(description="遍访时间")
    latitude: float = Field(description="纬度")
    longitude: float = Field(description="经度")
    findings: str | None = Field(description="发现的情况; null unless pii:read")
    follow_ups: list[str] = Field(description="后续措施")
    photos: list[str] = Field(description="照片引用")
    received_at: datetime = Field(description="接收时间")


class CoverageRow(BaseModel):
    """One responsible region's coverage of its visit targets in the period (遍访覆盖)."""

    region_code: str = Field(description="责任区划代码 (the secretary's region)")
    targets: int = Field(description="应遍访对象数")
    visited: int = Field(description="已遍访对象数")
    not_visited: int = Field(description="未遍访对象数")


class CoverageReport(BaseModel):
    """Coverage of one level's targets in a region and period (遍访覆盖情况)."""

    level: OfficialLevel = Field(description="书记层级")
    target_kind: TargetKind = Field(description="遍访对象类型")
    region_prefix: str = Field(description="区划范围")
    period_start: date = Field(description="期间开始")
    period_end: date = Field(description="期间结束 (含)")
    targets: int = Field(description="应遍访对象数")
    visited: int = Field(description="已遍访对象数")
    rows: list[CoverageRow] = Field(description="按责任区划")


class UnvisitedTarget(BaseModel):
    """A target its level's secretary has not visited in the period (未遍访对象)."""

    target_kind: TargetKind = Field(description="对象类型")
    target_id: str = Field(description="户标识或区划代码")
    label: str = Field(description="户编号或区划名称")
    region_code: str = Field(description="对象所在区划代码")
    responsible_region: str = Field(description="责任区划代码")
