"""Events the identification service publishes."""

from __future__ import annotations

from shared.events import EnvelopeRegionData, EventData


class HouseholdCreated(EventData, type="household.created", subject="household_id", entity="household"):
    """A household entered the register as a candidate (a bulk import's come as household.imported)."""

    household_id: str
    household_no: str
    region_code: str
    status: str
    category: str
    member_count: int


class HouseholdUpdated(EventData, type="household.updated", subject="household_id", entity="household"):
    """A household's register data changed; `changed` names the fields."""

    household_id: str
    region_code: str
    version: int
    changed: list[str]


class MemberAdded(EventData, type="member.added", subject="member_id", entity="member"):
    """A person joined a household."""

    household_id: str
    member_id: str
    region_code: str
    relation: str
    labour_capacity: str


class MemberChanged(EnvelopeRegionData, type="member.changed", subject="member_id", entity="member"):
    """A member's data changed; `changed` names the fields."""

    household_id: str
    member_id: str
    changed: list[str]


class MemberLeft(EnvelopeRegionData, type="member.left", subject="member_id", entity="member"):
    """A person left a household (death, marriage, moved out …)."""

    household_id: str
    member_id: str
    reason: str


class HouseholdStatusChanged(
    EventData, type="household.status_changed", subject="household_id", entity="household"
):
    """A household moved between lifecycle states."""

    household_id: str
    region_code: str
    from_status: str | None
    to_status: str
    reason: str | None = None


class CampaignCreated(EventData, type="campaign.created", subject="campaign_id", entity="campaign"):
    """A re-verification campaign (回头看) chose its households."""

    campaign_id: str
    name: str
    year: int
    region_code: str
    mode: str
    seed: int | None
    selected_count: int


class CampaignHouseholdsAssigned(
    EnvelopeRegionData, type="campaign.households_assigned", subject="campaign_id", entity="campaign"
):
    """Households of a campaign were assigned to a cadre for verification."""

    campaign_id: str
    cadre_subject: str
    household_ids: list[str]


class VerificationRecorded(
    EnvelopeRegionData, type="verification.recorded", subject="household_id", entity="household"
):
    """A cadre recorded the verification result of a campaign household."""

    campaign_id: str
    household_id: str
    verification_id: str
    outcome: str
    failed_conditions: list[str]


class CaseOpened(EventData, type="case.opened", subject="case_id", entity="case"):
    """A case (removal or correction) was opened for a cadre to act on through a procedure."""

    case_id: str
    kind: str
    source: str
    household_id: str
    member_id: str | None
    region_code: str
    check_kind: str | None = None


class CaseClosed(EnvelopeRegionData, type="case.closed", subject="case_id", entity="case"):
    """A case was closed: acted on through a procedure, or dismissed after verification."""

    case_id: str
    household_id: str
    resolution: str
    reference: str | None


class CrossCheckImported(EventData, type="crosscheck.imported", subject="crosscheck_id", entity="crosscheck"):
    """A department list was compared with the register; counts only, never ID numbers."""

    crosscheck_id: str
    department: str
    kind: str
    region_code: str
    row_count: int
    matched_count: int
    new_case_count: int


class VillageDisasterRecorded(
    EventData, type="village.disaster_recorded", subject="village_code", entity="region",
    region="village_code",
):
    """A disaster that struck a village was recorded."""

    disaster_id: str
    village_code: str
    kind: str
    occurred_on: str


class RuralPopulationSet(
    EventData, type="region.rural_population_set", subject="region_code", entity="region"
):
    """A region's rural population for a year was set (poverty-incidence denominator)."""

    region_code: str
    year: int
    population: int


class ProcedureStarted(EventData, type="procedure.started", subject="procedure_id", entity="procedure"):
    """A procedure (identification, exit, removal, fast entry, return, village exit) began."""

    procedure_id: str
    kind: str
    subject_type: str
    subject_id: str
    region_code: str
    started_on: str


class ProcedureStepRecorded(
    EnvelopeRegionData, type="procedure.step_recorded", subject="procedure_id", entity="procedure"
):
    """A step of a procedure was taken, refused or decided against."""

    procedure_id: str
    kind: str
    step: str
    outcome: str
    effective_on: str
    actor_role: str
    state: str
    next_step: str | None = None


