"""Events the employment service publishes."""

from __future__ import annotations

from pydantic import Field

from shared.events import EventData


class LabourerRegistered(EventData, type="labourer.registered", subject="member_id", entity="labourer"):
    """A member of the labour force was registered with employment's own record (劳动力登记)."""

    member_id: str
    household_id: str
    region_code: str
    wants_work: bool
    wants_training: bool


class LabourerUpdated(EventData, type="labourer.updated", subject="member_id", entity="labourer"):
    """A labourer's own record changed; `changed` names the fields."""

    member_id: str
    region_code: str
    version: int
    changed: list[str]


class EmployerRegistered(EventData, type="employer.registered", subject="employer_id", entity="employer"):
    """An employer was registered by its unified social credit code (用人单位登记)."""

    employer_id: str
    credit_code: str
    region_code: str
    kind: str


class PositionPosted(EventData, type="position.posted", subject="position_id", entity="position"):
    """A position was posted (岗位发布)."""

    position_id: str
    employer_id: str
    region_code: str
    kind: str
    openings: int
    target_regions: list[str]


class PositionChanged(EventData, type="position.changed", subject="position_id", entity="position"):
    """A position's terms changed; `changed` names the fields."""

    position_id: str
    region_code: str
    version: int
    changed: list[str]


class _PlacementEvent(EventData, subject="placement_id", entity="placement"):
    """A placement moved to a state; the placement, the person and the position it joins."""

    placement_id: str
    member_id: str
    position_id: str
    region_code: str = Field(description="the labourer's village")


class PlacementRecommended(_PlacementEvent, type="placement.recommended"):
    """A person was matched to a position and recommended (人岗对接推荐)."""

    score: int


class PlacementApplied(_PlacementEvent, type="placement.applied"):
    """The person applied for the position (已报名)."""



class PlacementHired(_PlacementEvent, type="placement.hired"):
    """The employer hired the person; one opening is filled (已录用)."""



class PlacementEmployed(_PlacementEvent, type="placement.employed"):
    """The person started work (已上岗)."""

    started_on: str


class PlacementFollowedUp(_PlacementEvent, type="placement.followed_up"):
    """A follow-up 3 or 6 months after starting found the person still employed or not (跟踪回访)."""

    month: int
    still_employed: bool


class PlacementLeft(_PlacementEvent, type="placement.left"):
    """The person left the job (离岗)."""

    reason: str


class PlacementClosed(_PlacementEvent, type="placement.closed"):
    """A placement ended before a hire: declined, not selected or withdrawn (未成功)."""

    reason: str


class CounsellorAssigned(
    EventData, type="labourer.counsellor_assigned", subject="member_id", entity="labourer"
):
    """A counsellor was assigned to a labourer (一对一帮扶专人)."""

    member_id: str
    counsellor: str
    region_code: str


class PlanStepAdded(EventData, type="plan.step_added", subject="step_id", entity="plan_step"):
    """A step was added to a labourer's personal plan (个性化方案)."""

    step_id: str
    member_id: str
    kind: str
    due_on: str
    region_code: str


class PlanStepDone(EventData, type="plan.step_done", subject="step_id", entity="plan_step"):
    """A step of a personal plan was done (方案步骤完成)."""

    step_id: str
    member_id: str
    done_on: str
    region_code: str


class ContactLogged(EventData, type="contact.logged", subject="contact_id", entity="contact"):
    """A counsellor's contact with a labourer was logged (联系记录)."""

    contact_id: str
    member_id: str
    channel: str
    contacted_on: str
    region_code: str


class TrainingEnrolled(EventData, type="training.enrolled", subject="enrolment_id", entity="enrolment"):
    """A labourer enrolled in a training programme (报名参训)."""

    enrolment_id: str
    programme_id: str
    member_id: str
    region_code: str


class TrainingCompleted(EventData, type="training.completed", subject="enrolment_id", entity="enrolment"):
    """A trainee completed a programme (培训结业)."""

    enrolment_id: str
    programme_id: str
    member_id: str
    completed_on: str
    region_code: str


class SkillAppraised(EventData, type="training.appraised", subject="enrolment_id", entity="enrolment"):
    """A trainee took the free skill appraisal; passing gives a certificate (技能鉴定)."""

    enrolment_id: str
    member_id: str
    result: str
    certificate_level: str | None
    region_code: str


class SubsidyGranted(EventData, type="subsidy.granted", subject="subsidy_id", entity="subsidy"):
    """A training or appraisal subsidy was granted, once (补贴发放)."""

    subsidy_id: str
    enrolment_id: str
    member_id: str
    kind: str
    amount: str
    region_code: str


class ProgrammeCreated(EventData, type="programme.created", subject="programme_id", entity="programme"):
    """A free training programme was set up (培训项目)."""

    programme_id: str
    kind: str
    capacity: int
    region_code: str


class TrainingAttended(EventData, type="training.attended", subject="enrolment_id", entity="enrolment"):
    """A trainee attended a session (考勤)."""

    enrolment_id: str
    member_id: str
    session: int
    region_code: str
