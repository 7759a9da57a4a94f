"""Bodies of the person lookup."""

from __future__ import annotations

import uuid

from pydantic import BaseModel, Field

from services.identification.codes import HouseholdStatus
from shared.schemas import IdNumber, StrictModel


class PersonLookup(StrictModel):
    """An ID number to look up; sent in the body so it never lands in URLs or access logs."""

    id_number: IdNumber


class PersonMembership(BaseModel):
    """Where a person is (or was) registered (人员所在户)."""

    member_id: uuid.UUID = Field(description="成员标识")
    household_id: uuid.UUID = Field(description="户标识")
    household_no: str = Field(description="户编号")
    region_code: str = Field(description="所在村区划代码")
    household_status: HouseholdStatus = Field(description="户状态")
    active: bool = Field(description="是否在册成员")
