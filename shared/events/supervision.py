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
