"""Request and response bodies of asset shares and distributions."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, Field, field_validator
from pydantic_core import PydanticCustomError

from shared.schemas import MoneyStr, StrictModel


class HoldingWrite(StrictModel):
    """Shares held for one household (持股)."""

    household_id: uuid.UUID = Field(description="户标识 (a beneficiary of the project)")
    shares: int = Field(ge=1, le=1_000_000, description="股数")


class SharesWrite(StrictModel):
    """Every household's shares of the project (股份量化到户); replaces the previous list."""

    holdings: list[HoldingWrite] = Field(min_length=1, max_length=5000, description="持股名单")

    @field_validator("holdings")
    @classmethod
    def _households_once(cls, rows: list[HoldingWrite]) -> list[HoldingWrite]:
        if len({r.household_id for r in rows}) != len(rows):
            raise PydanticCustomError("duplicate", "Each household may appear once",
                                      {"zh": "持股名单中户不能重复"})
        return rows


class HoldingRead(BaseModel):
    """A household's shares (持股)."""

    household_id: uuid.UUID = Field(description="户标识")
    shares: int = Field(description="股数")


class DistributionWrite(StrictModel):
    """A year's income to distribute (年度收益分配)."""

    year: int = Field(ge=2016, le=2035, description="年度")
    total: MoneyStr = Field(description="可分配收益总额（元）", examples=["120000.00"])
    guaranteed: MoneyStr = Field(description="每户保底收益（元）", examples=["1000.00"])


class DistributionLineRead(BaseModel):
    """What one household received (分配明细)."""

    household_id: uuid.UUID = Field(description="户标识")
    shares: int = Field(description="股数")
    disabled_member: bool = Field(description="有残疾成员 (served first when the income is short)")
    guaranteed: MoneyStr = Field(description="保底收益（元）")
    dividend: MoneyStr = Field(description="按股分红（元）")
    total: MoneyStr = Field(description="合计（元）")


class DistributionRead(BaseModel):
    """A year's distribution; its lines add up to the total exactly (收益分配)."""

    id: uuid.UUID = Field(description="分配标识")
    project_id: uuid.UUID = Field(description="项目标识")
    year: int = Field(description="年度")
    total: MoneyStr = Field(description="收益总额（元）")
    guaranteed: MoneyStr = Field(description="每户保底收益（元）")
    short: bool = Field(description="收益不足以支付全部保底")
    excluded_household_ids: list[uuid.UUID] = Field(
        description="holders the register shows removed: not paid")
    created_by: str = Field(description="登记人")
    created_at: datetime = Field(description="登记时间")
    lines: list[DistributionLineRead] = Field(description="分配明细")
