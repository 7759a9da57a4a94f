"""Events the funds service publishes; amounts are yuan as text with two places, never floats."""

from __future__ import annotations

from pydantic import Field

from shared.events import EnvelopeRegionData, EventData


class ProjectProposed(EventData, type="project.proposed", subject="project_id", entity="project"):
    """A project entered a county's library as proposed (申报)."""

    project_id: str
    region_code: str
    project_type: str
    year: int
    budget: dict[str, str] = Field(description="budget by funding source, yuan")
    village_codes: list[str]
    household_ids: list[str]


class ProjectStepTaken(EventData, type="project.step_taken", subject="project_id", entity="project"):
    """A project moved along its lifecycle, or was adjusted or cancelled with a reason."""

    project_id: str
    region_code: str
    step: str
    from_status: str
    to_status: str
    reason: str | None
    changed: list[str] = Field(default_factory=list, description="fields an adjustment changed")


class FundsAllocated(EventData, type="funds.allocated", subject="allocation_id", entity="allocation"):
    """Money from one source was allocated to a project (资金下达)."""

    allocation_id: str
    project_id: str
    region_code: str
    source: str
    amount: str
    document_no: str


class PaymentPlanSet(EventData, type="payment_plan.set", subject="project_id", entity="project"):
    """A project's staged payment plan was set (分期拨付计划)."""

    project_id: str
    region_code: str
    stages: list[dict[str, str | int]]


class BeneficiaryAccountSet(
    EnvelopeRegionData, type="beneficiary.account_set", subject="household_id", entity="beneficiary"
):
    """A beneficiary's subsidy or one-card account was set; the account itself never travels."""

    project_id: str
    household_id: str
    subsidy: str | None


class ProgressRecorded(
    EnvelopeRegionData, type="progress.recorded", subject="progress_id", entity="progress"
):
    """A household's construction was recorded as reaching a stage."""

    progress_id: str
    project_id: str
    household_id: str
    stage_no: int


class ProgressVerified(
    EnvelopeRegionData, type="progress.verified", subject="progress_id", entity="progress"
):
    """Recorded progress was verified by a second official."""

    progress_id: str
    project_id: str
    household_id: str
    stage_no: int


class PaymentMade(EventData, type="payment.made", subject="payment_id", entity="payment"):
    """Money was paid out of a project's allocation (拨付), to a household's stage or a payee."""

    payment_id: str
    project_id: str
    region_code: str
    source: str
    amount: str
    household_id: str | None
    stage_no: int | None


class SharesSet(EventData, type="asset_shares.set", subject="project_id", entity="project"):
    """The shares an asset-income project holds for its households were set."""

    project_id: str
    region_code: str
    households: int
    shares: int


class DividendsDistributed(
    EventData, type="dividends.distributed", subject="distribution_id", entity="distribution"
):
    """A year's asset income was distributed: guaranteed minimum plus dividend by shares."""

    distribution_id: str
    project_id: str
    region_code: str
    year: int
    total: str
    guaranteed: str
    households: int
    short: bool = Field(description="the income did not cover every guarantee")


class LoanRecorded(EventData, type="loan.recorded", subject="loan_id", entity="loan"):
    """A micro-credit loan was issued or renewed without repaying principal (无还本续贷)."""

    loan_id: str
    household_id: str
    region_code: str
    purpose: str
    amount: str
    term_months: int
    renews_id: str | None


class LoanChanged(EventData, type="loan.changed", subject="loan_id", entity="loan"):
    """A loan's actual use or repayment was recorded."""

    loan_id: str
    region_code: str
    changed: list[str]
    status: str


class IndicatorSet(EventData, type="indicator.set", subject="indicator_id", entity="indicator"):
    """A performance indicator was defined, or a period's target or actual value was set."""

    indicator_id: str
    region_code: str
    project_id: str | None
    name: str
    change: str = Field(description="defined, target (a period and its target) or actual")
    period_start: str | None = Field(description="ISO date; none when the indicator was defined")
    period_end: str | None
    value: str = Field(description="the baseline, target or actual set, in the indicator's unit")


class EvaluationMade(EventData, type="evaluation.made", subject="evaluation_id", entity="evaluation"):
    """A performance evaluation was scored from the indicators of a project or county."""

    evaluation_id: str
    region_code: str
    project_id: str | None
    period_start: str
    period_end: str
    score: str
    grade: str
    rule: str


class AuditDrawn(EventData, type="audit.drawn", subject="audit_id", entity="audit"):
    """A tracking audit or spot check froze its population and drew its sample from a published seed."""

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


class FindingRecorded(EventData, type="finding.recorded", subject="finding_id", entity="finding"):
    """A finding on a sampled item was recorded with the owner and deadline of its rectification."""

    finding_id: str
    audit_id: str
    item_id: str
    region_code: str
    owner: str
    deadline: str


class RectificationReported(EventData, type="rectification.reported", subject="finding_id", entity="finding"):
    """The audited county reported a finding rectified (整改报告)."""

    finding_id: str
    audit_id: str
    region_code: str


class RectificationVerified(EventData, type="rectification.verified", subject="finding_id", entity="finding"):
    """The auditors verified a reported rectification: accepted, or returned for more work."""

    finding_id: str
    audit_id: str
    region_code: str
    accepted: bool
    status: str


class RectificationClosed(EventData, type="rectification.closed", subject="finding_id", entity="finding"):
    """A verified rectification was closed (销号)."""

    finding_id: str
    audit_id: str
    region_code: str
class NoticeDrafted(EventData, type="notice.drafted", subject="notice_id", entity="notice"):
    """A notice was drafted or its draft edited (公告草拟); drafts are not yet public."""

    notice_id: str
    project_id: str
    region_code: str
    kind: str
    changed: list[str] = Field(description="fields the edit changed (empty when drafted)")


class NoticePublished(EventData, type="notice.published", subject="notice_id", entity="notice"):
    """A notice was published with its publicity period (公告发布); it never changes again."""

    notice_id: str
    project_id: str
    region_code: str
    kind: str
    starts_on: str = Field(description="first day of the publicity period (ISO date)")
    ends_on: str = Field(description="last day of the publicity period (ISO date)")
    supersedes_id: str | None = Field(description="the notice this one corrects")


class NoticeSuperseded(EventData, type="notice.superseded", subject="notice_id", entity="notice"):
    """A published notice was superseded by a correcting notice (更正); both stay readable."""

    notice_id: str
    superseded_by_id: str
    project_id: str
    region_code: str
    reason: str


class ObjectionRecorded(EventData, type="objection.recorded", subject="objection_id", entity="objection"):
    """An objection to a published notice was recorded (异议); the objector never travels."""

    objection_id: str
    notice_id: str
    project_id: str
    region_code: str
    channel: str


class ObjectionAnswered(EventData, type="objection.answered", subject="objection_id", entity="objection"):
    """An objection was answered, upheld or rejected with a reason (异议答复)."""

    objection_id: str
    notice_id: str
    project_id: str
    region_code: str
    decision: str
