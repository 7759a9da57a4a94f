"""Events the identification service publishes."""

from __future__ import annotations

from typing import ClassVar

from shared.events import EventData


class HouseholdCreated(EventData):
    """A household entered the register as a candidate or by import."""

    TYPE: ClassVar[str] = "household.created"
    household_id: str
    household_no: str
    region_code: str
    status: str
    category: str
    member_count: int


class HouseholdUpdated(EventData):
    """A household's register data changed; `changed` names the fields."""

    TYPE: ClassVar[str] = "household.updated"
    household_id: str
    region_code: str
    version: int
    changed: list[str]


class MemberAdded(EventData):
    """A person joined a household."""

    TYPE: ClassVar[str] = "member.added"
    household_id: str
    member_id: str
    region_code: str
    relation: str
    labour_capacity: str


class MemberChanged(EventData):
    """A member's data changed; `changed` names the fields."""

    TYPE: ClassVar[str] = "member.changed"
    household_id: str
    member_id: str
    changed: list[str]


class MemberLeft(EventData):
    """A person left a household (death, marriage, moved out …)."""

    TYPE: ClassVar[str] = "member.left"
    household_id: str
    member_id: str
    reason: str


class HouseholdStatusChanged(EventData):
    """A household moved between lifecycle states."""

    TYPE: ClassVar[str] = "household.status_changed"
    household_id: str
    region_code: str
    from_status: str | None
    to_status: str
    reason: str | None = None