class ProcedureClosed(
    EnvelopeRegionData, type="procedure.closed", subject="procedure_id", entity="procedure"
):
    """A procedure ended: completed, refused or cancelled."""

    procedure_id: str
    kind: str
    subject_id: str
    state: str
    closed_on: str
    reason: str | None = None


class ObjectionRaised(
    EnvelopeRegionData, type="procedure.objection_raised", subject="procedure_id", entity="procedure"
):
    """An objection was raised during a publicity period; the procedure waits for it."""

    procedure_id: str
    objection_id: str
    raised_on: str


class ObjectionResolved(
    EnvelopeRegionData, type="procedure.objection_resolved", subject="procedure_id", entity="procedure"
):
    """An objection was upheld (the procedure is refused) or dismissed (it resumes)."""

    procedure_id: str
    objection_id: str
    outcome: str
    resolved_on: str
    procedure_state: str


class HouseholdIdentified(EventData, type="household.identified", subject="household_id", entity="household"):
    """A household entered the register as poor, by the full or the fast procedure."""

    household_id: str
    region_code: str
    identified_on: str
    procedure_id: str
    via: str
    cause: str | None = None


class HouseholdExited(EventData, type="household.exited", subject="household_id", entity="household"):
    """A household exited poverty (脱贫) by a pathway, on a stored evaluation."""

    household_id: str
    region_code: str
    exited_on: str
    exit_pathway: str
    procedure_id: str
    evaluation_id: str | None = None


class HouseholdRemoved(EventData, type="household.removed", subject="household_id", entity="household"):
    """An ineligible household was removed from the register (清退)."""

    household_id: str
    region_code: str
    removed_on: str
    reason: str
    procedure_id: str


class HouseholdReturned(EventData, type="household.returned", subject="household_id", entity="household"):
    """An exited household fell back into poverty (返贫) and is helped again."""

    household_id: str
    region_code: str
    returned_on: str
    cause: str
    procedure_id: str


class VillageExited(
    EventData, type="village.exited", subject="village_code", entity="region", region="village_code"
):
    """A relatively poor village exited (出列)."""

    village_code: str
    exited_on: str
    year: int
    procedure_id: str
    evaluation_id: str | None = None


class EvaluationRecorded(EventData, type="evaluation.recorded", subject="evaluation_id", entity="evaluation"):
    """A rule evaluation was stored with the decision it supports."""

    evaluation_id: str
    kind: str
    subject_type: str
    subject_id: str
    region_code: str
    year: int
    standard_version: int
    verdict: bool


class PolicyStandardIssued(
    EventData, type="policy_standard.issued", subject="standard_id", entity="policy_standard",
    region="region_prefix",
):
    """An administrator issued a new version of a year's policy standard."""

    standard_id: int
    year: int
    region_prefix: str
    version: int
    reason: str


class VillageIncomeRecorded(
    EventData, type="village_income.recorded", subject="village_code", entity="region", region="village_code"
):
    """A village's income per head for a year was recorded (a new revision)."""

    village_code: str
    year: int
    revision: int
    income_per_head: str


class RegionChanged(EventData, type="region.changed", subject="region_code", entity="region"):
    """A village's designations, conditions or natural villages changed."""

    region_code: str
    version: int
    changed: list[str]


class ImportCompleted(EnvelopeRegionData, type="import.completed", subject="job_id", entity="import_job"):
    """A bulk import job finished; the counts say what it changed in the register."""

    job_id: str
    state: str
    mode: str
    rows_done: int
    rows_rejected: int
    households_created: int
    households_updated: int
    members_added: int
    members_changed: int


class HouseholdImported(EventData, type="household.imported", subject="household_id", entity="household"):
    """A bulk import created or changed a household: one event per household and commit.

    It carries what the API spreads over household.created/updated, member.added/changed and
    household.status_changed, so a 200,000-household import writes 200,000 feed entries instead
    of over a million. members_added/members_changed items: member_id, relation,
    labour_capacity (and changed: comma-separated fields); transitions items: from_status,
    to_status, effective_on.
    """

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


class IncomeRecorded(EventData, type="income.recorded", subject="household_id", entity="household"):
    """A household's income for a year was recorded (a new revision; earlier ones stay)."""

    household_id: str
    region_code: str
    year: int
    revision: int
    household_size: int
