"""Request and response bodies of notices and objections, for officials and for the public."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, Field

from services.funds.codes import (
    NoticeKind,
    NoticeStatus,
    ObjectionChannel,
    ObjectionDecision,
    ObjectionStatus,
    ProjectType,
)
from shared.codes import Labeled
from shared.schemas import MoneyStr, PastDate, Phone, StrictModel, relation

# Letters or Chinese characters (with the middle dot of minority and foreign names), as the schema states.
PersonName = Annotated[str, Field(min_length=1, max_length=32, pattern="^[\u3400-\u9fffA-Za-z·•]+$",
                                  description="姓名（汉字或字母）", examples=["张三明"])]
# Text holds more than white space (it is stripped: a blank text would be empty), as the schema says.
_WORDS = r"\S"
Title = Annotated[str, Field(min_length=1, max_length=128, pattern=_WORDS, description="公告标题",
                             examples=["三古滩村危房改造项目计划公示"])]
Content = Annotated[str, Field(min_length=1, max_length=4000, pattern=_WORDS,
                               description="公告正文（不得含身份证号、电话、账号）",
                               examples=["经村民代表会议研究，拟实施以下项目，现予公示。"])]
Reason = Annotated[str, Field(min_length=1, max_length=2000, pattern=_WORDS, description="理由")]


_AFTER_START = relation("starts_on", "not before", "dates_out_of_order")


class PeriodState(Labeled):
    """Where today falls in a notice's publicity period."""

    UPCOMING = "upcoming", "未开始"
    OPEN = "open", "公示中"
    CLOSED = "closed", "公示期满"


class NoticeLineWrite(StrictModel):
    """A beneficiary household the notice lists, with its head's name as posted (masked in public)."""

    household_id: uuid.UUID = Field(description="户标识 (a beneficiary of the project)")
    head_name: PersonName = Field(description="户主姓名 (encrypted; 张*明 in public)")


class NoticeWrite(StrictModel):
    """A notice drafted for a project (公告草稿); a correction names the notice it supersedes."""

    kind: NoticeKind = Field(description="公告类别")
    title: Title
    content: Content
    starts_on: date = Field(description="公示开始日期（含）")
    ends_on: date = Field(description="公示结束日期（含）", json_schema_extra=_AFTER_START)
    lines: list[NoticeLineWrite] = Field(default_factory=list, max_length=500, description="公示的受益户")
    supersedes_id: uuid.UUID | None = Field(None, description="所更正的现行公告")
    correction_reason: Reason | None = Field(None, description="更正理由 (required with supersedes_id)")


class NoticeEdit(StrictModel):
    """Changes to a draft notice; a published notice is never edited."""

    title: Title | None = None
    content: Content | None = None
    starts_on: date | None = Field(None, description="公示开始日期（含）")
    ends_on: date | None = Field(None, description="公示结束日期（含）", json_schema_extra=_AFTER_START)
    lines: list[NoticeLineWrite] | None = Field(None, max_length=500, description="公示的受益户")
    correction_reason: Reason | None = Field(None, description="更正理由")


class ObjectionCounts(BaseModel):
    """How many objections a notice has, by state (异议情况)."""

    pending: int = Field(description="待答复")
    upheld: int = Field(description="异议成立")
    rejected: int = Field(description="异议不成立")


class NoticeLineRead(BaseModel):
    """A listed household: its head's name masked without pii:read (公示名单)."""

    household_id: uuid.UUID = Field(description="户标识")
    village_code: str = Field(description="所在村")
    head_name: str | None = Field(description="户主姓名 (张*明 without pii:read)")
    amount: MoneyStr | None = Field(description="补助金额（元）")


class NoticeRead(BaseModel):
    """A notice as officials read it (公告)."""

    id: uuid.UUID = Field(description="公告标识")
    project_id: uuid.UUID = Field(description="项目标识")
    county_code: str = Field(description="所属县")
    kind: NoticeKind = Field(description="公告类别")
    title: str = Field(description="公告标题")
    content: str = Field(description="公告正文")
    starts_on: date = Field(description="公示开始日期")
    ends_on: date = Field(description="公示结束日期")
    days: int = Field(description="公示天数（含首尾）")
    period: PeriodState = Field(description="公示期状态")
    status: NoticeStatus = Field(description="公告状态")
    supersedes_id: uuid.UUID | None = Field(description="所更正的公告")
    superseded_by_id: uuid.UUID | None = Field(description="更正本公告的公告")
    correction_reason: str | None = Field(description="更正理由")
    lines: list[NoticeLineRead] = Field(description="公示的受益户")
    objections: ObjectionCounts = Field(description="异议情况")
    created_by: str = Field(description="拟稿人")
    created_at: datetime = Field(description="拟稿时间")
    published_by: str | None = Field(description="发布人")
    published_at: datetime | None = Field(description="发布时间")
    version: int = Field(description="版本")


