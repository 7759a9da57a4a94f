"""Pure rules of rectification (plan §25, §27): deadlines after the cause, independent verification."""

from __future__ import annotations

from datetime import date


def deadline_follows(deadline: date, cause_day: date) -> bool:
    """Tell whether a deadline lies after the day of the interview or inspection that set it."""
    return deadline > cause_day


def is_overdue(state: str, deadline: date, today: date) -> bool:
    """Tell whether an item not closed has passed its deadline."""
    return state != "closed" and deadline < today


def independent(verifier: str, reporter: str | None, owner: str | None) -> bool:
    """Tell whether a verifier is neither the reporter nor the item's owner."""
    return verifier not in {reporter, owner}
