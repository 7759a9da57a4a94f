"""Pure detection of red flags from positions and times (supervision.flag.* in the catalogue)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise

from services.supervision.catalogue import (
    FAR_FROM_TARGET_KM,
    FLAG_FAR,
    FLAG_NOT_VISITED,
    FLAG_TRAVEL,
    GPS_NOISE_KM,
    MAX_SPEED_KMH,
)
from services.supervision.codes import FlagKind
from services.supervision.visits.rules import great_circle_km

# The catalogue rule each kind of flag applies, named on every flag served.
FLAG_RULES = {
    FlagKind.FAR_FROM_TARGET: FLAG_FAR.code,
    FlagKind.IMPOSSIBLE_TRAVEL: FLAG_TRAVEL.code,
    FlagKind.HOUSEHOLD_NOT_VISITED: FLAG_NOT_VISITED.code,
}


@dataclass(frozen=True)
class Stop:
    """One visit as a point in an official's day: its id, time and position."""

    visit_id: object
    at: datetime
    latitude: float
    longitude: float


def far_from_target(kind: str, visit: tuple[float, float], target: tuple[float, float]) -> float | None:
    """Return the distance in km when a visit lies farther from its target than its kind allows."""
    distance = great_circle_km(visit, target)
    return distance if distance > FAR_FROM_TARGET_KM[kind] else None


def impossible_journeys(stops: list[Stop]) -> list[tuple[Stop, Stop, float, float]]:
    """Return consecutive visits (in time) too far apart for the time between them: (a, b, km, km/h)."""
    ordered = sorted(stops, key=lambda s: (s.at, str(s.visit_id)))
    found = []
    for a, b in pairwise(ordered):
        km = great_circle_km((a.latitude, a.longitude), (b.latitude, b.longitude))
        if km <= GPS_NOISE_KM:
            continue
        hours = (b.at - a.at).total_seconds() / 3600
        speed = km / hours if hours > 0 else float("inf")
        if speed > MAX_SPEED_KMH:
            found.append((a, b, km, speed))
    return found
