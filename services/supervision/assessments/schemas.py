"""Request and response bodies of assessments and evaluations."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, Field, WithJsonSchema

from shared.schemas import PastDate, RegionCode, StrictModel, decimal_text

Score = Annotated[Decimal, Field(ge=0, le=100, decimal_places=2, max_digits=5),
                  WithJsonSchema({"anyOf": [
                      {"type": "string", "pattern": r"^(100(\.0{1,2})?|[0-9]{1,2}(\.[0-9]{1,2})?)$"},
                      {"type": "number", "minimum": 0, "maximum": 100, "multipleOf": 0.01}]},
                      mode="validation"),
                  decimal_text(2)]


class IndicatorWrite(StrictModel):
    """A scored indicator (考核指标)."""

    code: str = Field(pattern=r"^[a-z][a-z0-9_]{0,31}$", description="指标代码", examples=["exit_accuracy"])
    name: str = Field(min_length=1, max_length=128, description="指标名称", examples=["脱贫准确率"])
    weight: int = Field(ge=1, le=100, description="权重", examples=[30])
    score: Score = Field(description="得分 (0—100)", examples=["92.50"])


class AssessmentCreate(StrictModel):
    """A year's assessment of a region, or of a leader when official_id is given (考核)."""

    year: int = Field(ge=2018, le=2100, description="年度", examples=[2019])
    region_code: RegionCode = Field(description="被考核区划代码", examples=["441882000000"])
    official_id: uuid.UUID | None = Field(None, description="被考核党政一把手标识 (omit for the region)")
    assessor: str = Field(
        min_length=1, max_length=128, description="考核机关", examples=["清远市扶贫开发领导小组"]
    )
    indicators: list[IndicatorWrite] = Field(min_length=1, max_length=50, description="考核指标")


class AssessmentRead(BaseModel):
    """An assessment with its indicators and weighted total (考核结果)."""

    id: uuid.UUID = Field(description="考核标识")
    year: int = Field(description="年度")
    region_code: str = Field(description="区划代码")
    official_id: uuid.UUID | None = Field(description="被考核干部标识")
    assessor: str = Field(description="考核机关")
    total: Score = Field(description="总分 (加权平均)")
    indicators: list[IndicatorWrite] = Field(description="考核指标")


class EvaluationCreate(StrictModel):
    """A third-party evaluation of a county: sample size and, to redraw a sample, its seed (第三方评估)."""

    year: int = Field(ge=2018, le=2100, description="年度", examples=[2019])
    region_code: RegionCode = Field(description="被评估县代码", examples=["441882000000"])
    evaluator: str = Field(min_length=1, max_length=128, description="评估机构", examples=["中山大学评估组"])
    sample_size: int = Field(ge=1, le=5000, description="抽样户数", examples=[30])
    seed: int | None = Field(None, ge=0, le=2**31 - 1, description="随机种子 (omitted: drawn and recorded)")


class FindingWrite(StrictModel):
    """What the evaluators found in a sampled household (评估结论)."""

    food_clothing: bool = Field(description="不愁吃、不愁穿")
    education: bool = Field(description="义务教育有保障")
    medical: bool = Field(description="基本医疗有保障")
    housing: bool = Field(description="住房安全有保障")
    drinking_water: bool = Field(description="饮水安全有保障")
    evaluated_on: PastDate = Field(description="评估日期", examples=["2019-11-20"])


class SampledHousehold(BaseModel):
    """A sampled household and, once evaluated, how it compares with the register (样本户)."""

    household_id: uuid.UUID = Field(description="户标识")
    household_no: str = Field(description="户编号")
    register_status: str = Field(description="抽样时建档立卡状态")
    all_met: bool | None = Field(description="两不愁三保障及饮水安全均达标; null until evaluated")
    comparison: str | None = Field(
        description="与建档立卡比对: consistent 一致, exited_but_unmet 已脱贫但有未保障项, "
        "poor_but_met 在册但均已保障"
    )


class EvaluationRead(BaseModel):
    """An evaluation, its seeded sample and the comparison with the register (第三方评估)."""

    id: uuid.UUID = Field(description="评估标识")
    year: int = Field(description="年度")
    region_code: str = Field(description="被评估县代码")
    evaluator: str = Field(description="评估机构")
    seed: int = Field(description="随机种子 (draws the same sample again)")
    population: int = Field(description="抽样总体户数")
    sample_size: int = Field(description="样本户数")
    evaluated: int = Field(description="已评估户数")
    consistent: int = Field(description="与建档立卡一致户数")
    exited_but_unmet: int = Field(description="已脱贫但有未保障项户数")
    poor_but_met: int = Field(description="在册但各项均已保障户数")
    households: list[SampledHousehold] = Field(description="样本户")
    created_on: date = Field(description="抽样日期")