class ObjectionWrite(StrictModel):
    """An objection an official records for someone (干部登记异议), as received."""

    content: Content = Field(description="异议内容")
    received_on: PastDate = Field(description="收到异议的日期 (within the publicity period)")
    objector_name: PersonName | None = Field(None, description="异议人姓名 (encrypted)")
    contact: Phone | None = Field(None, description="异议人联系电话 (encrypted)")


class PublicObjectionWrite(StrictModel):
    """An objection from the public (群众异议); name and contact are optional, encrypted, never shown."""

    content: Content = Field(description="异议内容")
    objector_name: PersonName | None = Field(None, description="异议人姓名（可不填，加密保存，不公开）")
    contact: Phone | None = Field(None, description="联系电话（可不填，加密保存，不公开；用于答复）")


class AnswerWrite(StrictModel):
    """The county's answer to an objection (异议答复)."""

    decision: ObjectionDecision = Field(description="答复结论")
    reason: Reason = Field(description="答复理由")


class ObjectionRead(BaseModel):
    """An objection as officials read it; name and contact masked without pii:read (异议)."""

    id: uuid.UUID = Field(description="异议标识")
    notice_id: uuid.UUID = Field(description="公告标识")
    channel: ObjectionChannel = Field(description="提出方式")
    content: str = Field(description="异议内容")
    objector_name: str | None = Field(description="异议人姓名 (masked without pii:read)")
    contact: str | None = Field(description="联系电话 (masked without pii:read)")
    status: ObjectionStatus = Field(description="答复状态")
    received_on: date = Field(description="收到日期")
    recorded_by: str = Field(description="登记人 (public: 群众在线提出)")
    recorded_at: datetime = Field(description="登记时间")
    answer: str | None = Field(description="答复理由")
    answered_by: str | None = Field(description="答复人")
    answered_at: datetime | None = Field(description="答复时间")


class ObjectionReceipt(BaseModel):
    """The receipt a public objector gets: nothing of what they sent is echoed back (异议回执)."""

    id: uuid.UUID = Field(description="异议编号，可凭此查询")
    notice_id: uuid.UUID = Field(description="公告标识")
    status: ObjectionStatus = Field(description="答复状态")
    received_on: date = Field(description="收到日期")


class PublicLine(BaseModel):
    """A listed household as the public sees it: village and masked name only (公示名单)."""

    village_code: str = Field(description="村代码")
    village_name: str | None = Field(description="村名")
    head_name: str = Field(description="户主姓名（部分隐去，如 张*明）")
    amount: MoneyStr | None = Field(description="补助金额（元）")


class PublicNotice(BaseModel):
    """A published notice as anyone may read it: no ID, phone or account numbers, names masked (公告)."""

    id: uuid.UUID = Field(description="公告标识")
    project_id: uuid.UUID = Field(description="项目标识")
    project_name: str = Field(description="项目名称")
    project_type: ProjectType = Field(description="项目类型")
    county_code: str = Field(description="县代码")
    county_name: str | None = Field(description="县名")
    kind: NoticeKind = Field(description="公告类别")
    title: str = Field(description="公告标题")
    content: str = Field(description="公告正文")
    starts_on: date = Field(description="公示开始日期")
    ends_on: date = Field(description="公示结束日期")
    days: int = Field(description="公示天数（含首尾）")
    period: PeriodState = Field(description="公示期状态")
    status: NoticeStatus = Field(description="公告状态 (published or superseded)")
    supersedes_id: uuid.UUID | None = Field(description="所更正的公告")
    superseded_by_id: uuid.UUID | None = Field(description="更正本公告的公告")
    correction_reason: str | None = Field(description="更正理由")
    published_at: datetime = Field(description="发布时间")
    lines: list[PublicLine] = Field(description="公示的受益户")
    objections: ObjectionCounts = Field(description="异议情况（数量）")
