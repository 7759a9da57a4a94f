"""Events the supervision service publishes."""

from __future__ import annotations

from shared.events import EventData


class OfficialRegistered(EventData, type="official.registered", subject="official_id", entity="official"):
    """An official was registered at a level, post and region."""

    official_id: str
    level: str
    post: str
    region_code: str


class OfficialLeft(EventData, type="official.left", subject="official_id", entity="official"):
    """An official left the post."""

    official_id: str
    region_code: str
    left_on: str


class WorkTeamFormed(EventData, type="work_team.formed", subject="team_id", entity="work_team"):
    """A work team was sent to a village."""

    team_id: str
    region_code: str
    sending_unit: str


class PostingStarted(EventData, type="work_team.posting_started", subject="team_id", entity="work_team"):
    """An official joined a work team in a role; `predecessor_id` names the term handed over, if any."""

    team_id: str
    posting_id: str
    official_id: str
    role: str
    started_on: str
    predecessor_id: str | None
    region_code: str


class PostingEnded(EventData, type="work_team.posting_ended", subject="team_id", entity="work_team"):
    """An official's term in a work team ended (by hand-over or recall)."""

    team_id: str
    posting_id: str
    official_id: str
    ended_on: str
    region_code: str


class VisitRecorded(EventData, type="visit.recorded", subject="visit_id", entity="visit"):
    """A visit was stored (once, whatever the number of times its batch was sent)."""

    visit_id: str
    official_id: str
    official_level: str
    target_kind: str
    household_id: str | None
    region_code: str
    visited_at: str


class RedFlagRaised(EventData, type="red_flag.raised", subject="flag_id", entity="red_flag"):
    """The data raised a red flag: a visit far from its target, an impossible journey, a missed household."""

    flag_id: str
    kind: str
    official_id: str | None
    visit_id: str | None
    household_id: str | None
    region_code: str


class TargetPlaceSet(EventData, type="target_place.set", subject="target_key", entity="target_place"):
    """The position of a visit target was recorded or corrected."""

    target_key: str
    target_kind: str
    region_code: str


class InspectionRecorded(EventData, type="inspection.recorded", subject="inspection_id", entity="inspection"):
    """An inspection tour (督查巡查) and its findings were recorded."""

    inspection_id: str
    region_code: str
    year: int
    findings: int


class InterviewOpened(EventData, type="interview.opened", subject="interview_id", entity="interview"):
    """An admonishment interview (约谈) was held; its rectification items are open."""

    interview_id: str
    region_code: str
    source: str
    official_id: str | None
    items: int


class InterviewClosed(EventData, type="interview.closed", subject="interview_id", entity="interview"):
    """Every item of an interview was verified and the interview closed."""

    interview_id: str
    region_code: str
    closed_on: str


class RectificationItemOpened(
    EventData, type="rectification_item.opened", subject="item_id", entity="rectification_item"
):
    """A rectification item was opened from an interview or an inspection."""

    item_id: str
    region_code: str
    deadline: str
    interview_id: str | None
    inspection_id: str | None


class RectificationItemReported(
    EventData, type="rectification_item.reported", subject="item_id", entity="rectification_item"
):
    """The interviewed side reported an item done."""

    item_id: str
    region_code: str
    reported_on: str


class RectificationItemReturned(
    EventData, type="rectification_item.returned", subject="item_id", entity="rectification_item"
):
    """A verifier found an item not done; it is open again."""

    item_id: str
    region_code: str


class RectificationItemClosed(
    EventData, type="rectification_item.closed", subject="item_id", entity="rectification_item"
):
    """A verifier other than the reporter confirmed an item done; it is closed (销号)."""

    item_id: str
    region_code: str
    closed_on: str


class RectificationItemOverdue(
    EventData, type="rectification_item.overdue", subject="item_id", entity="rectification_item"
):
    """An item passed its deadline without being closed."""

    item_id: str
    region_code: str
    deadline: str


class ResearchQuotaSet(EventData, type="research_quota.set", subject="quota_key", entity="research_quota"):
    """A year's research quota for a level was stored."""

    quota_key: str
    year: int
    level: str
    min_days: int
    study_period: str
    region_code: str | None = None


class ResearchRecorded(EventData, type="research.recorded", subject="record_id", entity="research"):
    """A leader's research day, topical study or yearly report was recorded."""

    record_id: str
    kind: str
    official_id: str
    on: str
    region_code: str


class AssessmentRecorded(EventData, type="assessment.recorded", subject="assessment_id", entity="assessment"):
    """A yearly assessment of a region or leader was recorded with its total score."""

    assessment_id: str
    year: int
    region_code: str
    official_id: str | None
    total: str


class EvaluationSampled(EventData, type="evaluation.sampled", subject="evaluation_id", entity="evaluation"):
    """A third-party evaluation drew its seeded sample of households."""

    evaluation_id: str
    year: int
    region_code: str
    seed: int
    sample_size: int


class EvaluationFindingRecorded(
    EventData, type="evaluation.finding_recorded", subject="evaluation_id", entity="evaluation"
):
    """The evaluators recorded what they found in a sampled household."""

    evaluation_id: str
    household_id: str
    all_met: bool
    region_code: str


class MisconductLeadChanged(
    EventData, type="misconduct_lead.changed", subject="lead_id", entity="misconduct_lead"
):
    """A misconduct lead was received or moved on in its handling."""

    lead_id: str
    kind: str
    state: str
    region_code: str


class BlacklistEntryAdded(
    EventData, type="blacklist.entry_added", subject="entry_id", entity="blacklist_entry"
):
    """A person was put on the credit blacklist; the person is named by the ID-number lookup hash only."""

    entry_id: str
    id_number_hash: str
    reason: str
    listed_until: str
    region_code: str


class BlacklistAppealChanged(
    EventData, type="blacklist.appeal_changed", subject="entry_id", entity="blacklist_entry"
):
    """An appeal against a blacklist entry was filed or decided."""

    entry_id: str
    state: str
    region_code: str


class BlacklistEntryLifted(
    EventData, type="blacklist.entry_lifted", subject="entry_id", entity="blacklist_entry"
):
    """A person came off the credit blacklist: the term ended, or an appeal was upheld."""

    entry_id: str
    id_number_hash: str
    lift_reason: str
    lifted_on: str
    region_code: str
