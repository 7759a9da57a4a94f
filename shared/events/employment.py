"""Events the employment service publishes."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from shared.events import EventData


class LabourerRegistered(EventData):
    """A member of the labour force was registered with employment's own record (劳动力登记)."""

    TYPE: ClassVar[str] = "labourer.registered"
    SUBJECT: ClassVar[str] = "member_id"
    ENTITY: ClassVar[str] = "labourer"
    member_id: str
    household_id: str
    region_code: str
    wants_work: bool
    wants_training: bool


class LabourerUpdated(EventData):
    """A labourer's own record changed; `changed` names the fields."""

    TYPE: ClassVar[str] = "labourer.updated"
    SUBJECT: ClassVar[str] = "member_id"
    ENTITY: ClassVar[str] = "labourer"
    member_id: str
    region_code: str
    version: int
    changed: list[str]


class EmployerRegistered(EventData):
    """An employer was registered by its unified social credit code (用人单位登记)."""

    TYPE: ClassVar[str] = "employer.registered"
    SUBJECT: ClassVar[str] = "employer_id"
    ENTITY: ClassVar[str] = "employer"
    employer_id: str
    credit_code: str
    region_code: str
    kind: str


class PositionPosted(EventData):
    """A position was posted (岗位发布)."""

    TYPE: ClassVar[str] = "position.posted"
    SUBJECT: ClassVar[str] = "position_id"
    ENTITY: ClassVar[str] = "position"
    position_id: str
    employer_id: str
    region_code: str
    kind: str
    openings: int
    target_regions: list[str]


class PositionChanged(EventData):
    """A position's terms changed; `changed` names the fields."""

    TYPE: ClassVar[str] = "position.changed"
    SUBJECT: ClassVar[str] = "position_id"
    ENTITY: ClassVar[str] = "position"
    position_id: str
    region_code: str
    version: int
    changed: list[str]


class _PlacementEvent(EventData):
    """A placement moved to a state; the placement, the person and the position it joins."""

    SUBJECT: ClassVar[str] = "placement_id"
    ENTITY: ClassVar[str] = "placement"
    placement_id: str
    member_id: str
    position_id: str
    region_code: str = Field(description="the labourer's village")


class PlacementRecommended(_PlacementEvent):
    """A person was matched to a position and recommended (人岗对接推荐)."""

    TYPE: ClassVar[str] = "placement.recommended"
    score: int


class PlacementApplied(_PlacementEvent):
    """The person applied for the position (已报名)."""

    TYPE: ClassVar[str] = "placement.applied"


class PlacementHired(_PlacementEvent):
    """The employer hired the person; one opening is filled (已录用)."""

    TYPE: ClassVar[str] = "placement.hired"


class PlacementEmployed(_PlacementEvent):
    """The person started work (已上岗)."""

    TYPE: ClassVar[str] = "placement.employed"
    started_on: str


class PlacementFollowedUp(_PlacementEvent):
    """A follow-up 3 or 6 months after starting found the person still employed or not (跟踪回访)."""

    TYPE: ClassVar[str] = "placement.followed_up"
    month: int
    still_employed: bool


class PlacementLeft(_PlacementEvent):
    """The person left the job (离岗)."""

    TYPE: ClassVar[str] = "placement.left"
    reason: str


class PlacementClosed(_PlacementEvent):
    """A placement ended before a hire: declined, not selected or withdrawn (未成功)."""

    TYPE: ClassVar[str] = "placement.closed"
    reason: str


class CounsellorAssigned(EventData):
    """A counsellor was assigned to a labourer (一对一帮扶专人)."""

    TYPE: ClassVar[str] = "labourer.counsellor_assigned"
    SUBJECT: ClassVar[str] = "member_id"
    ENTITY: ClassVar[str] = "labourer"
    member_id: str
    counsellor: str
    region_code: str


class PlanStepAdded(EventData):
    """A step was added to a labourer's personal plan (个性化方案)."""

    TYPE: ClassVar[str] = "plan.step_added"
    SUBJECT: ClassVar[str] = "step_id"
    ENTITY: ClassVar[str] = "plan_step"
    step_id: str
    member_id: str
    kind: str
    due_on: str
    region_code: str


class PlanStepDone(EventData):
    """A step of a personal plan was done (方案步骤完成)."""

    TYPE: ClassVar[str] = "plan.step_done"
    SUBJECT: ClassVar[str] = "step_id"
    ENTITY: ClassVar[str] = "plan_step"
    step_id: str
    member_id: str
    done_on: str
    region_code: str


class ContactLogged(EventData):
    """A counsellor's contact with a labourer was logged (联系记录)."""

    TYPE: ClassVar[str] = "contact.logged"
    SUBJECT: ClassVar[str] = "contact_id"
    ENTITY: ClassVar[str] = "contact"
    contact_id: str
    member_id: str
    channel: str
    contacted_on: str
    region_code: str


class TrainingEnrolled(EventData):
    """A labourer enrolled in a training programme (报名参训)."""

    TYPE: ClassVar[str] = "training.enrolled"
    SUBJECT: ClassVar[str] = "enrolment_id"
    ENTITY: ClassVar[str] = "enrolment"
    enrolment_id: str
    programme_id: str
    member_id: str
    region_code: str


class TrainingCompleted(EventData):
    """A trainee completed a programme (培训结业)."""

    TYPE: ClassVar[str] = "training.completed"
    SUBJECT: ClassVar[str] = "enrolment_id"
    ENTITY: ClassVar[str] = "enrolment"
    enrolment_id: str
    programme_id: str
    member_id: str
    completed_on: str
    region_code: str


class SkillAppraised(EventData):
    """A trainee took the free skill appraisal; passing gives a certificate (技能鉴定)."""

    TYPE: ClassVar[str] = "training.appraised"
    SUBJECT: ClassVar[str] = "enrolment_id"
    ENTITY: ClassVar[str] = "enrolment"
    enrolment_id: str
    member_id: str
    result: str
    certificate_level: str | None
    region_code: str


class SubsidyGranted(EventData):
    """A training or appraisal subsidy was granted, once (补贴发放)."""

    TYPE: ClassVar[str] = "subsidy.granted"
    SUBJECT: ClassVar[str] = "subsidy_id"
    ENTITY: ClassVar[str] = "subsidy"
    subsidy_id: str
    enrolment_id: str
    member_id: str
    kind: str
    amount: str
    region_code: str


class ProgrammeCreated(EventData):
    """A free training programme was set up (培训项目)."""

    TYPE: ClassVar[str] = "programme.created"
    SUBJECT: ClassVar[str] = "programme_id"
    ENTITY: ClassVar[str] = "programme"
    programme_id: str
    kind: str
    capacity: int
    region_code: str


class TrainingAttended(EventData):
    """A trainee attended a session (考勤)."""

    TYPE: ClassVar[str] = "training.attended"
    SUBJECT: ClassVar[str] = "enrolment_id"
    ENTITY: ClassVar[str] = "enrolment"
    enrolment_id: str
    member_id: str
    session: int
    region_code: str
