"""Bodies of monitoring: disasters, rural population, at-risk households and statistics."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from services.identification.codes import DisasterKind, ExitPathway, HealthStatus, RiskKind
from shared.schemas import PastDate, SignedMoney, StrictModel


class DisasterCreate(StrictModel):
    """A disaster that struck a village (灾情)."""

    kind: DisasterKind = Field(description="灾害类型")
    occurred_on: PastDate = Field(description="发生日期")
    description: str = Field(min_length=2, max_length=1000, description="灾情描述")


class DisasterRead(BaseModel):
    """A recorded village disaster."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID = Field(description="标识")
    village_code: str = Field(description="行政村区划代码")
    kind: DisasterKind = Field(description="灾害类型")
    occurred_on: date = Field(description="发生日期")
    description: str = Field(description="灾情描述")
    recorded_by: str = Field(description="登记人")
    recorded_at: datetime = Field(description="登记时间")


class PopulationSet(StrictModel):
    """A region's rural population for a year (农村户籍人口)."""

    population: int = Field(ge=1, le=200_000_000, description="农村户籍人口")
    source: str | None = Field(None, max_length=128, description="数据来源")


class PopulationRead(BaseModel):
    """A recorded rural population."""

    model_config = ConfigDict(from_attributes=True)

    region_code: str = Field(description="区划代码")
    year: int = Field(description="年度")
    population: int = Field(description="农村户籍人口")
    source: str | None = Field(description="数据来源")
    recorded_by: str = Field(description="登记人")
    recorded_at: datetime = Field(description="登记时间")


class IncomeRisk(BaseModel):
    """The income figures behind an income risk (收入监测)."""

    year: int = Field(description="年度")
    revision: int = Field(description="收入记录版本")
    income_per_head: SignedMoney = Field(description="人均可支配收入")
    exit_line: SignedMoney = Field(description="脱贫标准 (农村居民人均可支配收入 × 比例)")
    margin: Decimal = Field(description="监测幅度 (0.10 = 10%)")
    threshold: SignedMoney = Field(description="监测线 = 脱贫标准 × (1 + 幅度)")


class MemberRisk(BaseModel):
    """A member who became seriously ill or disabled after the household exited."""

    member_id: uuid.UUID = Field(description="成员标识")
    name: str = Field(description="姓名")
    health_status: HealthStatus = Field(description="健康状况")
    recorded_at: datetime = Field(description="登记变化时间")


class AtRiskItem(BaseModel):
    """An exited household at risk of returning to poverty (返贫风险), with why."""

    household_id: uuid.UUID = Field(description="贫困户标识")
    household_no: str = Field(description="户编号")
    region_code: str = Field(description="所在村区划代码")
    exited_on: date | None = Field(description="脱贫日期")
    exit_pathway: ExitPathway | None = Field(description="脱贫路径")
    risks: list[RiskKind] = Field(description="风险类型")
    rules: list[str] = Field(description="各风险所依据的规则, in the order of risks",
                             examples=[["identification.monitoring.income_near_line"]])
    income: IncomeRisk | None = Field(description="收入情况, when the income is near the line")
    members: list[MemberRisk] = Field(description="新增大病或残疾成员")
    disasters: list[DisasterRead] = Field(description="脱贫后所在村灾情")


class Breakdown(BaseModel):
    """Households and people under one code (分类统计)."""

    code: str | None = Field(description="代码")
    label_zh: str | None = Field(description="中文名称")
    households: int = Field(description="户数")
    people: int = Field(description="人数")


class Incidence(BaseModel):
    """Poverty incidence (贫困发生率) = people in identified or returned households ÷ rural population."""

    poor_households: int = Field(description="未脱贫户数 (在册+返贫)")
    poor_people: int = Field(description="未脱贫人数")
    rural_population: int | None = Field(description="农村户籍人口; null when not recorded")
    incidence_percent: Decimal | None = Field(description="贫困发生率 (%)")


class VillageProgress(BaseModel):
    """Relatively poor villages and how many have exited (相对贫困村出列)."""

    relatively_poor: int = Field(description="相对贫困村数")
    exited: int = Field(description="已出列")
    remaining: int = Field(description="未出列")


class RegionRow(BaseModel):
    """One region one level down: its poor and exited households and people (分区域)."""

    code: str = Field(description="区划代码")
    name: str = Field(description="区划名称")
    poor_households: int = Field(description="未脱贫户数 (在册+返贫)")
    poor_people: int = Field(description="未脱贫人数")
    exited_households: int = Field(description="已脱贫户数")
    exited_people: int = Field(description="已脱贫人数")


class Statistics(BaseModel):
    """Statistics of a region for a year, as of the year's last day (统计监测)."""

    region_code: str = Field(description="区划代码前缀")
    year: int = Field(description="年度")
    as_of: date = Field(description="统计时点")
    by_status: list[Breakdown] = Field(description="按状态")
    by_cause: list[Breakdown] = Field(description="按主要致贫原因 (建档立卡户)")
    by_category: list[Breakdown] = Field(description="按贫困户属性 (建档立卡户)")
    by_exit_pathway: list[Breakdown] = Field(description="按脱贫路径 (已脱贫户)")
    incidence: Incidence = Field(description="贫困发生率")
    villages: VillageProgress = Field(description="相对贫困村出列")
    by_region: list[RegionRow] = Field(description="按下一级区划")
