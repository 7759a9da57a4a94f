"""Events the supervision service publishes."""

from __future__ import annotations

from typing import ClassVar

from shared.events import EventData


class OfficialRegistered(EventData):
    """An official was registered at a level, post and region."""

    TYPE: ClassVar[str] = "official.registered"
    SUBJECT: ClassVar[str] = "official_id"
    ENTITY: ClassVar[str] = "official"
    official_id: str
    level: str
    post: str
    region_code: str


class OfficialLeft(EventData):
    """An official left the post."""

    TYPE: ClassVar[str] = "official.left"
    SUBJECT: ClassVar[str] = "official_id"
    ENTITY: ClassVar[str] = "official"
    official_id: str
    region_code: str
    left_on: str


class WorkTeamFormed(EventData):
    """A work team was sent to a village."""

    TYPE: ClassVar[str] = "work_team.formed"
    SUBJECT: ClassVar[str] = "team_id"
    ENTITY: ClassVar[str] = "work_team"
    team_id: str
    region_code: str
    sending_unit: str


class PostingStarted(EventData):
    """An official joined a work team in a role; `predecessor_id` names the term handed over, if any."""

    TYPE: ClassVar[str] = "work_team.posting_started"
    SUBJECT: ClassVar[str] = "team_id"
    ENTITY: ClassVar[str] = "work_team"
    team_id: str
    posting_id: str
    official_id: str
    role: str
    started_on: str
    predecessor_id: str | None
    region_code: str


class PostingEnded(EventData):
    """An official's term in a work team ended (by hand-over or recall)."""

    TYPE: ClassVar[str] = "work_team.posting_ended"
    SUBJECT: ClassVar[str] = "team_id"
    ENTITY: ClassVar[str] = "work_team"
    team_id: str
    posting_id: str
    official_id: str
    ended_on: str
    region_code: str


class VisitRecorded(EventData):
    """A visit was stored (once, whatever the number of times its batch was sent)."""

    TYPE: ClassVar[str] = "visit.recorded"
    SUBJECT: ClassVar[str] = "visit_id"
    ENTITY: ClassVar[str] = "visit"
    visit_id: str
    official_id: str
    official_level: str
    target_kind: str
    household_id: str | None
    region_code: str
    visited_at: str


class RedFlagRaised(EventData):
    """The data raised a red flag: a visit far from its target, an impossible journey, a missed household."""

    TYPE: ClassVar[str] = "red_flag.raised"
    SUBJECT: ClassVar[str] = "flag_id"
    ENTITY: ClassVar[str] = "red_flag"
    flag_id: str
    kind: str
    official_id: str | None
    visit_id: str | None
    household_id: str | None
    region_code: str


class TargetPlaceSet(EventData):
    """The position of a visit target was recorded or corrected."""

    TYPE: ClassVar[str] = "target_place.set"
    SUBJECT: ClassVar[str] = "target_key"
    ENTITY: ClassVar[str] = "target_place"
    target_key: str
    target_kind: str
    region_code: str


class InspectionRecorded(EventData):
    """An inspection tour (督查巡查) and its findings were recorded."""

    TYPE: ClassVar[str] = "inspection.recorded"
    SUBJECT: ClassVar[str] = "inspection_id"
    ENTITY: ClassVar[str] = "inspection"
    inspection_id: str
    region_code: str
    year: int
    findings: int


class InterviewOpened(EventData):
    """An admonishment interview (约谈) was held; its rectification items are open."""

    TYPE: ClassVar[str] = "interview.opened"
    SUBJECT: ClassVar[str] = "interview_id"
    ENTITY: ClassVar[str] = "interview"
    interview_id: str
    region_code: str
    source: str
    official_id: str | None
    items: int


class InterviewClosed(EventData):
    """Every item of an interview was verified and the interview closed."""

    TYPE: ClassVar[str] = "interview.closed"
    SUBJECT: ClassVar[str] = "interview_id"
    ENTITY: ClassVar[str] = "interview"
    interview_id: str
    region_code: str
    closed_on: str


class RectificationItemOpened(EventData):
    """A rectification item was opened from an interview or an inspection."""

    TYPE: ClassVar[str] = "rectification_item.opened"
    SUBJECT: ClassVar[str] = "item_id"
    ENTITY: ClassVar[str] = "rectification_item"
    item_id: str
    region_code: str
    deadline: str
    interview_id: str | None
    inspection_id: str | None


