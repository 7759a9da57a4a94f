"""Request and response bodies of the project library."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from services.funds.codes import FundingSource, ProjectStatus, ProjectStep, ProjectType, RiskLevel
from shared.codes import only
from shared.schemas import BankAccount, MoneyStr, PositiveMoney, RegionCode, StrictModel, relation

COUNTY_CODE_PATTERN = r"^\d{6}000000$"
CountyCode = Annotated[str, Field(pattern=COUNTY_CODE_PATTERN, description="县级12位区划代码",
                                  examples=["441882000000"])]
Reason = Annotated[str, Field(min_length=1, max_length=500, description="理由/依据")]
ProjectYear = Annotated[int, Field(ge=2016, le=2035, description="年度")]
_AFTER_START = relation("planned_start", "not before", "dates_out_of_order")


def _unique(values: list, what: str, what_zh: str) -> list:
    if len(set(values)) != len(values):
        raise PydanticCustomError("duplicate", f"Each {what} may appear once", {"zh": f"{what_zh}不能重复"})
    return values


class BudgetLine(StrictModel):
    """The budget of one funding source (资金来源预算)."""

    source: FundingSource = Field(description="资金来源")
    amount: PositiveMoney = Field(description="预算金额（元）", examples=["300000.00"])


class RiskAssessment(StrictModel):
    """Technical and market risk of the project and the measures against them (风险评估, §32)."""

    technical: RiskLevel = Field(description="技术风险")
    market: RiskLevel = Field(description="市场风险")
    measures: str = Field(min_length=1, max_length=2000, description="风险防范应对措施")


class BeneficiaryWrite(StrictModel):
    """A household that benefits (受益户); subsidy and one-card account when it is paid directly."""

    household_id: uuid.UUID = Field(description="户标识 (identification's id)")
    subsidy: PositiveMoney | None = Field(None, description="补助金额（元）, paid by the plan's stages")
    account: BankAccount | None = Field(None, description="一卡通账号 (encrypted, masked in answers)")


class ProjectCreate(StrictModel):
    """A project proposed for a county's library (项目申报)."""

    name: str = Field(min_length=1, max_length=128, description="项目名称", examples=["三古滩村危房改造"])
    project_type: ProjectType = Field(description="项目类型")
    county_code: CountyCode
    year: ProjectYear
    description: str = Field(min_length=1, max_length=2000, description="建设内容")
    planned_start: date = Field(description="计划开工日期")
    planned_end: date = Field(description="计划完工日期", json_schema_extra=_AFTER_START)
    budget: list[BudgetLine] = Field(min_length=1, max_length=5, description="分来源预算")
    risk: RiskAssessment | None = Field(None, description="风险评估 (产业项目论证前必填)")
    village_codes: list[RegionCode] = Field(default_factory=list, max_length=500, description="受益村",
                                            json_schema_extra={"uniqueItems": True})
    beneficiaries: list[BeneficiaryWrite] = Field(default_factory=list, max_length=1000,
                                                  description="受益户")

    @field_validator("budget")
    @classmethod
    def _one_line_per_source(cls, lines: list[BudgetLine]) -> list[BudgetLine]:
        _unique([line.source for line in lines], "source", "资金来源")
        return lines

    @field_validator("village_codes")
    @classmethod
    def _villages_once(cls, codes: list[str]) -> list[str]:
        return _unique(codes, "village", "受益村")

    @field_validator("beneficiaries")
    @classmethod
    def _households_once(cls, rows: list[BeneficiaryWrite]) -> list[BeneficiaryWrite]:
        _unique([r.household_id for r in rows], "household", "受益户")
        return rows

    @field_validator("planned_end")
    @classmethod
    def _end_after_start(cls, end: date, info: ValidationInfo) -> date:
        start = info.data.get("planned_start")
        if start is not None and end < start:
            raise dates_out_of_order()
        return end


def dates_out_of_order() -> PydanticCustomError:
    """The error of a planned end before the planned start."""
    return PydanticCustomError("dates_out_of_order", "planned_end is before planned_start",
                               {"zh": "计划完工日期早于计划开工日期"})


# Taken by their own routes, never as a step.
_NOT_STEPS = (ProjectStep.PROPOSE, ProjectStep.ADJUST)


