"""Helpers of the funds tests: a register fed through the replica's consumer, and project bodies."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from typing import Any

from services.funds import clock
from services.funds.models import consumers, replica
from shared.consumers.core import Consumer, FeedEvent
from shared.events import identification as contracts
from shared.personal import ID_NUMBER_LOOKUP
from shared.replica.contract import ReplicaHousehold, ReplicaMember, ReplicaRegion, ReplicaRows
from shared.replica.handler import RegisterReplica

COUNTY = "441882000000"
TOWN = "441882100000"
VILLAGE = "441882100201"
OTHER_VILLAGE = "441882100202"
OTHER_COUNTY = "441881000000"
FOREIGN_VILLAGE = "441881100201"
_REGIONS = [("440000000000", "广东省", "province", None), ("441800000000", "清远市", "city", "440000000000"),
            (COUNTY, "连州市", "county", "441800000000"), (TOWN, "西岸镇", "town", COUNTY),
            (VILLAGE, "三古滩村", "village", TOWN), (OTHER_VILLAGE, "石兰村", "village", TOWN),
            (OTHER_COUNTY, "英德市", "county", "441800000000"),
            ("441881100000", "浛洸镇", "town", OTHER_COUNTY), (FOREIGN_VILLAGE, "坑尾村", "village",
                                                             "441881100000")]
# The event identification publishes when a household reaches each status.
_STATUS_EVENTS = {"candidate": contracts.HouseholdCreated, "identified": contracts.HouseholdIdentified,
                  "exited": contracts.HouseholdExited, "removed": contracts.HouseholdRemoved,
                  "returned": contracts.HouseholdReturned, "rejected": contracts.HouseholdStatusChanged}


class Register:
    """identification's register as its replica endpoints would serve it, fed to funds' consumer.

    Each change goes through the production path: an identification-shaped event, the replica
    handler's prepare (this object stands in for identification's lookup endpoint) and apply, in
    the consumer's exactly-once transaction.
    """

    def __init__(self, funds: Any) -> None:
        self.regions = {code: ReplicaRegion(code=code, name=name, level=level, parent_code=parent,
                                            relatively_poor=level == "village", exited_on=None)
                        for code, name, level, parent in _REGIONS}
        self.households: dict[uuid.UUID, ReplicaHousehold] = {}
        self.cipher = funds.app.state.cipher
        self.position = 0
        self.consumer = Consumer(funds.db, consumers, RegisterReplica(replica, self))  # type: ignore[arg-type]
        self.consumer.ensure_checkpoint("http")
        self._feed([self._event(contracts.RegionChanged.TYPE, {"region_code": code, "version": 1,
                                                                "changed": []}) for code in self.regions])

    def lookup(self, households: Iterable[uuid.UUID], regions: Iterable[str]) -> ReplicaRows:
        """Answer as identification's replica lookup does: the rows as they are now."""
        return ReplicaRows(feed_position=self.position,
                           regions=[self.regions[c] for c in regions if c in self.regions],
                           households=[self.households[i] for i in households if i in self.households])

    def household(self, status: str = "identified", region: str = VILLAGE, disabled: bool = False,
                  members: int = 2, id_numbers: tuple[str, ...] = ()) -> str:
        """Register a household in a status (its first members with these ID numbers); return its id."""
        household_id = uuid.uuid4()
        self.households[household_id] = ReplicaHousehold(
            id=household_id, household_no=f"{region}{len(self.households) + 1:04d}", region_code=region,
            status=status, category="general", identified_on=date(2018, 3, 12), exited_on=None,
            removed_on=date(2019, 5, 1) if status == "removed" else None,
            removal_reason="vehicle_owned" if status == "removed" else None, version=1,
            members=[_member(i, disabled and i == 1) for i in range(members)])
        for i, number in enumerate(id_numbers):
            member = self.households[household_id].members[i]
            member.id_number_hash = self.cipher.lookup_hash(number, ID_NUMBER_LOOKUP)
        self._household_event(household_id, status)
        return str(household_id)

    def change_status(self, household_id: str, status: str) -> None:
        """Move a household to another status (a removal, an exit …), as identification announces it."""
        key = uuid.UUID(household_id)
        current = self.households[key]
        self.households[key] = current.model_copy(update={
            "status": status, "version": current.version + 1,
            "removed_on": date(2019, 5, 1) if status == "removed" else current.removed_on})
        self._household_event(key, status)

    def _household_event(self, household_id: uuid.UUID, status: str) -> None:
        self._feed([self._event(_STATUS_EVENTS[status].TYPE, {"household_id": str(household_id)})])

    def _event(self, type_: str, data: dict[str, Any]) -> FeedEvent:
        self.position += 1
        return FeedEvent(id=str(uuid.uuid4()), source="identification", type=type_, version=1,
                         position=self.position, time=datetime.now(UTC), subject=str(self.position),
                         data=data)

    def _feed(self, events: list[FeedEvent]) -> None:
        result = self.consumer.process(events, "http")
        assert result.failed is None and not result.stopped, result


