"""Bodies of one-to-one service: the counsellor, the personal plan and the contact log."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from pydantic import BaseModel, Field

from services.employment.codes import ContactChannel, ContactPurpose, PlanStepKind
from shared.schemas import PastDate, StrictModel

Text200 = Annotated[str, Field(min_length=1, max_length=200)]


class CounsellorAssign(StrictModel):
    """Assign (or change) the labourer's counsellor (确定专人)."""

    counsellor: Annotated[str, Field(min_length=1, max_length=128,
                                     description="帮扶专人的账号 (token subject)")]
    counsellor_name: Annotated[str, Field(min_length=1, max_length=64, description="帮扶专人姓名")]
    on: PastDate = Field(description="确定日期")


class CounsellingRead(BaseModel):
    """Who counsels the labourer, since when."""

    member_id: uuid.UUID = Field(description="成员标识")
    counsellor: str = Field(description="帮扶专人账号")
    counsellor_name: str = Field(description="帮扶专人姓名")
    assigned_on: date = Field(description="确定日期")
    version: int = Field(description="版本")


class PlanStepCreate(StrictModel):
    """A dated step of the personal plan (方案步骤)."""

    kind: PlanStepKind = Field(description="步骤类型")
    action: Text200 = Field(description="具体内容")
    due_on: date = Field(description="计划日期")


class PlanStepDone(StrictModel):
    """A step was done, on a day, with its outcome."""

    done_on: PastDate = Field(description="完成日期")
    outcome: Text200 = Field(description="结果")


class PlanStepRead(BaseModel):
    """A step of the personal plan."""

    id: uuid.UUID = Field(description="步骤标识")
    kind: PlanStepKind = Field(description="步骤类型")
    action: str = Field(description="具体内容")
    due_on: date = Field(description="计划日期")
    done_on: date | None = Field(description="完成日期")
    outcome: str | None = Field(description="结果")
    overdue: bool = Field(description="已逾期未完成")
    version: int = Field(description="版本")


class ContactCreate(StrictModel):
    """A contact with the labourer (联系记录)."""

    contacted_on: PastDate = Field(description="联系日期")
    channel: ContactChannel = Field(description="联系方式")
    summary: Annotated[str, Field(min_length=1, max_length=500, description="情况")]
    next_contact_on: date | None = Field(None, description="下次联系日期")


class ContactRead(BaseModel):
    """A logged contact."""

    id: uuid.UUID = Field(description="标识")
    contacted_on: date = Field(description="联系日期")
    channel: ContactChannel = Field(description="联系方式")
    summary: str = Field(description="情况")
    next_contact_on: date | None = Field(description="下次联系日期")
    recorded_by: str = Field(description="记录人")


class ContactDetailsRead(BaseModel):
    """A labourer's contact details as the register holds them now; employment keeps no copy (联系方式)."""

    member_id: uuid.UUID = Field(description="成员标识")
    name: str = Field(description="姓名")
    phone: str | None = Field(description="本人联系电话")
    household_phone: str | None = Field(description="户联系电话")
    address: str = Field(description="家庭住址")
    purpose: ContactPurpose = Field(description="查询用途")
