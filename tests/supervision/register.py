"""The register replica filled as production fills it: identification-shaped events through the handler."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

from services.identification.regions.reference import read_csv
from services.supervision.models import replica
from shared.consumers.core import FeedEvent
from shared.events import EventData
from shared.events.identification import HouseholdCreated, RegionChanged
from shared.replica.contract import ReplicaHousehold, ReplicaRegion, ReplicaRows
from shared.replica.handler import RegisterReplica
from shared.replica.source import RegisterSource

COUNTY = "441882000000"
TOWN = "441882100000"
POOR_VILLAGES = ["441882100201", "441882100203"]
OTHER_VILLAGE = "441882100202"
_position = iter(range(1, 10**9))


def _event(data: EventData) -> FeedEvent:
    return FeedEvent(
        id=str(uuid.uuid4()),
        source="identification",
        type=data.TYPE,
        version=data.VERSION,
        position=next(_position),
        time=datetime.now(UTC),
        subject=data.subject,
        data=data.model_dump(mode="json"),
    )


def _apply(sup: Any, events: list[FeedEvent], rows: ReplicaRows) -> None:
    handler = RegisterReplica(replica, RegisterSource(None, lambda: ""))  # type: ignore[arg-type]
    with sup.db.transaction() as session:
        handler.apply(session, events, rows)


def demo_regions() -> list[ReplicaRegion]:
    """The province, Qingyuan, the demo county and its towns and villages, as identification serves them."""
    rows = [
        r
        for r in read_csv("guangdong_regions.csv")
        if r["code"]
        in ("440000000000", "441800000000", "441881000000", "440100000000", "440104000000", COUNTY)
    ]
    rows += read_csv("demo_villages.csv")
    return [
        ReplicaRegion(
            code=r["code"],
            name=r["name"],
            level=r["level"],
            parent_code=r["parent_code"] or None,
            relatively_poor=r.get("relatively_poor") == "true",
            exited_on=None,
        )
        for r in rows
    ]


def load_regions(sup: Any) -> list[ReplicaRegion]:
    """Replicate the demo regions through region events."""
    regions = demo_regions()
    events = [
        _event(RegionChanged(region_code=r.code, version=1, changed=["relatively_poor"])) for r in regions
    ]
    _apply(sup, events, ReplicaRows(feed_position=0, regions=regions, households=[]))
    return regions


def household(village: str, serial: int, status: str = "identified") -> ReplicaHousehold:
    """A household of a village as identification serves it (no personal data)."""
    return ReplicaHousehold(
        id=uuid.uuid4(),
        household_no=f"{village}{serial:04d}",
        region_code=village,
        status=status,
        category="general",
        identified_on=date(2018, 3, 12),
        exited_on=None,
        removed_on=None,
        removal_reason=None,
        version=1,
        members=[],
    )


def load_households(sup: Any, households: list[ReplicaHousehold]) -> list[ReplicaHousehold]:
    """Replicate households through household.created events."""
    events = [
        _event(
            HouseholdCreated(
                household_id=str(h.id),
                household_no=h.household_no,
                region_code=h.region_code,
                status=h.status,
                category=h.category,
                member_count=0,
            )
        )
        for h in households
    ]
    _apply(sup, events, ReplicaRows(feed_position=0, regions=[], households=households))
    return households
