"""A placement's steps: which state each step leaves from, and follow-up dates (pure functions)."""

from __future__ import annotations

from datetime import date

from services.employment.catalogue import FOLLOW_UP
from services.employment.codes import PlacementState as S
from services.employment.codes import PositionKind

FOLLOW_UP_MONTHS = tuple(int(m) for m in (FOLLOW_UP.parameters[0].default or "3,6").split(","))
# The states each step may leave from, and the state it reaches.
STEPS: dict[str, tuple[frozenset[str], str]] = {
    "apply": (frozenset({S.RECOMMENDED}), S.APPLIED),
    "hire": (frozenset({S.RECOMMENDED, S.APPLIED}), S.HIRED),
    "start": (frozenset({S.HIRED}), S.EMPLOYED),
    "leave": (frozenset({S.EMPLOYED}), S.LEFT),
    "close": (frozenset({S.RECOMMENDED, S.APPLIED, S.HIRED}), S.CLOSED),
    "follow_up": (frozenset({S.EMPLOYED}), S.EMPLOYED),
}


def months_after(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it has no such day."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


def follow_up_due(started_on: date) -> dict[int, date]:
    """When each follow-up falls due after starting work."""
    return {m: months_after(started_on, m) for m in FOLLOW_UP_MONTHS}


def employment_after_start(kind: str, home: str, workplace: str) -> str:
    """What a labourer's employment becomes on starting a position: a post, near home, or away."""
    if kind == PositionKind.PUBLIC_WELFARE:
        return "public_welfare_post"
    return "local_job" if workplace[:6] == home[:6] else "migrant"
