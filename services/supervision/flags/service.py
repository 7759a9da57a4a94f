"""Red flags: raised once each, from visits as they arrive and from scans of a period."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

from services.supervision import register
from services.supervision.codes import FlagKind
from services.supervision.flags import repository as repo
from services.supervision.flags.rules import Stop, far_from_target, impossible_journeys
from services.supervision.flags.schemas import MissedVisitScan, PlaceWrite, RedFlagRead
from services.supervision.models import TargetPlace
from services.supervision.visits import queries as visit_queries
from services.supervision.visits import repository as visit_repo
from services.supervision.visits.rules import LEVEL_TARGETS
from shared.auth import Caller
from shared.concurrency import check_if_match
from shared.db import ServiceSession
from shared.errors import RegionOutOfScope, invalid, not_found
from shared.events.supervision import RedFlagRaised, TargetPlaceSet
from shared.pagination import cursor_time_id, decode_cursor, encode_cursor
from shared.types import utcnow

_JOURNEY_WINDOW = timedelta(days=2)  # no two places in China are farther apart than 120 km/h covers in 2 days
_SCAN_PAGE = 500


def _flag(
    kind: str,
    key: str,
    region: str,
    detail: dict[str, Any],
    *,
    official_id: Any = None,
    visit_id: Any = None,
    other_visit_id: Any = None,
    household_id: Any = None,
) -> dict[str, Any]:
    return {
        "id": uuid.uuid4(),
        "dedup_key": key,
        "kind": kind,
        "region_code": region,
        "official_id": official_id,
        "visit_id": visit_id,
        "other_visit_id": other_visit_id,
        "household_id": household_id,
        "detail": detail,
        "raised_at": utcnow(),
    }


def _raise(session: ServiceSession, caller: Caller, flags: list[dict[str, Any]]) -> int:
    """Store the flags not raised before and announce each; return how many were new."""
    known = repo.known_keys(session, (f["dedup_key"] for f in flags))
    fresh = list({f["dedup_key"]: f for f in flags if f["dedup_key"] not in known}.values())
    repo.insert_flags(session, fresh)
    for f in fresh:
        event = RedFlagRaised(
            flag_id=str(f["id"]),
            kind=f["kind"],
            region_code=f["region_code"],
            official_id=str(f["official_id"]) if f["official_id"] else None,
            visit_id=str(f["visit_id"]) if f["visit_id"] else None,
            household_id=str(f["household_id"]) if f["household_id"] else None,
        )
        session.journal.record(
            event,
            actor=caller.subject,
            action="red_flag.raise",
            after={k: v for k, v in f.items() if k != "id"},
        )
    return len(fresh)


def _far_flags(session: ServiceSession, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Flag visits whose position lies too far from their target's (a household's own, else its village's)."""
    keys = [str(r["household_id"]) for r in rows if r["household_id"]] + [r["target_region"] for r in rows]
    places = repo.places(session, keys)
    flags = []
    for row in rows:
        target = places.get(str(row["household_id"])) if row["household_id"] else None
        target = target or places.get(row["target_region"])
        if target is None:
            continue
        km = far_from_target(row["target_kind"], (row["latitude"], row["longitude"]), target)
        if km is not None:
            flags.append(
                _flag(
                    "far_from_target",
                    f"far:{row['id']}",
                    row["target_region"],
                    {"distance_km": round(km, 3)},
                    official_id=row["official_id"],
                    visit_id=row["id"],
                    household_id=row["household_id"],
                )
            )
    return flags


