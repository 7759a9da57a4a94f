"""The body of a contact read."""

from __future__ import annotations

import uuid

from pydantic import BaseModel, Field


class MemberContactRead(BaseModel):
    """One member's contact details, nothing else of the record: no ID number, bank or health (联系方式)."""

    member_id: uuid.UUID = Field(description="成员标识")
    household_id: uuid.UUID = Field(description="户标识")
    region_code: str = Field(description="所在村区划代码")
    name: str = Field(description="姓名")
    phone: str | None = Field(description="本人联系电话 (in clear; every read is audited)")
    household_phone: str | None = Field(description="户联系电话 (in clear; every read is audited)")
    address: str = Field(description="家庭住址")
