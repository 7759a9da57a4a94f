"""Publicity rules as pure functions: periods, the objection window, which state a notice needs, the gate."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from services.funds.catalogue import NOTICE_PERIOD
from services.funds.codes import NoticeKind, ProjectStatus
from shared.errors import FieldError

# The minimum days of each kind, as the catalogue states them (its parameters, with their source).
MIN_DAYS: dict[str, int] = {p.name.removeprefix("min_days_"): int(p.default or 0)
                            for p in NOTICE_PERIOD.parameters}

_AFTER_PLAN = (ProjectStatus.IN_ANNUAL_PLAN, ProjectStatus.IMPLEMENTING, ProjectStatus.COMPLETED,
               ProjectStatus.ACCEPTED, ProjectStatus.EVALUATED)
# The project states in which a notice of each kind is drafted: a plan once in the annual plan, a
# completion once the work is completed; an allocation also needs money allocated (the service checks).
NOTICE_STATES: dict[str, tuple[str, ...]] = {
    NoticeKind.PLAN: _AFTER_PLAN,
    NoticeKind.ALLOCATION: _AFTER_PLAN,
    NoticeKind.COMPLETION: (ProjectStatus.COMPLETED, ProjectStatus.ACCEPTED, ProjectStatus.EVALUATED),
}

# Eleven or more digits in a row (a mobile, an ID or a bank account number) never go on a notice.
_PERSONAL_NUMBER = re.compile(r"[0-9]{11,}|[0-9]{17}[Xx]")


def period_days(starts_on: date, ends_on: date) -> int:
    """Count the days of a publicity period, first and last included."""
    return (ends_on - starts_on).days + 1


def period_problems(kind: str, starts_on: date, ends_on: date) -> list[FieldError]:
    """Name what is wrong with a period: its dates out of order, or shorter than the kind's minimum."""
    if ends_on < starts_on:
        return [FieldError("ends_on", "dates_out_of_order", "The last day is before the first day",
                           "公示结束日期早于开始日期")]
    days, least = period_days(starts_on, ends_on), MIN_DAYS[kind]
    if days < least:
        return [FieldError("ends_on", "period_too_short",
                           f"A {kind} notice is posted for at least {least} days; this period has {days}",
                           f"该类公告公示期不少于{least}天，本公告仅{days}天")]
    return []


def personal_number_fields(texts: dict[str, str]) -> list[FieldError]:
    """Name each text that holds what looks like an ID, phone or bank account number."""
    return [FieldError(name, "personal_number_in_text", "A notice never shows ID, phone or account numbers",
                       "公告不得载明身份证号、电话号码或银行账号")
            for name, text in texts.items() if _PERSONAL_NUMBER.search(text)]


def period_state(starts_on: date, ends_on: date, today: date) -> str:
    """Tell whether a period is upcoming, open or closed on a day."""
    return "upcoming" if today < starts_on else "open" if today <= ends_on else "closed"


@dataclass(frozen=True)
class GateFacts:
    """What the money gate reads of a project's current plan notice and the objections to its chain."""

    notice_id: str | None
    ends_on: date | None
    pending: int = 0
    upheld: int = 0


def gate_refusal(facts: GateFacts, today: date, dated: date) -> str | None:
    """Return why money must wait for the plan notice (a reason code), or None when it may move.

    no_notice: nothing published; period_open: today is not past the last day; dated_within_period:
    the allocation or payment is dated on or before the last day; objection_pending: an objection to
    the notice or a notice it corrected is unanswered; objection_upheld: one to the current notice is
    upheld, so a correction must run its own period first.
    """
    if facts.notice_id is None or facts.ends_on is None:
        return "no_notice"
    if today <= facts.ends_on:
        return "period_open"
    if dated <= facts.ends_on:
        return "dated_within_period"
    if facts.pending:
        return "objection_pending"
    if facts.upheld:
        return "objection_upheld"
    return None