def _journey_flags(session: ServiceSession, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Flag consecutive visits of an official too far apart for the time between them."""
    new = {r["id"] for r in rows}
    times = [r["visited_at"] for r in rows]
    officials = {r["official_id"] for r in rows}
    # Only consecutive visits are compared: the span of the batch and each end's nearest stored neighbour.
    start, end = repo.neighbour_times(session, officials, min(times), max(times), _JOURNEY_WINDOW)
    stored = repo.visits_between(session, officials, start, end)
    by_official: dict[uuid.UUID, list[Any]] = {}
    for v in stored:
        by_official.setdefault(v.official_id, []).append(v)
    flags = []
    for official_id, visits in by_official.items():
        region = {v.id: v.target_region for v in visits}
        stops = [Stop(v.id, v.visited_at, v.latitude, v.longitude) for v in visits]
        for a, b, km, speed in impossible_journeys(stops):
            if a.visit_id in new or b.visit_id in new:
                detail = {
                    "distance_km": round(km, 3),
                    "minutes": round((b.at - a.at).total_seconds() / 60, 2),
                    "speed_kmh": None if speed == float("inf") else round(speed, 1),
                }
                flags.append(
                    _flag(
                        "impossible_travel",
                        f"travel:{a.visit_id}:{b.visit_id}",
                        region[b.visit_id],
                        detail,
                        official_id=official_id,
                        visit_id=b.visit_id,
                        other_visit_id=a.visit_id,
                    )
                )
    return flags


def flag_visits(session: ServiceSession, caller: Caller, rows: list[dict[str, Any]]) -> int:
    """Raise the flags new visits show: far from their target, or an impossible journey."""
    if not rows:
        return 0
    return _raise(session, caller, _far_flags(session, rows) + _journey_flags(session, rows))


def scan_missed_visits(session: ServiceSession, caller: Caller, data: MissedVisitScan) -> tuple[int, int]:
    """Flag each poor household the level's secretary has not visited in the period; return (new, known)."""
    if LEVEL_TARGETS.get(data.level) != "household":
        raise invalid(
            "level",
            "level_not_household",
            "Only town and village secretaries visit every household",
            "只有乡镇和村党组织书记遍访每户贫困户",
        )
    prefix = caller.narrow(data.region)
    if prefix is None:
        raise RegionOutOfScope("region", data.region)
    q = visit_queries.coverage_query(data.level, prefix, data.start, data.end)
    flags, after = [], None
    while True:
        page = visit_repo.unvisited(session, q, after, _SCAN_PAGE)
        flags += [_missed(r, data.level, data.start, data.end) for r in page]
        if len(page) < _SCAN_PAGE:
            break
        after = page[-1].label
    raised = _raise(session, caller, flags)
    return raised, len(flags) - raised


def _missed(row: Any, level: str, start: date, end: date) -> dict[str, Any]:
    return _flag(
        "household_not_visited",
        f"missed:{row.target_id}:{level}:{start}:{end}",
        row.region,
        {"level": level, "period_start": start.isoformat(), "period_end": end.isoformat()},
        household_id=row.target_id,
    )


def set_place(
    session: ServiceSession, caller: Caller, target_key: str, if_match: str | None, data: PlaceWrite
) -> TargetPlace:
    """Record or correct where a target of the register is; a correction needs the ETag it replaces."""
    region = _target_region(session, target_key, data.target_kind)
    if not caller.can_see(region):
        raise RegionOutOfScope("target_key", region)
    place = session.get(TargetPlace, target_key)
    before = None
    if place is None:
        place = TargetPlace(
            target_key=target_key,
            target_kind=data.target_kind,
            latitude=data.latitude,
            longitude=data.longitude,
            recorded_by=caller.subject,
        )
        session.add(place)
    else:
        check_if_match(if_match, place.version)
        before = {"latitude": place.latitude, "longitude": place.longitude}
        place.latitude, place.longitude, place.recorded_by = data.latitude, data.longitude, caller.subject
    session.flush()
    session.journal.record(
        TargetPlaceSet(target_key=target_key, target_kind=data.target_kind, region_code=region),
        actor=caller.subject,
        action="target_place.set",
        before=before,
        after={"latitude": data.latitude, "longitude": data.longitude},
    )
    return place


def _target_region(session: ServiceSession, target_key: str, kind: str) -> str:
    """Find a target in the register replica; return its region code."""
    if kind == "household":
        try:
            found = register.households(session, [uuid.UUID(target_key)])
        except ValueError:
            found = {}
        if not found:
            raise invalid(
                "target_key", "target_unknown", "The register has no such household", "建档立卡数据中无此户"
            )
        return next(iter(found.values())).region_code
    region = register.region(session, target_key)
    if region is None or region.level != kind:
        raise invalid(
            "target_key",
            "target_unknown",
            f"The register has no {kind} with that code",
            "建档立卡数据中无此层级的区划",
        )
    return region.code


def read_place(session: ServiceSession, caller: Caller, target_key: str) -> TargetPlace:
    """Read a target's recorded position; one outside the caller's region is not found, as if absent."""
    place = session.get(TargetPlace, target_key)
    # A home's position is as private as its address: out of scope it is not even confirmed to exist.
    if place is None or not caller.can_see(_place_region(session, place)):
        raise not_found("Place", "位置", target_key)
    return place


def _place_region(session: ServiceSession, place: TargetPlace) -> str | None:
    """The region a recorded place belongs to (a household's region, or the region itself)."""
    if place.target_kind != "household":
        return place.target_key
    found = register.households(session, [uuid.UUID(place.target_key)])
    return next(iter(found.values())).region_code if found else None


def list_flags(session: ServiceSession, prefix: str, kind: FlagKind | None, official_id: uuid.UUID | None,
               cursor: str | None, limit: int) -> tuple[list[RedFlagRead], str | None]:
    """A page of the red flags under a region prefix, newest first, and the cursor of the next."""
    after = cursor_time_id(decode_cursor(cursor, 2, (str, str)))
    rows = repo.list_flags(session, prefix, kind, official_id, after, limit)
    last = rows[-1] if len(rows) == limit else None
    next_cursor = encode_cursor([last.raised_at.isoformat(), str(last.id)]) if last else None
    return [RedFlagRead.model_validate(r) for r in rows], next_cursor
