"""Request and response bodies of interviews, inspections and rectification items."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from services.supervision.codes import InterviewSource, InterviewState, ItemState
from shared.schemas import PastDate, RegionCode, StrictModel

Text = Annotated[str, Field(min_length=1, max_length=2000)]


class ItemCreate(StrictModel):
    """A rectification item: what to put right, who owns it, by when (整改事项)."""

    description: Text = Field(description="整改事项", examples=["补齐3户贫困户危房改造台账"])
    owner_name: str = Field(
        min_length=1, max_length=128, description="责任单位或责任人", examples=["连州镇人民政府"]
    )
    owner_official_id: uuid.UUID | None = Field(None, description="责任干部标识 (if an official owns it)")
    deadline: date = Field(description="整改期限 (晚于约谈或督查日期)", examples=["2019-06-30"])


class InspectionCreate(StrictModel):
    """An inspection tour with its findings and the rectification items they lead to (督查巡查)."""

    title: str = Field(min_length=1, max_length=128, description="名称", examples=["2019年脱贫攻坚督查巡查"])
    region_code: RegionCode = Field(description="被督查区划代码", examples=["441882000000"])
    year: int = Field(ge=2018, le=2100, description="年度", examples=[2019])
    held_on: PastDate = Field(description="督查日期", examples=["2019-04-10"])
    findings: list[Text] = Field(min_length=1, max_length=100, description="发现的问题")
    items: list[ItemCreate] = Field(default_factory=list, max_length=100, description="整改清单")


class InterviewCreate(StrictModel):
    """An admonishment interview of an official or a unit (约谈)."""

    official_id: uuid.UUID | None = Field(None, description="被约谈干部标识 (or unit_name)")
    unit_name: str | None = Field(
        None, min_length=1, max_length=128, description="被约谈单位 (or official_id)"
    )
    region_code: RegionCode = Field(description="被约谈对象所在区划代码", examples=["441882100000"])
    interviewer: str = Field(min_length=1, max_length=64, description="约谈人", examples=["连州市委书记"])
    reason: Text = Field(description="约谈事由", examples=["遍访贫困户进度滞后"])
    source: InterviewSource = Field(description="问题来源")
    inspection_id: uuid.UUID | None = Field(None, description="督查标识 (source=inspection)")
    red_flag_id: uuid.UUID | None = Field(None, description="数据预警标识 (source=red_flag)")
    held_on: PastDate = Field(description="约谈日期", examples=["2019-05-06"])
    issues: list[Text] = Field(min_length=1, max_length=50, description="存在问题")
    items: list[ItemCreate] = Field(min_length=1, max_length=100, description="整改清单")


class ItemReport(StrictModel):
    """The interviewed side's report that an item is done (整改报告)."""

    report: Text = Field(description="整改情况", examples=["已完成3户危房改造并补齐台账"])
    reported_on: PastDate = Field(description="报告日期", examples=["2019-06-20"])


class ItemVerification(StrictModel):
    """Someone other than the reporter checks the report (核验)."""

    accepted: bool = Field(description="核验通过 (true closes the item; false sends it back)")
    note: Text = Field(description="核验意见", examples=["现场核实，台账与实际一致"])
    verified_on: PastDate = Field(description="核验日期", examples=["2019-06-25"])


class InterviewClose(StrictModel):
    """Closing an interview whose items are all closed (办结)."""

    closed_on: PastDate = Field(description="办结日期", examples=["2019-06-30"])


class OverdueScan(StrictModel):
    """Flag the items past their deadline on a day (逾期预警)."""

    as_of: PastDate = Field(description="检查日期", examples=["2019-07-01"])


class OverdueResult(BaseModel):
    """How many items the scan flagged overdue now (逾期)."""

    flagged: int = Field(description="新标记逾期数")


class ItemRead(BaseModel):
    """A rectification item and where it stands (整改事项)."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID = Field(description="整改事项标识")
    interview_id: uuid.UUID | None = Field(description="约谈标识")
    inspection_id: uuid.UUID | None = Field(description="督查标识")
    region_code: str = Field(description="区划代码")
    description: str = Field(description="整改事项")
    owner_name: str = Field(description="责任单位或责任人")
    owner_official_id: uuid.UUID | None = Field(description="责任干部标识")
    deadline: date = Field(description="整改期限")
    state: ItemState = Field(description="状态")
    overdue: bool = Field(description="已逾期 (not closed after its deadline)")
    report: str | None = Field(description="整改情况")
    reported_on: date | None = Field(description="报告日期")
    reported_by: str | None = Field(description="报告人账号")
    verification_note: str | None = Field(description="核验意见")
    verified_by: str | None = Field(description="核验人账号")
    closed_on: date | None = Field(description="销号日期")
    version: int = Field(description="版本号 (ETag)")


class InspectionRead(BaseModel):
    """An inspection with its findings and items (督查巡查)."""

    id: uuid.UUID = Field(description="督查标识")
    title: str = Field(description="名称")
    region_code: str = Field(description="被督查区划代码")
    year: int = Field(description="年度")
    held_on: date = Field(description="督查日期")
    findings: list[str] = Field(description="发现的问题")
    items: list[ItemRead] = Field(description="整改清单")


class InterviewRead(BaseModel):
    """An interview with its rectification list (约谈)."""

    id: uuid.UUID = Field(description="约谈标识")
    official_id: uuid.UUID | None = Field(description="被约谈干部标识")
    unit_name: str | None = Field(description="被约谈单位")
    region_code: str = Field(description="区划代码")
    interviewer: str = Field(description="约谈人")
    reason: str = Field(description="约谈事由")
    source: InterviewSource = Field(description="问题来源")
    inspection_id: uuid.UUID | None = Field(description="督查标识")
    red_flag_id: uuid.UUID | None = Field(description="数据预警标识")
    held_on: date = Field(description="约谈日期")
    issues: list[str] = Field(description="存在问题")
    state: InterviewState = Field(description="状态")
    closed_on: date | None = Field(description="办结日期")
    items: list[ItemRead] = Field(description="整改清单")
    version: int = Field(description="版本号 (ETag)")
