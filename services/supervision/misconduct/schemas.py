"""Request and response bodies of misconduct leads and the blacklist."""

from __future__ import annotations

import uuid
from datetime import date

from pydantic import BaseModel, Field

from services.supervision.codes import BlacklistReason, BlacklistState, LeadKind, LeadSource, LeadState
from shared.schemas import IdNumber, PastDate, RegionCode, StrictModel


class LeadCreate(StrictModel):
    """A misconduct lead (问题线索)."""

    kind: LeadKind = Field(description="问题类型")
    source: LeadSource = Field(description="线索来源")
    region_code: RegionCode = Field(description="发生地区划代码", examples=["441882100201"])
    official_id: uuid.UUID | None = Field(None, description="涉及干部标识")
    red_flag_id: uuid.UUID | None = Field(None, description="数据预警标识 (source=red_flag)")
    summary: str = Field(min_length=1, max_length=4000, description="线索内容 (sealed; pii:read to read)")
    received_on: PastDate = Field(description="受理日期", examples=["2019-08-01"])


class LeadStep(StrictModel):
    """A lead's next handling step (办理)."""

    state: LeadState = Field(description="新状态")
    note: str = Field(min_length=1, max_length=2000, description="办理情况", examples=["已移送市纪委监委"])


class LeadRead(BaseModel):
    """A misconduct lead and its handling (问题线索)."""

    id: uuid.UUID = Field(description="线索标识")
    kind: LeadKind = Field(description="问题类型")
    source: LeadSource = Field(description="线索来源")
    region_code: str = Field(description="区划代码")
    official_id: uuid.UUID | None = Field(description="涉及干部标识")
    red_flag_id: uuid.UUID | None = Field(description="数据预警标识")
    summary: str | None = Field(description="线索内容; null unless pii:read")
    received_on: date = Field(description="受理日期")
    state: LeadState = Field(description="办理状态")
    outcome_note: str | None = Field(description="办理情况")
    version: int = Field(description="版本号 (ETag)")


class EntryCreate(StrictModel):
    """A blacklist entry by a decision, for a term (列入失信人员名单)."""

    id_number: IdNumber = Field(examples=["441882197005010011"])
    reason: BlacklistReason = Field(description="列入事由")
    region_code: RegionCode = Field(description="作出决定的区划代码", examples=["441882000000"])
    decision_reference: str = Field(
        min_length=1, max_length=128, description="列入决定文号 (required)", examples=["连扶失信〔2019〕1号"]
    )
    decided_on: PastDate = Field(description="决定日期", examples=["2019-09-01"])
    listed_until: date = Field(description="列入期限 (最后一日, 晚于决定日期)", examples=["2021-08-31"])


class AppealCreate(StrictModel):
    """An appeal by the listed person (申诉)."""

    filed_on: PastDate = Field(description="申诉日期", examples=["2019-09-20"])
    grounds: str = Field(
        min_length=1, max_length=2000, description="申诉理由", examples=["已退回全部冒领资金"]
    )


class AppealDecision(StrictModel):
    """The decision on an appeal: upheld lifts the entry, refused keeps it (申诉决定)."""

    upheld: bool = Field(description="申诉成立")
    decided_on: PastDate = Field(description="决定日期", examples=["2019-10-10"])
    reference: str = Field(
        min_length=1, max_length=128, description="申诉决定文号", examples=["连扶复〔2019〕2号"]
    )


class EntryLift(StrictModel):
    """Lifting an entry after its term (期满移出)."""

    lifted_on: PastDate = Field(description="移出日期", examples=["2021-09-01"])


class EntryRead(BaseModel):
    """A blacklist entry; the ID number masked unless pii:read (失信人员)."""

    id: uuid.UUID = Field(description="名单记录标识")
    id_number: str | None = Field(description="公民身份号码 (masked unless pii:read)")
    reason: BlacklistReason = Field(description="列入事由")
    region_code: str = Field(description="区划代码")
    decision_reference: str = Field(description="列入决定文号")
    decided_on: date = Field(description="决定日期")
    listed_until: date = Field(description="列入期限")
    state: BlacklistState = Field(description="状态")
    appeal_filed_on: date | None = Field(description="申诉日期")
    appeal_decision_reference: str | None = Field(description="申诉决定文号")
    lifted_on: date | None = Field(description="移出日期")
    lift_reason: str | None = Field(description="移出原因: term_ended 期满, appeal_upheld 申诉成立")
    version: int = Field(description="版本号 (ETag)")


class StandingEntry(BaseModel):
    """A standing entry as other services see it: no ID number, no region (在列记录)."""

    reason: BlacklistReason = Field(description="列入事由")
    listed_until: date = Field(description="列入期限")
    state: BlacklistState = Field(description="状态 (listed or appealed)")


class LookupResult(BaseModel):
    """Whether a person stands on the blacklist, asked by the ID-number lookup hash (失信查询)."""

    id_number_hash: str = Field(description="身份证号码查找哈希")
    listed: bool = Field(description="是否在列")
    entries: list[StandingEntry] = Field(description="在列记录")
