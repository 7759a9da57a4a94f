"""Pure rules of leads and the blacklist (§13, §31): the handling steps, the term."""

from __future__ import annotations

from datetime import date

LEAD_STEPS = {"received": {"investigating"}, "investigating": {"substantiated", "dismissed", "transferred"}}


def lead_step_allowed(current: str, target: str) -> bool:
    """Tell whether a lead may move from its state to another."""
    return target in LEAD_STEPS.get(current, set())


def term_over(listed_until: date, day: date) -> bool:
    """Tell whether an entry's term has ended by a day (its last listed day is `listed_until`)."""
    return day > listed_until
