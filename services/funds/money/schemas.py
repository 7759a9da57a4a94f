"""Request and response bodies of allocations, payment plans, progress and payments."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

from services.funds.codes import FundingSource
from services.funds.money.errors import StagesOver100
from shared.schemas import (
    BankAccount,
    MoneyStr,
    PastDate,
    PositiveMoney,
    StrictModel,
    decimal_schema,
    decimal_text,
)

Share = Annotated[Decimal, Field(gt=0, le=100, decimal_places=2, max_digits=5,
                                 description="占补助的百分比 (at most two decimals)", examples=["30.00"]),
                  decimal_schema(2, 2, positive=True),
                  decimal_text(2)]


class AllocationWrite(StrictModel):
    """Money from one source allocated to the project (资金下达)."""

    source: FundingSource = Field(description="资金来源")
    amount: PositiveMoney = Field(description="下达金额（元）", examples=["150000.00"])
    document_no: str = Field(min_length=1, max_length=64, description="下达文号",
                             examples=["连财农〔2019〕12号"])
    allocated_on: PastDate = Field(description="下达日期")


class AllocationRead(BaseModel):
    """A recorded allocation (资金下达记录)."""

    id: uuid.UUID = Field(description="下达记录标识")
    project_id: uuid.UUID = Field(description="项目标识")
    source: FundingSource = Field(description="资金来源")
    amount: MoneyStr = Field(description="下达金额（元）")
    document_no: str = Field(description="下达文号")
    allocated_on: date = Field(description="下达日期")
    recorded_by: str = Field(description="登记人")
    recorded_at: datetime = Field(description="登记时间")


class StageWrite(StrictModel):
    """One stage of a payment plan (拨付阶段)."""

    name: str = Field(min_length=1, max_length=64, description="阶段名称", examples=["开工"])
    share: Share


class PaymentPlanWrite(StrictModel):
    """A project's staged payment plan by construction progress (分期拨付计划, §10)."""

    stages: list[StageWrite] = Field(min_length=1, max_length=10, description="各阶段，按顺序")

    @field_validator("stages")
    @classmethod
    def _at_most_whole(cls, stages: list[StageWrite]) -> list[StageWrite]:
        if sum(s.share for s in stages) > 100:
            raise PydanticCustomError(StagesOver100.CODE, "The stages add up to more than 100%",
                                      {"zh": "各阶段比例合计超过100%"})
        if len({s.name for s in stages}) != len(stages):
            raise PydanticCustomError("duplicate", "Each stage name may appear once",
                                      {"zh": "阶段名称不能重复"})
        return stages


class StageRead(BaseModel):
    """A stage of the plan (拨付阶段)."""

    stage_no: int = Field(description="阶段序号")
    name: str = Field(description="阶段名称")
    share: Share


class BeneficiaryPaymentWrite(StrictModel):
    """A beneficiary's subsidy and one-card account (补助标准与一卡通账号)."""

    subsidy: PositiveMoney = Field(description="补助金额（元）", examples=["20000.00"])
    account: BankAccount = Field(description="一卡通账号 (encrypted; masked in answers)")


class ProgressWrite(StrictModel):
    """A household's construction reaching a stage (工程进度)."""

    household_id: uuid.UUID = Field(description="户标识")
    stage_no: int = Field(ge=1, le=10, description="阶段序号")
    reached_on: PastDate = Field(description="达到日期")
    note: str = Field(min_length=1, max_length=1000, description="核查说明", examples=["主体封顶，现场拍照"])


class ProgressRead(BaseModel):
    """Recorded progress and its verification (进度记录)."""

    id: uuid.UUID = Field(description="进度记录标识")
    project_id: uuid.UUID = Field(description="项目标识")
    household_id: uuid.UUID = Field(description="户标识")
    stage_no: int = Field(description="阶段序号")
    reached_on: date = Field(description="达到日期")
    note: str = Field(description="核查说明")
    recorded_by: str = Field(description="登记人")
    recorded_at: datetime = Field(description="登记时间")
    verified_by: str | None = Field(description="核验人 (never the recorder)")
    verified_at: datetime | None = Field(description="核验时间")


class PaymentWrite(StrictModel):
    """A payment (拨付): a household's stage by verified progress, or an amount to a named payee."""

    # The two kinds, as the schema states them: a stage names household and stage, nothing else; a
    # payee's payment names payee and amount, nothing else.
    model_config = ConfigDict(json_schema_extra={"oneOf": [
        {"required": ["household_id", "stage_no"],
         "properties": {"household_id": {"type": "string", "format": "uuid"}, "stage_no": {"type": "integer"},
                        "payee": {"type": "null"}, "amount": {"type": "null"}}},
        {"required": ["payee", "amount"],
         "properties": {"payee": {"type": "string"}, "amount": {"not": {"type": "null"}},
                        "household_id": {"type": "null"}, "stage_no": {"type": "null"}}},
    ]})

    source: FundingSource = Field(description="资金来源")
    paid_on: PastDate = Field(description="拨付日期")
    household_id: uuid.UUID | None = Field(None, description="户标识 (staged payment)")
    stage_no: int | None = Field(None, ge=1, le=10, description="阶段序号 (staged payment)")
    payee: str | None = Field(None, min_length=1, max_length=128,
                              description="收款单位 (payment to a contractor or cooperative)")
    amount: PositiveMoney | None = Field(None, description="拨付金额（元） (payee payments; a stage's is "
                                                           "computed)")


class PaymentRead(BaseModel):
    """A payment made (拨付记录); the account is masked without pii:read."""

    id: uuid.UUID = Field(description="拨付记录标识")
    project_id: uuid.UUID = Field(description="项目标识")
    source: FundingSource = Field(description="资金来源")
    amount: MoneyStr = Field(description="拨付金额（元）")
    household_id: uuid.UUID | None = Field(description="户标识")
    stage_no: int | None = Field(description="阶段序号")
    payee: str = Field(description="收款人")
    account: str | None = Field(description="一卡通账号 (masked without pii:read)")
    paid_on: date = Field(description="拨付日期")
    recorded_by: str = Field(description="登记人")
    recorded_at: datetime = Field(description="登记时间")
