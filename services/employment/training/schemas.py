"""Bodies of training: programmes, enrolments, attendance, appraisal and subsidies."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, Field

from services.employment.codes import (
    Appraisal,
    CertificateLevel,
    EnrolmentState,
    ProgrammeKind,
    Skill,
    SubsidyKind,
)
from services.employment.jobs.schemas import PlaceCode
from shared.schemas import MoneyStr, PastDate, StrictModel, relation

Sessions = Annotated[int, Field(ge=1, le=500)]


class ProgrammeCreate(StrictModel):
    """A free training programme and the subsidies it pays per trainee (培训项目)."""

    name: Annotated[str, Field(min_length=1, max_length=100, description="项目名称")]
    kind: ProgrammeKind = Field(description="培训类别")
    skill: Skill = Field(description="培训技能 (the certificate's skill)")
    provider: Annotated[str, Field(min_length=1, max_length=100, description="培训机构")]
    region_code: PlaceCode
    starts_on: date = Field(description="开班日期")
    ends_on: date = Field(description="结业日期",
                          json_schema_extra=relation("starts_on", "not before", "period_inverted"))
    sessions: Sessions = Field(description="课次")
    sessions_to_complete: Sessions = Field(description="结业所需出勤课次", json_schema_extra=relation(
        "sessions", "not above", "more_than_sessions"))
    capacity: Annotated[int, Field(ge=1, le=10_000, description="名额")]
    training_subsidy: MoneyStr = Field(description="每人职业培训补贴（元）", examples=["1200.00"])
    appraisal_subsidy: MoneyStr = Field(description="每人技能鉴定补贴（元）", examples=["300.00"])


class ProgrammeRead(BaseModel):
    """A training programme."""

    id: uuid.UUID = Field(description="项目标识")
    name: str = Field(description="项目名称")
    kind: ProgrammeKind = Field(description="培训类别")
    skill: Skill = Field(description="培训技能")
    provider: str = Field(description="培训机构")
    region_code: str = Field(description="举办地")
    starts_on: date = Field(description="开班日期")
    ends_on: date = Field(description="结业日期")
    sessions: int = Field(description="课次")
    sessions_to_complete: int = Field(description="结业所需出勤课次")
    capacity: int = Field(description="名额")
    enrolled: int = Field(description="已报名")
    training_subsidy: MoneyStr = Field(description="每人职业培训补贴（元）")
    appraisal_subsidy: MoneyStr = Field(description="每人技能鉴定补贴（元）")
    version: int = Field(description="版本")


class EnrolmentCreate(StrictModel):
    """Enrol a labourer who wants training (报名)."""

    member_id: uuid.UUID = Field(description="成员标识")
    on: PastDate = Field(description="报名日期")


class AttendanceCreate(StrictModel):
    """A session attended (考勤)."""

    session: Sessions = Field(description="课次")
    on: PastDate = Field(description="日期")


class CompletionCreate(StrictModel):
    """The trainee completed (结业)."""

    on: PastDate = Field(description="结业日期")


class AppraisalCreate(StrictModel):
    """The free skill appraisal's result (免费技能鉴定)."""

    on: PastDate = Field(description="鉴定日期")
    result: Appraisal = Field(description="结果")
    certificate_level: CertificateLevel | None = Field(None, description="证书等级; required when passed")


class SubsidyCreate(StrictModel):
    """Claim a subsidy for an enrolment; the amount comes from the programme (补贴申领)."""

    kind: SubsidyKind = Field(description="补贴类别")
    on: PastDate = Field(description="发放日期")


class SubsidyRead(BaseModel):
    """A granted subsidy."""

    id: uuid.UUID = Field(description="标识")
    kind: SubsidyKind = Field(description="补贴类别")
    amount: MoneyStr = Field(description="金额（元）")
    granted_on: date = Field(description="发放日期")


class EnrolmentRead(BaseModel):
    """A trainee's record in a programme (参训记录)."""

    id: uuid.UUID = Field(description="标识")
    programme_id: uuid.UUID = Field(description="项目标识")
    member_id: uuid.UUID = Field(description="成员标识")
    region_code: str = Field(description="劳动力所在村")
    state: EnrolmentState = Field(description="状态")
    enrolled_on: date = Field(description="报名日期")
    sessions_attended: int = Field(description="出勤课次")
    completed_on: date | None = Field(description="结业日期")
    appraised_on: date | None = Field(description="鉴定日期")
    appraisal: Appraisal | None = Field(description="鉴定结果")
    certificate_level: CertificateLevel | None = Field(description="证书等级")
    subsidies: list[SubsidyRead] = Field(description="已发放补贴")
    version: int = Field(description="版本")


def amount_text(value: Decimal) -> str:
    """Money as the events carry it: two places."""
    return f"{value:.2f}"
