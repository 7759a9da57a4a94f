"""Events the funds service publishes; amounts are yuan as text with two places, never floats."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from shared.events import EventData


class ProjectProposed(EventData):
    """A project entered a county's library as proposed (申报)."""

    TYPE: ClassVar[str] = "project.proposed"
    SUBJECT: ClassVar[str] = "project_id"
    ENTITY: ClassVar[str] = "project"
    project_id: str
    region_code: str
    project_type: str
    year: int
    budget: dict[str, str] = Field(description="budget by funding source, yuan")
    village_codes: list[str]
    household_ids: list[str]


class ProjectStepTaken(EventData):
    """A project moved along its lifecycle, or was adjusted or cancelled with a reason."""

    TYPE: ClassVar[str] = "project.step_taken"
    SUBJECT: ClassVar[str] = "project_id"
    ENTITY: ClassVar[str] = "project"
    project_id: str
    region_code: str
    step: str
    from_status: str
    to_status: str
    reason: str | None
    changed: list[str] = Field(default_factory=list, description="fields an adjustment changed")


class FundsAllocated(EventData):
    """Money from one source was allocated to a project (资金下达)."""

    TYPE: ClassVar[str] = "funds.allocated"
    SUBJECT: ClassVar[str] = "allocation_id"
    ENTITY: ClassVar[str] = "allocation"
    allocation_id: str
    project_id: str
    region_code: str
    source: str
    amount: str
    document_no: str


class PaymentPlanSet(EventData):
    """A project's staged payment plan was set (分期拨付计划)."""

    TYPE: ClassVar[str] = "payment_plan.set"
    SUBJECT: ClassVar[str] = "project_id"
    ENTITY: ClassVar[str] = "project"
    project_id: str
    region_code: str
    stages: list[dict[str, str | int]]


class BeneficiaryAccountSet(EventData):
    """A beneficiary's subsidy or one-card account was set; the account itself never travels."""

    TYPE: ClassVar[str] = "beneficiary.account_set"
    SUBJECT: ClassVar[str] = "household_id"
    ENTITY: ClassVar[str] = "beneficiary"
    project_id: str
    household_id: str
    subsidy: str | None
    region_code: str = Field(exclude=True, description="region of the envelope, not part of the data")


class ProgressRecorded(EventData):
    """A household's construction was recorded as reaching a stage."""

    TYPE: ClassVar[str] = "progress.recorded"
    SUBJECT: ClassVar[str] = "progress_id"
    ENTITY: ClassVar[str] = "progress"
    progress_id: str
    project_id: str
    household_id: str
    stage_no: int
    region_code: str = Field(exclude=True, description="region of the envelope, not part of the data")


class ProgressVerified(EventData):
    """Recorded progress was verified by a second official."""

    TYPE: ClassVar[str] = "progress.verified"
    SUBJECT: ClassVar[str] = "progress_id"
    ENTITY: ClassVar[str] = "progress"
    progress_id: str
    project_id: str
    household_id: str
    stage_no: int
    region_code: str = Field(exclude=True, description="region of the envelope, not part of the data")


class PaymentMade(EventData):
    """Money was paid out of a project's allocation (拨付), to a household's stage or a payee."""

    TYPE: ClassVar[str] = "payment.made"
    SUBJECT: ClassVar[str] = "payment_id"
    ENTITY: ClassVar[str] = "payment"
    payment_id: str
    project_id: str
    region_code: str
    source: str
    amount: str
    household_id: str | None
    stage_no: int | None


class SharesSet(EventData):
    """The shares an asset-income project holds for its households were set."""

    TYPE: ClassVar[str] = "asset_shares.set"
    SUBJECT: ClassVar[str] = "project_id"
    ENTITY: ClassVar[str] = "project"
    project_id: str
    region_code: str
    households: int
    shares: int


class DividendsDistributed(EventData):
    """A year's asset income was distributed: guaranteed minimum plus dividend by shares."""

    TYPE: ClassVar[str] = "dividends.distributed"
    SUBJECT: ClassVar[str] = "distribution_id"
    ENTITY: ClassVar[str] = "distribution"
    distribution_id: str
    project_id: str
    region_code: str
    year: int
    total: str
    guaranteed: str
    households: int
    short: bool = Field(description="the income did not cover every guarantee")


class LoanRecorded(EventData):
    """A micro-credit loan was issued or renewed without repaying principal (无还本续贷)."""

    TYPE: ClassVar[str] = "loan.recorded"
    SUBJECT: ClassVar[str] = "loan_id"
    ENTITY: ClassVar[str] = "loan"
    loan_id: str
    household_id: str
    region_code: str
    purpose: str
    amount: str
    term_months: int
    renews_id: str | None


class LoanChanged(EventData):
    """A loan's actual use or repayment was recorded."""

    TYPE: ClassVar[str] = "loan.changed"
    SUBJECT: ClassVar[str] = "loan_id"
    ENTITY: ClassVar[str] = "loan"
    loan_id: str
    region_code: str
    changed: list[str]
    status: str


