"""Request and response bodies of department cross-checks (部门数据比对)."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

from services.identification.codes import CrossCheckKind
from shared.schemas import StrictModel

MAX_ROWS = 20000
MAX_DETAILS = 20


class DepartmentRow(StrictModel):
    """One person on a department's list; the ID number is hashed, compared, and never kept."""

    id_number: str = Field(max_length=32, description="公民身份号码 (never stored or echoed)")
    details: dict[str, str] = Field(default_factory=dict, description="部门登记情况, e.g. 死亡日期、车牌",
                                    json_schema_extra={"maxProperties": MAX_DETAILS,
                                                       "propertyNames": {"maxLength": 64},
                                                       "additionalProperties": {"type": "string",
                                                                                "maxLength": 200}})

    @field_validator("details")
    @classmethod
    def _small(cls, value: dict[str, str]) -> dict[str, str]:
        if len(value) > MAX_DETAILS or any(len(k) > 64 or len(v) > 200 for k, v in value.items()):
            raise PydanticCustomError("details_too_large",
                                      "details holds at most 20 keys of 64 and values of 200 characters",
                                      {"zh": "情况最多20项，键不超过64字，值不超过200字"})
        return value


class CrossCheckCreate(StrictModel):
    """A department's list to compare with the register (部门数据比对)."""

    department: str = Field(min_length=2, max_length=64, description="数据来源部门")
    kind: CrossCheckKind = Field(description="比对类型")
    rows: list[DepartmentRow] = Field(min_length=1, max_length=MAX_ROWS, description="名单")


class CrossCheckRead(BaseModel):
    """The outcome of a comparison: counts only, never the ID numbers."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID = Field(description="标识")
    department: str = Field(description="数据来源部门")
    kind: CrossCheckKind = Field(description="比对类型")
    region_code: str = Field(description="比对范围 (区划代码前缀)")
    row_count: int = Field(description="名单行数")
    matched_count: int = Field(description="比中在册成员的行数")
    unmatched_count: int = Field(description="未比中行数 (not stored)")
    invalid_count: int = Field(description="身份证号码无效的行数")
    new_case_count: int = Field(description="新生成案件数")
    imported_by: str = Field(description="比对人")
    imported_at: datetime = Field(description="比对时间")


class CrossCheckResult(CrossCheckRead):
    """The comparison just made, with the row numbers (1-based) whose ID number was invalid."""

    invalid_rows: list[int] = Field(description="无效行号 (first 1000)")
