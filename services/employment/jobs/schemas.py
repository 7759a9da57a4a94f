"""Bodies of employers and positions, as sent and as read."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from pydantic import AfterValidator, BaseModel, Field, WithJsonSchema, field_validator
from pydantic_core import PydanticCustomError
from stdnum.cn import uscc
from stdnum.exceptions import InvalidChecksum, InvalidLength, ValidationError

from services.employment.codes import (
    Education,
    EmployerKind,
    HealthRequirement,
    PositionKind,
    PositionState,
    PublicWelfareKind,
    Skill,
)
from shared.schemas import MoneyStr, StrictModel, not_null, relation

PLACE_PATTERN = r"^(\d{6}|\d{9}|\d{12})$"
TARGET_PATTERN = r"^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$"
# The youngest anyone may be hired (Labour Law art. 15); the oldest limit a position may set.
YOUNGEST, OLDEST = 16, 70
_AFTER_START = relation("starts_on", "not before", "period_inverted")


def _credit_code(value: str) -> str:
    """Validate a unified social credit code (GB 32100) with python-stdnum; return it compact."""
    try:
        return uscc.validate(value)
    except InvalidChecksum as exc:
        raise PydanticCustomError("credit_code_checksum", "The credit code's check character is wrong",
                                  {"zh": "统一社会信用代码校验码错误"}) from exc
    except InvalidLength as exc:
        raise PydanticCustomError("credit_code_length", "A credit code has 18 characters",
                                  {"zh": "统一社会信用代码应为18位"}) from exc
    except ValidationError as exc:
        raise PydanticCustomError("credit_code_format", "The credit code has characters it cannot hold",
                                  {"zh": "统一社会信用代码含有无效字符"}) from exc


# The check character is what only the format (gb32100) can name; the pattern states the rest.
CreditCode = Annotated[str, Field(max_length=24, description="统一社会信用代码 (GB 32100)",
                                  examples=["91441882MA4W1XQ32D"]),
                       WithJsonSchema({"type": "string", "pattern": "^[0-9A-HJ-NPQRTUWXY]{18}$",
                                       "format": "gb32100", "examples": ["91441882MA4W1XQ32D"]},
                                      mode="validation"),
                       AfterValidator(_credit_code)]
PlaceCode = Annotated[str, Field(pattern=PLACE_PATTERN, description="工作地区划代码（县级或更细）",
                                 examples=["441882"])]
TargetCode = Annotated[str, Field(pattern=TARGET_PATTERN, description="定向发布地区代码",
                                  examples=["441882"])]
Title = Annotated[str, Field(min_length=1, max_length=100, description="岗位名称")]
Age = Annotated[int, Field(ge=YOUNGEST, le=OLDEST)]
Targets = Annotated[list[TargetCode], Field(max_length=8, description="定向发布地区; empty: open to all")]


class EmployerCreate(StrictModel):
    """Register an employer (用人单位登记)."""

    credit_code: CreditCode
    name: Annotated[str, Field(min_length=1, max_length=100, description="单位名称")]
    kind: EmployerKind = Field(description="单位类型")
    region_code: PlaceCode


class EmployerRead(BaseModel):
    """An employer (用人单位)."""

    id: uuid.UUID = Field(description="单位标识")
    credit_code: str = Field(description="统一社会信用代码")
    name: str = Field(description="单位名称")
    kind: EmployerKind = Field(description="单位类型")
    region_code: str = Field(description="所在地区划代码")
    version: int = Field(description="版本")


class _Terms(StrictModel):
    """Validation shared by a new position and a change of one."""

    @field_validator("required_skills", "target_regions", check_fields=False)
    @classmethod
    def _distinct(cls, values: list[str] | None) -> list[str] | None:
        return None if values is None else sorted(set(values))


class PositionCreate(_Terms):
    """Post a position: kind, place, wage, requirements, openings, period, target regions (岗位发布)."""

    employer_id: uuid.UUID = Field(description="用人单位标识")
    title: Title
    kind: PositionKind = Field(description="岗位类型")
    public_welfare_kind: PublicWelfareKind | None = Field(
        None, description="公益性岗位类别; required for public_welfare positions, null for others")
    region_code: PlaceCode
    monthly_wage: MoneyStr = Field(description="月工资（元）", examples=["3200.00"])
    required_skills: Annotated[list[Skill], Field(default_factory=list, max_length=10,
                                                  description="所需技能")]
    min_age: Age = Field(YOUNGEST, description="最低年龄")
    max_age: Age = Field(60, description="最高年龄")
    health: HealthRequirement = Field(HealthRequirement.ANY, description="健康要求")
    min_education: Education | None = Field(None, description="最低文化程度")
    openings: Annotated[int, Field(ge=1, le=10_000, description="岗位数")]
    starts_on: date = Field(description="开始日期")
    ends_on: date | None = Field(None, description="结束日期; null: open-ended",
                                 json_schema_extra=_AFTER_START)
    target_regions: Targets = Field(default_factory=list)


class PositionUpdate(_Terms):
    """Change a position's terms; absent fields stay as they are."""

    title: Title | None = None
    monthly_wage: MoneyStr | None = Field(None, description="月工资（元）")
    required_skills: Annotated[list[Skill] | None, Field(max_length=10, description="所需技能")] = None
    min_age: Age | None = Field(None, description="最低年龄")
    max_age: Age | None = Field(None, description="最高年龄")
    health: HealthRequirement | None = Field(None, description="健康要求")
    min_education: Education | None = Field(None, description="最低文化程度")
    openings: Annotated[int | None, Field(ge=1, le=10_000, description="岗位数 (not below those filled)")] \
        = None
    ends_on: date | None = Field(None, description="结束日期", json_schema_extra=_AFTER_START)
    target_regions: Targets | None = None
    state: PositionState | None = Field(None, description="岗位状态")

    _not_null = not_null("title", "monthly_wage", "required_skills", "min_age", "max_age", "health",
                         "openings", "target_regions", "state")


class PositionRead(BaseModel):
    """A position and how many of its openings are filled (岗位)."""

    id: uuid.UUID = Field(description="岗位标识")
    employer_id: uuid.UUID = Field(description="用人单位标识")
    employer_name: str = Field(description="用人单位名称")
    title: str = Field(description="岗位名称")
    kind: PositionKind = Field(description="岗位类型")
    public_welfare_kind: PublicWelfareKind | None = Field(description="公益性岗位类别")
    region_code: str = Field(description="工作地区划代码")
    monthly_wage: MoneyStr = Field(description="月工资（元）")
    required_skills: list[Skill] = Field(description="所需技能")
    min_age: int = Field(description="最低年龄")
    max_age: int = Field(description="最高年龄")
    health: HealthRequirement = Field(description="健康要求")
    min_education: Education | None = Field(description="最低文化程度")
    openings: int = Field(description="岗位数")
    filled: int = Field(description="已录用")
    starts_on: date = Field(description="开始日期")
    ends_on: date | None = Field(description="结束日期")
    target_regions: list[str] = Field(description="定向发布地区")
    state: PositionState = Field(description="岗位状态")
    version: int = Field(description="版本")