class IndicatorSet(EventData):
    """A performance indicator was defined, or a period's target or actual value was set."""

    TYPE: ClassVar[str] = "indicator.set"
    SUBJECT: ClassVar[str] = "indicator_id"
    ENTITY: ClassVar[str] = "indicator"
    indicator_id: str
    region_code: str
    project_id: str | None
    name: str
    change: str = Field(description="defined, target (a period and its target) or actual")
    period_start: str | None = Field(description="ISO date; none when the indicator was defined")
    period_end: str | None
    value: str = Field(description="the baseline, target or actual set, in the indicator's unit")


class EvaluationMade(EventData):
    """A performance evaluation was scored from the indicators of a project or county."""

    TYPE: ClassVar[str] = "evaluation.made"
    SUBJECT: ClassVar[str] = "evaluation_id"
    ENTITY: ClassVar[str] = "evaluation"
    evaluation_id: str
    region_code: str
    project_id: str | None
    period_start: str
    period_end: str
    score: str
    grade: str
    rule: str


class AuditDrawn(EventData):
    """A tracking audit or spot check froze its population and drew its sample from a published seed."""

    TYPE: ClassVar[str] = "audit.drawn"
    SUBJECT: ClassVar[str] = "audit_id"
    ENTITY: ClassVar[str] = "audit"
    audit_id: str
    region_code: str
    kind: str
    sampled: str = Field(description="projects or payments")
    year: int
    seed: str
    algorithm: str
    population_size: int
    population_digest: str = Field(description="SHA-256 of the sorted population ids, one per line")
    sample: list[str]


class FindingRecorded(EventData):
    """A finding on a sampled item was recorded with the owner and deadline of its rectification."""

    TYPE: ClassVar[str] = "finding.recorded"
    SUBJECT: ClassVar[str] = "finding_id"
    ENTITY: ClassVar[str] = "finding"
    finding_id: str
    audit_id: str
    item_id: str
    region_code: str
    owner: str
    deadline: str


class RectificationReported(EventData):
    """The audited county reported a finding rectified (整改报告)."""

    TYPE: ClassVar[str] = "rectification.reported"
    SUBJECT: ClassVar[str] = "finding_id"
    ENTITY: ClassVar[str] = "finding"
    finding_id: str
    audit_id: str
    region_code: str


class RectificationVerified(EventData):
    """The auditors verified a reported rectification: accepted, or returned for more work."""

    TYPE: ClassVar[str] = "rectification.verified"
    SUBJECT: ClassVar[str] = "finding_id"
    ENTITY: ClassVar[str] = "finding"
    finding_id: str
    audit_id: str
    region_code: str
    accepted: bool
    status: str


class RectificationClosed(EventData):
    """A verified rectification was closed (销号)."""

    TYPE: ClassVar[str] = "rectification.closed"
    SUBJECT: ClassVar[str] = "finding_id"
    ENTITY: ClassVar[str] = "finding"
    finding_id: str
    audit_id: str
    region_code: str
class NoticeDrafted(EventData):
    """A notice was drafted or its draft edited (公告草拟); drafts are not yet public."""

    TYPE: ClassVar[str] = "notice.drafted"
    SUBJECT: ClassVar[str] = "notice_id"
    ENTITY: ClassVar[str] = "notice"
    notice_id: str
    project_id: str
    region_code: str
    kind: str
    changed: list[str] = Field(description="fields the edit changed (empty when drafted)")


class NoticePublished(EventData):
    """A notice was published with its publicity period (公告发布); it never changes again."""

    TYPE: ClassVar[str] = "notice.published"
    SUBJECT: ClassVar[str] = "notice_id"
    ENTITY: ClassVar[str] = "notice"
    notice_id: str
    project_id: str
    region_code: str
    kind: str
    starts_on: str = Field(description="first day of the publicity period (ISO date)")
    ends_on: str = Field(description="last day of the publicity period (ISO date)")
    supersedes_id: str | None = Field(description="the notice this one corrects")


class NoticeSuperseded(EventData):
    """A published notice was superseded by a correcting notice (更正); both stay readable."""

    TYPE: ClassVar[str] = "notice.superseded"
    SUBJECT: ClassVar[str] = "notice_id"
    ENTITY: ClassVar[str] = "notice"
    notice_id: str
    superseded_by_id: str
    project_id: str
    region_code: str
    reason: str


class ObjectionRecorded(EventData):
    """An objection to a published notice was recorded (异议); the objector never travels."""

    TYPE: ClassVar[str] = "objection.recorded"
    SUBJECT: ClassVar[str] = "objection_id"
    ENTITY: ClassVar[str] = "objection"
    objection_id: str
    notice_id: str
    project_id: str
    region_code: str
    channel: str


class ObjectionAnswered(EventData):
    """An objection was answered, upheld or rejected with a reason (异议答复)."""

    TYPE: ClassVar[str] = "objection.answered"
    SUBJECT: ClassVar[str] = "objection_id"
    ENTITY: ClassVar[str] = "objection"
    objection_id: str
    notice_id: str
    project_id: str
    region_code: str
    decision: str
