"""Request and response bodies of tracking audits, spot checks, findings and rectification."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import BaseModel, Field

from services.funds.codes import AuditKind, AuditSubject, RectificationStatus
from shared.schemas import REGION_PREFIX_PATTERN, StrictModel

_ID = "0b6f1c2e-8a57-4e7e-9a55-1f0c8e3b9d21"
_DIGEST = "9f2c0d6b3a0f4e1d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d"


class AuditWrite(StrictModel):
    """Open a tracking audit or spot check: freeze the population and draw the sample (立项抽样)."""

    kind: AuditKind = Field(description="审计类型", examples=["spot_check"])
    subject: AuditSubject = Field(
        description="抽样对象: the region's projects of the year, or their payments", examples=["payments"]
    )
    title: str = Field(min_length=1, max_length=128, description="名称", examples=["2019年扶贫资金专项抽查"])
    region_code: str = Field(
        pattern=REGION_PREFIX_PATTERN, description="审计范围 (区划代码前缀)", examples=["4418"]
    )
    year: int = Field(ge=2016, le=2035, description="项目年度", examples=[2019])
    sample_size: int = Field(ge=1, le=500, description="样本量", examples=[5])
    seed: str | None = Field(
        None,
        min_length=1,
        max_length=64,
        pattern=r"^[0-9A-Za-z._:-]+$",
        description="随机种子 (published; one is generated when absent)",
        examples=["2019-qingyuan-spot-check"],
    )


class SampleItemRead(BaseModel):
    """An item the draw picked, in rank order."""

    rank: int = Field(description="序号", examples=[1])
    item_id: uuid.UUID = Field(description="抽中的项目或拨付记录", examples=[_ID])
    draw_key: str = Field(description="SHA-256 of seed:id, the key the draw ranked by", examples=[_DIGEST])
    project_id: uuid.UUID = Field(description="所属项目", examples=[_ID])
    county_code: str = Field(description="所属县 (the audited side)", examples=["441882000000"])


class AuditRead(BaseModel):
    """An audit with its published seed, its frozen population's size and digest, and its sample."""

    id: uuid.UUID = Field(description="审计标识", examples=[_ID])
    kind: AuditKind = Field(description="审计类型")
    subject: AuditSubject = Field(description="抽样对象")
    title: str = Field(description="名称", examples=["2019年扶贫资金专项抽查"])
    region_code: str = Field(description="审计范围", examples=["4418"])
    year: int = Field(description="项目年度", examples=[2019])
    seed: str = Field(description="随机种子", examples=["2019-qingyuan-spot-check"])
    algorithm: str = Field(
        description="抽样算法 (see the rules catalogue: funds.audit.reproducible_sample)",
        examples=["sha256-rank-v1"],
    )
    population_size: int = Field(description="总体数量", examples=[120])
    population_digest: str = Field(
        description="SHA-256 of the sorted population ids, one per line", examples=[_DIGEST]
    )
    sample: list[SampleItemRead] = Field(description="样本")
    drawn_by: str = Field(description="抽样人")
    drawn_at: datetime = Field(description="抽样时间")


class RedrawRead(BaseModel):
    """The sample drawn again from the stored seed and population, compared with the stored one."""

    audit_id: uuid.UUID = Field(description="审计标识", examples=[_ID])
    seed: str = Field(description="随机种子", examples=["2019-qingyuan-spot-check"])
    algorithm: str = Field(description="抽样算法", examples=["sha256-rank-v1"])
    population_digest: str = Field(
        description="the digest recomputed from the stored population", examples=[_DIGEST]
    )
    digest_matches: bool = Field(description="the recomputed digest equals the one published at the draw")
    sample: list[uuid.UUID] = Field(description="重新抽出的样本, in rank order", examples=[[_ID]])
    sample_matches: bool = Field(description="the redrawn sample equals the stored one, rank by rank")


class FindingWrite(StrictModel):
    """A finding on a sampled item, with who rectifies it by when (发现问题)."""

    item_id: uuid.UUID = Field(description="抽中的项目或拨付记录", examples=[_ID])
    description: str = Field(
        min_length=1, max_length=2000, description="问题描述", examples=["拨付凭证缺少乡镇核验签字"]
    )
    owner: str = Field(
        min_length=1, max_length=128, description="整改责任人（单位）", examples=["连州市财政局 张科长"]
    )
    deadline: date = Field(description="整改期限 (today or later)", examples=["2019-12-31"])


class ReportWrite(StrictModel):
    """The audited county's report that a finding is rectified (整改报告)."""

    report: str = Field(
        min_length=1, max_length=2000, description="整改情况", examples=["已补齐乡镇核验签字并归档"]
    )


class VerificationWrite(StrictModel):
    """The auditors' verification of a reported rectification (整改核验)."""

    accepted: bool = Field(description="核验通过 (false returns it to rectification)", examples=[True])
    note: str = Field(
        min_length=1, max_length=2000, description="核验意见", examples=["经现场核查，整改到位"]
    )


class ClosureWrite(StrictModel):
    """Close a verified rectification (销号)."""

    note: str = Field(min_length=1, max_length=500, description="销号说明", examples=["整改完成，予以销号"])


class FindingRead(BaseModel):
    """A finding and its rectification's progress, flagged when overdue."""

    id: uuid.UUID = Field(description="问题标识", examples=[_ID])
    audit_id: uuid.UUID = Field(description="审计标识", examples=[_ID])
    item_id: uuid.UUID = Field(description="抽中的项目或拨付记录", examples=[_ID])
    county_code: str = Field(description="被审计县", examples=["441882000000"])
    description: str = Field(description="问题描述", examples=["拨付凭证缺少乡镇核验签字"])
    owner: str = Field(description="整改责任人（单位）", examples=["连州市财政局 张科长"])
    deadline: date = Field(description="整改期限", examples=["2019-12-31"])
    status: RectificationStatus = Field(description="整改状态")
    overdue: bool = Field(description="still in rectification after the deadline (逾期)", examples=[False])
    recorded_by: str = Field(description="发现人")
    recorded_at: datetime = Field(description="发现时间")
    report: str | None = Field(description="整改情况")
    reported_by: str | None = Field(description="报告人")
    reported_at: datetime | None = Field(description="报告时间")
    verification_note: str | None = Field(description="核验意见 (the last one)")
    verified_by: str | None = Field(description="核验人")
    verified_at: datetime | None = Field(description="核验时间")
    closed_by: str | None = Field(description="销号人")
    closed_at: datetime | None = Field(description="销号时间")
    closure_note: str | None = Field(description="销号说明")


class PopulationItemRead(BaseModel):
    """One id of an audit's frozen population."""

    item_id: uuid.UUID = Field(description="项目或拨付记录标识", examples=[_ID])
