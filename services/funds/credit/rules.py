"""Micro-credit rules as pure functions: due dates and the risk flags of §32."""

from __future__ import annotations

import calendar
from collections.abc import Collection
from datetime import date

from services.funds.codes import LoanFlag, LoanStatus

ELIGIBLE_STATUSES = frozenset({"identified", "exited", "returned"})


def due_date(issued_on: date, months: int) -> date:
    """Return the day a loan of so many months falls due (the same day of the month, or its last)."""
    month = issued_on.month - 1 + months
    year, month = issued_on.year + month // 12, month % 12 + 1
    return date(year, month, min(issued_on.day, calendar.monthrange(year, month)[1]))


def flags(*, status: str, purpose: str, actual_use: str | None, due_on: date, today: date,
          borrower_is_member: bool, borrower_households: Collection[object]) -> list[LoanFlag]:
    """Name the loan's risk flags (§32: 冒名借款, 违规用款; and overdue loans)."""
    found = []
    if not borrower_is_member:
        found.append(LoanFlag.BORROWER_NOT_MEMBER)
    if len(set(borrower_households)) > 1:
        found.append(LoanFlag.SEVERAL_HOUSEHOLDS)
    if actual_use is not None and actual_use != purpose:
        found.append(LoanFlag.USE_MISMATCH)
    if status == LoanStatus.ACTIVE and due_on < today:
        found.append(LoanFlag.OVERDUE)
    return found
