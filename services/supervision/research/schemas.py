"""Request and response bodies of research quotas and compliance."""

from __future__ import annotations

import uuid
from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from services.supervision.codes import OfficialLevel, PeriodState, QuotaLevel, ResearchRecordKind, StudyPeriod
from shared.schemas import PastDate, StrictModel


class QuotaCreate(StrictModel):
    """A year's research quota for a level, as the standard in force sets it (调研定额)."""

    year: int = Field(ge=2018, le=2100, description="年度", examples=[2021])
    level: QuotaLevel = Field(description="层级", examples=["county"])
    min_days: int = Field(ge=1, le=366, description="年度专题调研天数", examples=[48])
    study_period: StudyPeriod = Field(description="专题研究周期", examples=["month"])
    report_to: str = Field(min_length=1, max_length=64, description="报告对象", examples=["市委、市政府"])
    source: str = Field(
        min_length=1,
        max_length=2000,
        description="依据",
        examples=["《关于打赢脱贫攻坚战三年行动方案（2018—2020年）》第八部分第25条"],
    )


class QuotaRead(BaseModel):
    """A year's research quota for a level (调研定额)."""

    model_config = ConfigDict(from_attributes=True)

    year: int = Field(description="年度")
    level: OfficialLevel = Field(description="层级")
    min_days: int = Field(description="年度专题调研天数")
    study_period: StudyPeriod = Field(description="专题研究周期")
    report_to: str = Field(description="报告对象")
    source: str = Field(description="依据")


class ResearchDayCreate(StrictModel):
    """A day of field research (专题调研)."""

    official_id: uuid.UUID = Field(description="干部标识")
    day: PastDate = Field(description="调研日期", examples=["2019-03-12"])
    topic: str = Field(min_length=1, max_length=256, description="调研主题", examples=["产业扶贫项目进展"])


class StudyCreate(StrictModel):
    """A topical study of poverty alleviation (专题研究)."""

    official_id: uuid.UUID = Field(description="干部标识")
    held_on: PastDate = Field(description="研究日期", examples=["2019-03-20"])
    topic: str = Field(min_length=1, max_length=256, description="研究议题", examples=["脱贫攻坚季度推进会"])


class ReportCreate(StrictModel):
    """A yearly progress report to the level above (年度报告)."""

    official_id: uuid.UUID = Field(description="干部标识")
    year: int = Field(ge=2018, le=2100, description="报告年度", examples=[2019])
    submitted_on: PastDate = Field(description="报送日期", examples=["2020-01-15"])
    reference: str = Field(min_length=1, max_length=128, description="文号", examples=["连发〔2020〕3号"])


class Recorded(BaseModel):
    """What was recorded (已记录)."""

    id: uuid.UUID = Field(description="记录标识")
    official_id: uuid.UUID = Field(description="干部标识")
    kind: ResearchRecordKind = Field(description="记录类型")


class PeriodRow(BaseModel):
    """One quarter or month: the topical studies held in it (专题研究)."""

    period: str = Field(description="期间", examples=["2019-Q1"])
    studies: int = Field(description="专题研究次数")
    state: PeriodState = Field(description="状态")


class LeaderCompliance(BaseModel):
    """A leader's research against the year's quota (调研履职情况)."""

    official_id: uuid.UUID = Field(description="干部标识")
    name: str = Field(description="姓名")
    region_code: str = Field(description="区划代码")
    research_days: int = Field(description="专题调研天数")
    required_days: int = Field(description="应调研天数")
    days_met: bool = Field(description="调研天数达标")
    periods: list[PeriodRow] = Field(description="逐期专题研究")
    periods_missed: int = Field(description="未完成的期数")
    report_submitted_on: date | None = Field(description="年度报告报送日期; null when not submitted")
    behind: bool = Field(
        description="落后 (days short at year end, a missed period, or no report after the year)"
    )


class ComplianceReport(BaseModel):
    """Research compliance of a level's leaders in a year (调研履职情况)."""

    year: int = Field(description="年度")
    level: OfficialLevel = Field(description="层级")
    quota: QuotaRead = Field(description="当年定额")
    leaders: list[LeaderCompliance] = Field(description="党政一把手")