class RectificationItemReported(EventData):
    """The interviewed side reported an item done."""

    TYPE: ClassVar[str] = "rectification_item.reported"
    SUBJECT: ClassVar[str] = "item_id"
    ENTITY: ClassVar[str] = "rectification_item"
    item_id: str
    region_code: str
    reported_on: str


class RectificationItemReturned(EventData):
    """A verifier found an item not done; it is open again."""

    TYPE: ClassVar[str] = "rectification_item.returned"
    SUBJECT: ClassVar[str] = "item_id"
    ENTITY: ClassVar[str] = "rectification_item"
    item_id: str
    region_code: str


class RectificationItemClosed(EventData):
    """A verifier other than the reporter confirmed an item done; it is closed (销号)."""

    TYPE: ClassVar[str] = "rectification_item.closed"
    SUBJECT: ClassVar[str] = "item_id"
    ENTITY: ClassVar[str] = "rectification_item"
    item_id: str
    region_code: str
    closed_on: str


class RectificationItemOverdue(EventData):
    """An item passed its deadline without being closed."""

    TYPE: ClassVar[str] = "rectification_item.overdue"
    SUBJECT: ClassVar[str] = "item_id"
    ENTITY: ClassVar[str] = "rectification_item"
    item_id: str
    region_code: str
    deadline: str


class ResearchQuotaSet(EventData):
    """A year's research quota for a level was stored."""

    TYPE: ClassVar[str] = "research_quota.set"
    SUBJECT: ClassVar[str] = "quota_key"
    ENTITY: ClassVar[str] = "research_quota"
    quota_key: str
    year: int
    level: str
    min_days: int
    study_period: str
    region_code: str | None = None


class ResearchRecorded(EventData):
    """A leader's research day, topical study or yearly report was recorded."""

    TYPE: ClassVar[str] = "research.recorded"
    SUBJECT: ClassVar[str] = "record_id"
    ENTITY: ClassVar[str] = "research"
    record_id: str
    kind: str
    official_id: str
    on: str
    region_code: str


class AssessmentRecorded(EventData):
    """A yearly assessment of a region or leader was recorded with its total score."""

    TYPE: ClassVar[str] = "assessment.recorded"
    SUBJECT: ClassVar[str] = "assessment_id"
    ENTITY: ClassVar[str] = "assessment"
    assessment_id: str
    year: int
    region_code: str
    official_id: str | None
    total: str


class EvaluationSampled(EventData):
    """A third-party evaluation drew its seeded sample of households."""

    TYPE: ClassVar[str] = "evaluation.sampled"
    SUBJECT: ClassVar[str] = "evaluation_id"
    ENTITY: ClassVar[str] = "evaluation"
    evaluation_id: str
    year: int
    region_code: str
    seed: int
    sample_size: int


class EvaluationFindingRecorded(EventData):
    """The evaluators recorded what they found in a sampled household."""

    TYPE: ClassVar[str] = "evaluation.finding_recorded"
    SUBJECT: ClassVar[str] = "evaluation_id"
    ENTITY: ClassVar[str] = "evaluation"
    evaluation_id: str
    household_id: str
    all_met: bool
    region_code: str


class MisconductLeadChanged(EventData):
    """A misconduct lead was received or moved on in its handling."""

    TYPE: ClassVar[str] = "misconduct_lead.changed"
    SUBJECT: ClassVar[str] = "lead_id"
    ENTITY: ClassVar[str] = "misconduct_lead"
    lead_id: str
    kind: str
    state: str
    region_code: str


class BlacklistEntryAdded(EventData):
    """A person was put on the credit blacklist; the person is named by the ID-number lookup hash only."""

    TYPE: ClassVar[str] = "blacklist.entry_added"
    SUBJECT: ClassVar[str] = "entry_id"
    ENTITY: ClassVar[str] = "blacklist_entry"
    entry_id: str
    id_number_hash: str
    reason: str
    listed_until: str
    region_code: str


class BlacklistAppealChanged(EventData):
    """An appeal against a blacklist entry was filed or decided."""

    TYPE: ClassVar[str] = "blacklist.appeal_changed"
    SUBJECT: ClassVar[str] = "entry_id"
    ENTITY: ClassVar[str] = "blacklist_entry"
    entry_id: str
    state: str
    region_code: str


class BlacklistEntryLifted(EventData):
    """A person came off the credit blacklist: the term ended, or an appeal was upheld."""

    TYPE: ClassVar[str] = "blacklist.entry_lifted"
    SUBJECT: ClassVar[str] = "entry_id"
    ENTITY: ClassVar[str] = "blacklist_entry"
    entry_id: str
    id_number_hash: str
    lift_reason: str
    lifted_on: str
    region_code: str
