"""Response bodies of the funds reports and of the records behind their figures."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, Field

from services.funds.codes import FundingSource, ProjectStatus, ProjectType
from shared.schemas import MoneyStr, decimal_text

# A sum over many projects passes what one amount may be (a province's budget runs to billions).
Total = Annotated[Decimal, Field(ge=0, decimal_places=2), decimal_text(2)]

_HREF = "/api/v1/reports/funds/payments?year=2019&region=441882000000&source=provincial&project_type=road"


class Figures(BaseModel):
    """Budget, allocated and disbursed money, yuan (summed as integer fen)."""

    projects: int = Field(description="项目数", examples=[3])
    budget: Total = Field(description="预算（元）", examples=["900000.00"])
    allocated: Total = Field(description="已下达（元）", examples=["600000.00"])
    disbursed: Total = Field(description="已拨付（元）", examples=["240000.00"])
    payments: int = Field(description="拨付笔数", examples=[12])


class Links(BaseModel):
    """Where the records behind a figure are listed, page by page (cursor and limit)."""

    projects: str = Field(
        description="the projects' budget lines behind the figures",
        examples=[_HREF.replace("/payments", "/projects")],
    )
    allocations: str = Field(
        description="the allocations behind `allocated`",
        examples=[_HREF.replace("/payments", "/allocations")],
    )
    payments: str = Field(description="the payments behind `disbursed`", examples=[_HREF])


class ReportLine(Figures):
    """One cell row of a county's report: a funding source and a project type."""

    source: FundingSource = Field(description="资金来源")
    project_type: ProjectType = Field(description="项目类型")
    links: Links = Field(description="明细")


class Subtotal(Figures):
    """Figures summed over one funding source or one project type."""

    key: str = Field(description="the source or project type", examples=["provincial"])
    links: Links = Field(description="明细")


class CountyReport(Figures):
    """A county's figures for the year, by source and project type."""

    county_code: str = Field(description="县级区划代码", examples=["441882000000"])
    county_name: str | None = Field(description="县名", examples=["连州市"])
    lines: list[ReportLine] = Field(description="按资金来源和项目类型")
    links: Links = Field(description="明细")


class FundsReport(BaseModel):
    """The year's money of the counties in a region (a county's, a city's or the province's)."""

    year: int = Field(description="项目年度 (a project counts in its own year)", examples=[2019])
    region: str = Field(description="区划代码前缀", examples=["44"])
    counties: list[CountyReport] = Field(description="各县")
    by_source: list[Subtotal] = Field(description="按资金来源合计")
    by_project_type: list[Subtotal] = Field(description="按项目类型合计")
    total: Figures = Field(description="合计")


class ReportProject(BaseModel):
    """A project's budget line behind a report figure, with its ledger sums."""

    project_id: uuid.UUID = Field(description="项目标识")
    name: str = Field(description="项目名称", examples=["三古滩村危房改造"])
    county_code: str = Field(description="所属县", examples=["441882000000"])
    project_type: ProjectType = Field(description="项目类型")
    status: ProjectStatus = Field(description="状态")
    source: FundingSource = Field(description="资金来源")
    budget: MoneyStr = Field(description="预算（元）", examples=["300000.00"])
    allocated: MoneyStr = Field(description="已下达（元）", examples=["300000.00"])
    disbursed: MoneyStr = Field(description="已拨付（元）", examples=["60000.00"])


class ReportAllocation(BaseModel):
    """An allocation behind a report's `allocated` figure."""

    id: uuid.UUID = Field(description="下达标识")
    project_id: uuid.UUID = Field(description="项目标识")
    source: FundingSource = Field(description="资金来源")
    amount: MoneyStr = Field(description="金额（元）", examples=["300000.00"])
    document_no: str = Field(description="文号", examples=["粤财农〔2019〕1号"])
    allocated_on: date = Field(description="下达日期")


class ReportPayment(BaseModel):
    """A payment behind a report's `disbursed` figure (the account is not shown here)."""

    id: uuid.UUID = Field(description="拨付标识")
    project_id: uuid.UUID = Field(description="项目标识")
    source: FundingSource = Field(description="资金来源")
    amount: MoneyStr = Field(description="金额（元）", examples=["6000.00"])
    household_id: uuid.UUID | None = Field(description="受益户 (a staged payment)")
    stage_no: int | None = Field(description="阶段")
    paid_on: date = Field(description="拨付日期")
