"""Request and response bodies of performance management."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError

from services.funds.codes import Direction, Grade
from services.funds.projects.schemas import CountyCode
from shared.schemas import StrictModel, decimal_schema, decimal_text, relation

IndicatorValue = Annotated[
    Decimal,
    Field(ge=Decimal("-999999999999.99"), le=Decimal("999999999999.99"), decimal_places=2, max_digits=14),
    decimal_schema(2, 12, signed=True),
    decimal_text(2),
]
Score = Annotated[Decimal, decimal_text(2)]


def _end_not_before_start(end: date, info: ValidationInfo) -> date:
    start = info.data.get("period_start")
    if start is not None and end < start:
        raise PydanticCustomError(
            "dates_out_of_order", "period_end is before period_start", {"zh": "期末日期早于期初日期"}
        )
    return end


class _Scope(StrictModel):
    """A project's or a county's: exactly one of project_id and region_code."""

    model_config = ConfigDict(json_schema_extra={"oneOf": [
        {"required": ["project_id"], "properties": {"project_id": {"type": "string", "format": "uuid"},
                                                    "region_code": {"type": "null"}}},
        {"required": ["region_code"], "properties": {"region_code": {"type": "string"},
                                                     "project_id": {"type": "null"}}},
    ]})

    project_id: uuid.UUID | None = Field(
        None,
        description="项目标识 (a project's indicator)",
        examples=["0b6f1c2e-8a57-4e7e-9a55-1f0c8e3b9d21"],
    )
    region_code: CountyCode | None = Field(None, description="县级区划代码 (a county's indicator)")

    @model_validator(mode="after")
    def _one_scope(self) -> _Scope:
        if (self.project_id is None) == (self.region_code is None):
            raise PydanticCustomError(
                "scope_ambiguous",
                "Name either project_id or region_code",
                {"zh": "须且只能填写项目标识或县级区划代码之一"},
            )
        return self


class IndicatorWrite(_Scope):
    """A performance indicator of a project or a county (绩效指标): unit, direction and baseline."""

    name: str = Field(min_length=1, max_length=64, description="指标名称", examples=["贫困发生率"])
    unit: str = Field(min_length=1, max_length=16, description="计量单位", examples=["%"])
    direction: Direction = Field(description="指标方向", examples=["lower"])
    baseline: IndicatorValue = Field(description="基期值", examples=["8.20"])


class PeriodWrite(StrictModel):
    """A period of an indicator and its target (年度目标)."""

    period_start: date = Field(description="期初日期", examples=["2019-01-01"])
    period_end: date = Field(description="期末日期 (not before period_start)", examples=["2019-12-31"],
                             json_schema_extra=relation("period_start", "not before", "dates_out_of_order"))
    target: IndicatorValue = Field(description="目标值", examples=["3.00"])

    _order = field_validator("period_end")(_end_not_before_start)


class ActualWrite(StrictModel):
    """The actual value of a period that has begun (实际完成值)."""

    actual: IndicatorValue = Field(description="实际值", examples=["2.40"])


class EvaluationWrite(_Scope):
    """Evaluate a project's or county's indicators over a window (绩效评价)."""

    period_start: date = Field(description="评价期初", examples=["2019-01-01"])
    period_end: date = Field(description="评价期末 (not before period_start)", examples=["2019-12-31"],
                             json_schema_extra=relation("period_start", "not before", "dates_out_of_order"))

    _order = field_validator("period_end")(_end_not_before_start)


class PeriodRead(BaseModel):
    """An indicator's period: target, and actual once recorded."""

    id: uuid.UUID = Field(description="期次标识")
    period_start: date = Field(description="期初日期", examples=["2019-01-01"])
    period_end: date = Field(description="期末日期", examples=["2019-12-31"])
    target: IndicatorValue = Field(description="目标值", examples=["3.00"])
    actual: IndicatorValue | None = Field(description="实际值", examples=["2.40"])
    set_by: str = Field(description="目标设定人")
    actual_by: str | None = Field(description="实际值登记人")
    actual_at: datetime | None = Field(description="实际值登记时间")


class IndicatorRead(BaseModel):
    """A performance indicator with its periods."""

    id: uuid.UUID = Field(description="指标标识")
    project_id: uuid.UUID | None = Field(description="项目标识")
    region_code: str = Field(description="所属县", examples=["441882000000"])
    name: str = Field(description="指标名称", examples=["贫困发生率"])
    unit: str = Field(description="计量单位", examples=["%"])
    direction: Direction = Field(description="指标方向")
    baseline: IndicatorValue = Field(description="基期值", examples=["8.20"])
    periods: list[PeriodRead] = Field(description="各期目标与实际")
    created_by: str = Field(description="设定人")
    created_at: datetime = Field(description="设定时间")


class EvaluationInput(BaseModel):
    """One indicator period the score was computed from, and its own score."""

    indicator_id: uuid.UUID = Field(description="指标标识")
    period_id: uuid.UUID = Field(description="期次标识")
    name: str = Field(description="指标名称", examples=["贫困发生率"])
    unit: str = Field(description="计量单位", examples=["%"])
    direction: Direction = Field(description="指标方向")
    period_start: date = Field(description="期初日期")
    period_end: date = Field(description="期末日期")
    baseline: IndicatorValue = Field(description="基期值", examples=["8.20"])
    target: IndicatorValue = Field(description="目标值", examples=["3.00"])
    actual: IndicatorValue = Field(description="实际值", examples=["2.40"])
    score: Score = Field(description="该期次得分 (0–100)", examples=["100.00"])


class EvaluationRead(BaseModel):
    """A performance evaluation: score, grade, the rule applied and every input it used."""

    id: uuid.UUID = Field(description="评价标识")
    project_id: uuid.UUID | None = Field(description="项目标识")
    region_code: str = Field(description="所属县", examples=["441882000000"])
    period_start: date = Field(description="评价期初")
    period_end: date = Field(description="评价期末")
    score: Score = Field(description="综合得分 (mean of the inputs' scores)", examples=["87.50"])
    grade: Grade = Field(description="评价等级")
    rule: str = Field(description="计分规则 (see the rules catalogue)", examples=["funds.performance.score"])
    inputs: list[EvaluationInput] = Field(description="计分所用数据")
    evaluated_by: str = Field(description="评价人")
    evaluated_at: datetime = Field(description="评价时间")
