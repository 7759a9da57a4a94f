"""Pure rules of visits: where and when a visit can have happened, whose area its target is in."""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from services.supervision.catalogue import VISIT_PLAUSIBLE, VISIT_TARGET_IN_AREA
from shared.auth import LEVEL_CODE_LENGTH
from shared.errors import FieldError
from shared.rules import PLAN_START

# China's land territory as a box (supervision.visit.plausible): every place in Guangdong lies well inside.
CHINA_LATITUDE = (18.0, 53.6)
CHINA_LONGITUDE = (73.4, 135.1)
EARTH_RADIUS_KM = 6371.0088  # the mean radius (IUGG)
CLOCK_SKEW = timedelta(minutes=5)  # a phone's clock may run this far ahead of the server's
CHINA_TIME = ZoneInfo("Asia/Shanghai")
PLAN_START_TIME = datetime(PLAN_START.year, PLAN_START.month, PLAN_START.day, tzinfo=CHINA_TIME)
# The catalogue rule behind each reason a visit record is refused (the others apply no catalogue rule).
REFUSAL_RULES = {
    "outside_china": VISIT_PLAUSIBLE.code,
    "visit_in_future": VISIT_PLAUSIBLE.code,
    "visit_before_plan": VISIT_PLAUSIBLE.code,
    "target_unknown": VISIT_TARGET_IN_AREA.code,
    "target_mismatch": VISIT_TARGET_IN_AREA.code,
    "target_outside_area": VISIT_TARGET_IN_AREA.code,
}
# Which targets each level's secretary visits (plan §25).
LEVEL_TARGETS = {
    "province": "county",
    "city": "town",
    "county": "village",
    "town": "household",
    "village": "household",
}


def area_prefix(region_code: str, level: str) -> str:
    """The part of a region code that everything inside the region shares (4418 for a city …)."""
    return region_code[: LEVEL_CODE_LENGTH[level]]


def unit_code(region_code: str, level: str) -> str:
    """The 12-digit code of the region at `level` that contains a region (441882100000 for a town)."""
    return area_prefix(region_code, level).ljust(12, "0")


def place_refusals(latitude: float, longitude: float) -> list[FieldError]:
    """Refuse a position outside China's land territory, naming the coordinate that is out."""
    errors = []
    if not CHINA_LATITUDE[0] <= latitude <= CHINA_LATITUDE[1]:
        errors.append(
            FieldError("latitude", "outside_china", "The latitude lies outside China", "纬度不在我国境内")
        )
    if not CHINA_LONGITUDE[0] <= longitude <= CHINA_LONGITUDE[1]:
        errors.append(
            FieldError("longitude", "outside_china", "The longitude lies outside China", "经度不在我国境内")
        )
    return errors


def time_refusals(visited_at: datetime, received_at: datetime) -> list[FieldError]:
    """Refuse a visit later than its arrival (beyond a phone's clock skew) or before the plan's period."""
    if visited_at > received_at + CLOCK_SKEW:
        return [
            FieldError("visited_at", "visit_in_future", "The visit is in the future", "遍访时间晚于当前时间")
        ]
    if visited_at < PLAN_START_TIME:
        return [
            FieldError(
                "visited_at",
                "visit_before_plan",
                "The visit is before the plan's period (2018)",
                "遍访时间早于方案实施期（2018年）",
            )
        ]
    return []


def in_area(target_region: str, official_region: str, official_level: str) -> bool:
    """Tell whether a target lies inside the region an official serves."""
    return target_region.startswith(area_prefix(official_region, official_level))


def great_circle_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Return the great-circle distance between two (latitude, longitude) points in km (haversine)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))
