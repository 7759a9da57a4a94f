"""Events the identification service publishes."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from shared.events import EventData


class HouseholdCreated(EventData):
    """A household entered the register as a candidate (a bulk import's come as household.imported)."""

    TYPE: ClassVar[str] = "household.created"
    SUBJECT: ClassVar[str] = "household_id"
    ENTITY: ClassVar[str] = "household"
    household_id: str
    household_no: str
    region_code: str
    status: str
    category: str
    member_count: int


class HouseholdUpdated(EventData):
    """A household's register data changed; `changed` names the fields."""

    TYPE: ClassVar[str] = "household.updated"
    SUBJECT: ClassVar[str] = "household_id"
    ENTITY: ClassVar[str] = "household"
    household_id: str
    region_code: str
    version: int
    changed: list[str]


class MemberAdded(EventData):
    """A person joined a household."""

    TYPE: ClassVar[str] = "member.added"
    SUBJECT: ClassVar[str] = "member_id"
    ENTITY: ClassVar[str] = "member"
    household_id: str
    member_id: str
    region_code: str
    relation: str
    labour_capacity: str


class MemberChanged(EventData):
    """A member's data changed; `changed` names the fields."""

    TYPE: ClassVar[str] = "member.changed"
    SUBJECT: ClassVar[str] = "member_id"
    ENTITY: ClassVar[str] = "member"
    household_id: str
    member_id: str
    changed: list[str]
    region_code: str = Field(exclude=True, description="region of the envelope, not part of the data")


class MemberLeft(EventData):
    """A person left a household (death, marriage, moved out …)."""

    TYPE: ClassVar[str] = "member.left"
    SUBJECT: ClassVar[str] = "member_id"
    ENTITY: ClassVar[str] = "member"
    household_id: str
    member_id: str
    reason: str
    region_code: str = Field(exclude=True, description="region of the envelope, not part of the data")


class HouseholdStatusChanged(EventData):
    """A household moved between lifecycle states."""

    TYPE: ClassVar[str] = "household.status_changed"
    SUBJECT: ClassVar[str] = "household_id"
    ENTITY: ClassVar[str] = "household"
    household_id: str
    region_code: str
    from_status: str | None
    to_status: str
    reason: str | None = None


class CampaignCreated(EventData):
    """A re-verification campaign (回头看) chose its households."""

    TYPE: ClassVar[str] = "campaign.created"
    SUBJECT: ClassVar[str] = "campaign_id"
    ENTITY: ClassVar[str] = "campaign"
    campaign_id: str
    name: str
    year: int
    region_code: str
    mode: str
    seed: int | None
    selected_count: int


class CampaignHouseholdsAssigned(EventData):
    """Households of a campaign were assigned to a cadre for verification."""

    TYPE: ClassVar[str] = "campaign.households_assigned"
    SUBJECT: ClassVar[str] = "campaign_id"
    ENTITY: ClassVar[str] = "campaign"
    campaign_id: str
    cadre_subject: str
    household_ids: list[str]
    region_code: str = Field(exclude=True, description="region of the envelope, not part of the data")


class VerificationRecorded(EventData):
    """A cadre recorded the verification result of a campaign household."""

    TYPE: ClassVar[str] = "verification.recorded"
    SUBJECT: ClassVar[str] = "household_id"
    ENTITY: ClassVar[str] = "household"
    campaign_id: str
    household_id: str
    verification_id: str
    outcome: str
    failed_conditions: list[str]
    region_code: str = Field(exclude=True, description="region of the envelope, not part of the data")


class CaseOpened(EventData):
    """A case (removal or correction) was opened for a cadre to act on through a procedure."""

    TYPE: ClassVar[str] = "case.opened"
    SUBJECT: ClassVar[str] = "case_id"
    ENTITY: ClassVar[str] = "case"
    case_id: str
    kind: str
    source: str
    household_id: str
    member_id: str | None
    region_code: str
    check_kind: str | None = None


class CaseClosed(EventData):
    """A case was closed: acted on through a procedure, or dismissed after verification."""

    TYPE: ClassVar[str] = "case.closed"
    SUBJECT: ClassVar[str] = "case_id"
    ENTITY: ClassVar[str] = "case"
    case_id: str
    household_id: str
    resolution: str
    reference: str | None
    region_code: str = Field(exclude=True, description="region of the envelope, not part of the data")


class CrossCheckImported(EventData):
    """A department list was compared with the register; counts only, never ID numbers."""

    TYPE: ClassVar[str] = "crosscheck.imported"
    SUBJECT: ClassVar[str] = "crosscheck_id"
    ENTITY: ClassVar[str] = "crosscheck"
    crosscheck_id: str
    department: str
    kind: str
    region_code: str
    row_count: int
    matched_count: int
    new_case_count: int


class VillageDisasterRecorded(EventData):
    """A disaster that struck a village was recorded."""

    TYPE: ClassVar[str] = "village.disaster_recorded"
    SUBJECT: ClassVar[str] = "village_code"
    ENTITY: ClassVar[str] = "region"
    REGION: ClassVar[str] = "village_code"
    disaster_id: str
    village_code: str
    kind: str
    occurred_on: str


class RuralPopulationSet(EventData):
    """A region's rural population for a year was set (poverty-incidence denominator)."""

    TYPE: ClassVar[str] = "region.rural_population_set"
    SUBJECT: ClassVar[str] = "region_code"
    ENTITY: ClassVar[str] = "region"
    region_code: str
    year: int
    population: int


class ProcedureStarted(EventData):
    """A procedure (identification, exit, removal, fast entry, return, village exit) began."""

    TYPE: ClassVar[str] = "procedure.started"
    SUBJECT: ClassVar[str] = "procedure_id"
    ENTITY: ClassVar[str] = "procedure"
    procedure_id: str
    kind: str
    subject_type: str
    subject_id: str
    region_code: str
    started_on: str


class ProcedureStepRecorded(EventData):
    """A step of a procedure was taken, refused or decided against."""

    TYPE: ClassVar[str] = "procedure.step_recorded"
    SUBJECT: ClassVar[str] = "procedure_id"
    ENTITY: ClassVar[str] = "procedure"
    procedure_id: str
    kind: str
    step: str
    outcome: str
    effective_on: str
    actor_role: str
    state: str
    next_step: str | None = None
    region_code: str = Field(exclude=True, description="region of the envelope, not part of the data")


class ProcedureClosed(EventData):
    """A procedure ended: completed, refused or cancelled."""

    TYPE: ClassVar[str] = "procedure.closed"
    SUBJECT: ClassVar[str] = "procedure_id"
    ENTITY: ClassVar[str] = "procedure"
    procedure_id: str
    kind: str
    subject_id: str
    state: str
    closed_on: str
    reason: str | None = None
    region_code: str = Field(exclude=True, description="region of the envelope, not part of the data")


class ObjectionRaised(EventData):
    """An objection was raised during a publicity period; the procedure waits for it."""

    TYPE: ClassVar[str] = "procedure.objection_raised"
    SUBJECT: ClassVar[str] = "procedure_id"
    ENTITY: ClassVar[str] = "procedure"
    procedure_id: str
    objection_id: str
    raised_on: str
    region_code: str = Field(exclude=True, description="region of the envelope, not part of the data")


class ObjectionResolved(EventData):
    """An objection was upheld (the procedure is refused) or dismissed (it resumes)."""

    TYPE: ClassVar[str] = "procedure.objection_resolved"
    SUBJECT: ClassVar[str] = "procedure_id"
    ENTITY: ClassVar[str] = "procedure"
    procedure_id: str
    objection_id: str
    outcome: str
    resolved_on: str
    procedure_state: str
    region_code: str = Field(exclude=True, description="region of the envelope, not part of the data")


class HouseholdIdentified(EventData):
    """A household entered the register as poor, by the full or the fast procedure."""

    TYPE: ClassVar[str] = "household.identified"
    SUBJECT: ClassVar[str] = "household_id"
    ENTITY: ClassVar[str] = "household"
    household_id: str
    region_code: str
    identified_on: str
    procedure_id: str
    via: str
    cause: str | None = None


class HouseholdExited(EventData):
    """A household exited poverty (脱贫) by a pathway, on a stored evaluation."""

    TYPE: ClassVar[str] = "household.exited"
    SUBJECT: ClassVar[str] = "household_id"
    ENTITY: ClassVar[str] = "household"
    household_id: str
    region_code: str
    exited_on: str
    exit_pathway: str
    procedure_id: str
    evaluation_id: str | None = None


class HouseholdRemoved(EventData):
    """An ineligible household was removed from the register (清退)."""

    TYPE: ClassVar[str] = "household.removed"
    SUBJECT: ClassVar[str] = "household_id"
    ENTITY: ClassVar[str] = "household"
    household_id: str
    region_code: str
    removed_on: str
    reason: str
    procedure_id: str


class HouseholdReturned(EventData):
    """An exited household fell back into poverty (返贫) and is helped again."""

    TYPE: ClassVar[str] = "household.returned"
    SUBJECT: ClassVar[str] = "household_id"
    ENTITY: ClassVar[str] = "household"
    household_id: str
    region_code: str
    returned_on: str
    cause: str
    procedure_id: str


class VillageExited(EventData):
    """A relatively poor village exited (出列)."""

    TYPE: ClassVar[str] = "village.exited"
    SUBJECT: ClassVar[str] = "village_code"
    ENTITY: ClassVar[str] = "region"
    REGION: ClassVar[str] = "village_code"
    village_code: str
    exited_on: str
    year: int
    procedure_id: str
    evaluation_id: str | None = None


class EvaluationRecorded(EventData):
    """A rule evaluation was stored with the decision it supports."""

    TYPE: ClassVar[str] = "evaluation.recorded"
    SUBJECT: ClassVar[str] = "evaluation_id"
    ENTITY: ClassVar[str] = "evaluation"
    evaluation_id: str
    kind: str
    subject_type: str
    subject_id: str
    region_code: str
    year: int
    standard_version: int
    verdict: bool


class PolicyStandardIssued(EventData):
    """An administrator issued a new version of a year's policy standard."""

    TYPE: ClassVar[str] = "policy_standard.issued"
    SUBJECT: ClassVar[str] = "standard_id"
    ENTITY: ClassVar[str] = "policy_standard"
    REGION: ClassVar[str] = "region_prefix"
    standard_id: int
    year: int
    region_prefix: str
    version: int
    reason: str


class VillageIncomeRecorded(EventData):
    """A village's income per head for a year was recorded (a new revision)."""

    TYPE: ClassVar[str] = "village_income.recorded"
    SUBJECT: ClassVar[str] = "village_code"
    ENTITY: ClassVar[str] = "region"
    REGION: ClassVar[str] = "village_code"
    village_code: str
    year: int
    revision: int
    income_per_head: str


class RegionChanged(EventData):
    """A village's designations, conditions or natural villages changed."""

    TYPE: ClassVar[str] = "region.changed"
    SUBJECT: ClassVar[str] = "region_code"
    ENTITY: ClassVar[str] = "region"
    region_code: str
    version: int
    changed: list[str]


class ImportCompleted(EventData):
    """A bulk import job finished; the counts say what it changed in the register."""

    TYPE: ClassVar[str] = "import.completed"
    SUBJECT: ClassVar[str] = "job_id"
    ENTITY: ClassVar[str] = "import_job"
    job_id: str
    state: str
    mode: str
    rows_done: int
    rows_rejected: int
    households_created: int
    households_updated: int
    members_added: int
    members_changed: int
    region_code: str = Field(exclude=True, description="region of the envelope, not part of the data")


class HouseholdImported(EventData):
    """A bulk import created or changed a household: one event per household and commit.

    It carries what the API spreads over household.created/updated, member.added/changed and
    household.status_changed, so a 200,000-household import writes 200,000 feed entries instead
    of over a million. members_added/members_changed items: member_id, relation,
    labour_capacity (and changed: comma-separated fields); transitions items: from_status,
    to_status, effective_on.
    """

    TYPE: ClassVar[str] = "household.imported"
    SUBJECT: ClassVar[str] = "household_id"
    ENTITY: ClassVar[str] = "household"
    household_id: str
    household_no: str
    region_code: str
    job_id: str
    created: bool
    status: str
    category: str
    version: int
    changed: list[str]
    members_added: list[dict[str, str]]
    members_changed: list[dict[str, str]]
    transitions: list[dict[str, str | None]]


class IncomeRecorded(EventData):
    """A household's income for a year was recorded (a new revision; earlier ones stay)."""

    TYPE: ClassVar[str] = "income.recorded"
    SUBJECT: ClassVar[str] = "household_id"
    ENTITY: ClassVar[str] = "household"
    household_id: str
    region_code: str
    year: int
    revision: int
    household_size: int
