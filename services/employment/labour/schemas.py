"""Bodies of the labour force: a labourer's own record, as sent and as read."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from pydantic import BaseModel, Field, field_validator

from services.employment.codes import CertificateLevel, Education, EmploymentState, Place, Skill
from shared.schemas import MoneyStr, PastDate, StrictModel, not_null

Skills = Annotated[list[Skill], Field(max_length=30, description="技能")]
Places = Annotated[list[Place], Field(min_length=1, max_length=4, description="可接受的就业地")]


class Certificate(StrictModel):
    """A vocational skill certificate the labourer holds (职业技能证书)."""

    skill: Skill = Field(description="证书对应技能")
    level: CertificateLevel = Field(description="等级")
    issued_on: PastDate = Field(description="发证日期")


class LabourerCreate(StrictModel):
    """Register a member of the labour force with what employment records (劳动力登记)."""

    member_id: uuid.UUID = Field(description="成员标识 (identification's member id)")
    skills: Skills = Field(default_factory=list)
    certificates: Annotated[list[Certificate], Field(max_length=20, description="职业技能证书")] = \
        Field(default_factory=list)
    education: Education | None = Field(None, description="文化程度")
    wants_work: bool = Field(description="有就业意愿")
    wants_training: bool = Field(description="有培训意愿")
    places: Places = Field(description="可接受的就业地")
    wage_expectation: MoneyStr | None = Field(None, description="期望月工资（元）", examples=["3000.00"])
    employment: EmploymentState = Field(EmploymentState.UNEMPLOYED, description="就业状态")

    @field_validator("skills", "places")
    @classmethod
    def _distinct(cls, values: list[str]) -> list[str]:
        return sorted(set(values))


class LabourerUpdate(StrictModel):
    """Change what employment records about a labourer; absent fields stay as they are."""

    skills: Skills | None = None
    certificates: Annotated[list[Certificate] | None, Field(max_length=20, description="职业技能证书")] = None
    education: Education | None = Field(None, description="文化程度")
    wants_work: bool | None = Field(None, description="有就业意愿")
    wants_training: bool | None = Field(None, description="有培训意愿")
    places: Places | None = None
    wage_expectation: MoneyStr | None = Field(None, description="期望月工资（元）")
    employment: EmploymentState | None = Field(None, description="就业状态")

    @field_validator("skills", "places")
    @classmethod
    def _distinct(cls, values: list[str] | None) -> list[str] | None:
        return None if values is None else sorted(set(values))

    _not_null = not_null("skills", "certificates", "wants_work", "wants_training", "places", "employment")


class CertificateRead(BaseModel):
    """A certificate as recorded; `programme_id` names the training that led to it, if any."""

    skill: Skill = Field(description="证书对应技能")
    level: CertificateLevel = Field(description="等级")
    issued_on: date = Field(description="发证日期")
    programme_id: uuid.UUID | None = Field(None, description="培训项目标识")


class PersonRead(BaseModel):
    """What the register replica says about a person: no name, ID number or birth date (age instead)."""

    member_id: uuid.UUID = Field(description="成员标识")
    household_id: uuid.UUID = Field(description="户标识")
    household_no: str = Field(description="户编号")
    region_code: str = Field(description="所在村代码")
    sex: str = Field(description="性别")
    age: int = Field(description="年龄（周岁）")
    labour_capacity: str = Field(description="劳动能力")
    health_status: str = Field(description="健康状况")
    household_status: str = Field(description="户状态")


class LabourerRead(PersonRead):
    """A registered labourer: the replica's view and employment's own record (劳动力)."""

    in_labour_force: bool = Field(description="当前在劳动力范围内")
    outside_reason: str | None = Field(description="不在劳动力范围内的原因代码")
    skills: list[Skill] = Field(description="技能")
    certificates: list[CertificateRead] = Field(description="职业技能证书")
    education: Education | None = Field(description="文化程度")
    wants_work: bool = Field(description="有就业意愿")
    wants_training: bool = Field(description="有培训意愿")
    places: list[Place] = Field(description="可接受的就业地")
    wage_expectation: MoneyStr | None = Field(description="期望月工资（元）")
    employment: EmploymentState = Field(description="就业状态")
    version: int = Field(description="版本 (the ETag's number)")


class LabourForceItem(PersonRead):
    """A member of the labour force, registered with employment or not yet (劳动力名册)."""

    registered: bool = Field(description="已登记就业信息")
    wants_work: bool | None = Field(description="有就业意愿; null until registered")
    wants_training: bool | None = Field(description="有培训意愿; null until registered")
    employment: EmploymentState | None = Field(description="就业状态; null until registered")