class StepWrite(StrictModel):
    """A lifecycle step with its reason (办理环节)."""

    step: Annotated[ProjectStep, only(*(s for s in ProjectStep if s not in _NOT_STEPS))] = Field(
        description="环节 (propose: POST /projects; adjust: PATCH on the project)")
    reason: Reason


class ProjectAdjust(StrictModel):
    """An adjustment of a project (项目调整), always with its reason; only the fields given change."""

    reason: Reason
    name: str | None = Field(None, min_length=1, max_length=128, description="项目名称")
    description: str | None = Field(None, min_length=1, max_length=2000, description="建设内容")
    planned_start: date | None = Field(None, description="计划开工日期")
    planned_end: date | None = Field(None, description="计划完工日期",
                                     json_schema_extra=_AFTER_START)
    budget: list[BudgetLine] | None = Field(None, min_length=1, max_length=5,
                                            description="changed budget lines (分来源预算)")
    risk: RiskAssessment | None = Field(None, description="风险评估")

    @field_validator("budget")
    @classmethod
    def _one_line_per_source(cls, lines: list[BudgetLine] | None) -> list[BudgetLine] | None:
        if lines is not None:
            _unique([line.source for line in lines], "source", "资金来源")
        return lines


class FundRead(BaseModel):
    """One funding source of a project: budget, allocated, disbursed (资金来源)."""

    source: FundingSource = Field(description="资金来源")
    budget: MoneyStr = Field(description="预算（元）")
    allocated: MoneyStr = Field(description="已下达（元）")
    disbursed: MoneyStr = Field(description="已拨付（元）")


class BeneficiaryRead(BaseModel):
    """A beneficiary household as the caller may see it (受益户)."""

    household_id: uuid.UUID = Field(description="户标识")
    region_code: str = Field(description="所在村")
    subsidy: MoneyStr | None = Field(description="补助金额（元）")
    account: str | None = Field(description="一卡通账号 (masked without pii:read)")


class RiskRead(BaseModel):
    """The recorded risk assessment (风险评估)."""

    technical: RiskLevel | None = Field(description="技术风险")
    market: RiskLevel | None = Field(description="市场风险")
    measures: str | None = Field(description="风险防范应对措施")


class ProjectRead(BaseModel):
    """A project of the library with its money and beneficiaries (项目)."""

    id: uuid.UUID = Field(description="项目标识")
    name: str = Field(description="项目名称")
    project_type: ProjectType = Field(description="项目类型")
    county_code: str = Field(description="所属县")
    year: int = Field(description="年度")
    description: str = Field(description="建设内容")
    planned_start: date = Field(description="计划开工日期")
    planned_end: date = Field(description="计划完工日期")
    status: ProjectStatus = Field(description="项目状态")
    risk: RiskRead = Field(description="风险评估")
    funds: list[FundRead] = Field(description="分来源资金")
    budget_total: MoneyStr = Field(description="预算合计（元）")
    allocated_total: MoneyStr = Field(description="下达合计（元）")
    disbursed_total: MoneyStr = Field(description="拨付合计（元）")
    village_codes: list[str] = Field(description="受益村")
    beneficiaries: list[BeneficiaryRead] = Field(description="受益户")
    created_by: str = Field(description="申报人")
    created_at: datetime = Field(description="申报时间")
    version: int = Field(description="版本 (the ETag)")


class ProjectSummary(BaseModel):
    """A project in a list (项目摘要)."""

    id: uuid.UUID = Field(description="项目标识")
    name: str = Field(description="项目名称")
    project_type: ProjectType = Field(description="项目类型")
    county_code: str = Field(description="所属县")
    year: int = Field(description="年度")
    status: ProjectStatus = Field(description="项目状态")
    version: int = Field(description="版本")


class StepRead(BaseModel):
    """A recorded step: who, when, from which state to which, and why (办理记录)."""

    step: ProjectStep = Field(description="环节")
    from_status: ProjectStatus | None = Field(description="原状态")
    to_status: ProjectStatus = Field(description="新状态")
    actor: str = Field(description="办理人")
    actor_name: str = Field(description="办理人姓名")
    at: datetime = Field(description="办理时间")
    reason: str | None = Field(description="理由/依据")