def _member(index: int, disabled: bool) -> ReplicaMember:
    return ReplicaMember(id=uuid.uuid4(), id_number_hash=f"{uuid.uuid4().hex}{uuid.uuid4().hex}",
                         birth_date=date(1970 + index, 5, 1), sex="male" if index % 2 == 0 else "female",
                         relation="head" if index == 0 else "child", labour_capacity="normal",
                         health_status="disabled" if disabled else "healthy",
                         disability_grade=2 if disabled else None, active=True, left_on=None)


def project_body(**changes: Any) -> dict[str, Any]:
    """A valid housing-renovation project for the demo county."""
    body = {"name": "三古滩村危房改造", "project_type": "housing_renovation", "county_code": COUNTY,
            "year": 2019, "description": "C级、D级危房改造", "planned_start": "2019-03-01",
            "planned_end": "2019-10-31", "budget": [{"source": "provincial", "amount": "300000.00"},
                                                      {"source": "county", "amount": "100000.00"}],
            "village_codes": [VILLAGE], "beneficiaries": []}
    return body | changes


@contextmanager
def on_day(day: date) -> Iterator[None]:
    """Run as if today in China were this day (notices' periods and objections count by it)."""
    original = clock.today
    clock.today = lambda: day  # type: ignore[method-assign]
    try:
        yield
    finally:
        clock.today = original  # type: ignore[method-assign]


def notice_body(**changes: Any) -> dict[str, Any]:
    """A plan notice of ten days from 1 February 2019."""
    return {"kind": "plan", "title": "三古滩村危房改造项目计划公示",
            "content": "经村民代表会议研究，拟实施以下项目，现予公示。如有异议，请于公示期内反映。",
            "starts_on": "2019-02-01", "ends_on": "2019-02-10", "lines": []} | changes


def publish_notice(funds: Any, project_id: str, **changes: Any) -> dict[str, Any]:
    """Draft and publish a notice on its first day (a plan of ten days from 1 February 2019 by default)."""
    body = notice_body(**changes)
    r = funds.client.post(f"/api/v1/projects/{project_id}/notices", json=body, headers=county(funds))
    assert r.status_code == 201, r.text
    with on_day(date.fromisoformat(body["starts_on"])):
        r = funds.client.post(f"/api/v1/notices/{r.json()['id']}/publish",
                              headers=county(funds, **{"If-Match": r.headers["ETag"]}))
    assert r.status_code == 200, r.text
    return r.json()


def day_after(notice: dict[str, Any], days: int = 1) -> date:
    """A day after a notice's last day."""
    return date.fromisoformat(notice["ends_on"]) + timedelta(days=days)


def county(funds: Any, **extra: str) -> dict[str, str]:
    """Headers of the demo county's official."""
    return funds.headers("county_official", "441882", **extra)


def second_official(funds: Any, **extra: str) -> dict[str, str]:
    """Headers of another official of the same county (a second pair of eyes)."""
    token = funds.token("county_official", "441882", subject="county-official-2")
    return {"Authorization": f"Bearer {token}", **extra}
