"""Pure rules of research quotas (plan §25): the periods of a year and whether each is met."""

from __future__ import annotations

from datetime import date

QUOTA_LEVELS = ("city", "county")  # the plan sets quotas for city and county party and government heads
LEADER_POSTS = ("party_secretary", "government_head")  # 党政一把手


def periods(year: int, period: str) -> list[tuple[str, date, date]]:
    """The quarters or months of a year: (label, first day, last day)."""
    months = 3 if period == "quarter" else 1
    found = []
    for i, first_month in enumerate(range(1, 13, months)):
        start = date(year, first_month, 1)
        end_month = first_month + months
        end = date(year + 1, 1, 1) if end_month > 12 else date(year, end_month, 1)
        label = f"{year}-Q{i + 1}" if period == "quarter" else f"{year}-{first_month:02d}"
        found.append((label, start, date.fromordinal(end.toordinal() - 1)))
    return found


def period_state(count: int, last_day: date, today: date) -> str:
    """A period is met with a study, missed once it ended without one, else still open."""
    if count > 0:
        return "met"
    return "missed" if last_day < today else "open"
