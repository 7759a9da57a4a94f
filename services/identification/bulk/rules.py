"""Import rules as plain functions: status histories."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from services.identification.codes import HouseholdStatus

# A household's lifecycle as the register records it (see DOMAIN.md).
ALLOWED_TRANSITIONS: dict[str | None, frozenset[str]] = {
    None: frozenset({HouseholdStatus.CANDIDATE, HouseholdStatus.IDENTIFIED}),
    HouseholdStatus.CANDIDATE: frozenset({HouseholdStatus.IDENTIFIED, HouseholdStatus.REJECTED}),
    HouseholdStatus.IDENTIFIED: frozenset({HouseholdStatus.EXITED, HouseholdStatus.REMOVED}),
    HouseholdStatus.EXITED: frozenset({HouseholdStatus.RETURNED, HouseholdStatus.REMOVED}),
    HouseholdStatus.RETURNED: frozenset({HouseholdStatus.EXITED, HouseholdStatus.REMOVED}),
    HouseholdStatus.REMOVED: frozenset(),
    HouseholdStatus.REJECTED: frozenset(),
}


@dataclass(frozen=True)
class Step:
    """One transition of a household's history as imported."""

    to_status: str
    effective_on: date
    reason: str | None = None
    reference: str | None = None


def history_problem(current: str | None, steps: list[Step]) -> str | None:
    """Return why a sequence of transitions cannot follow `current`, or None when it can."""
    previous, last_date = current, None
    for step in steps:
        if step.to_status not in ALLOWED_TRANSITIONS[previous]:
            return f"{previous or 'new'} -> {step.to_status}"
        if last_date is not None and step.effective_on < last_date:
            return f"{step.effective_on} is before {last_date}"
        previous, last_date = step.to_status, step.effective_on
    return None


def steps_from_fields(status: str | None, identified_on: date | None,
                      exited_on: date | None, today: date) -> list[Step]:
    """Derive the history of a spreadsheet row from its status and dates (identified by default)."""
    final = status or (HouseholdStatus.EXITED if exited_on else HouseholdStatus.IDENTIFIED)
    if final == HouseholdStatus.CANDIDATE:
        return [Step(HouseholdStatus.CANDIDATE, today)]
    steps = [Step(HouseholdStatus.IDENTIFIED, identified_on or today)]
    if final in (HouseholdStatus.EXITED, HouseholdStatus.RETURNED):
        steps.append(Step(HouseholdStatus.EXITED, exited_on or identified_on or today))
    if final not in (HouseholdStatus.IDENTIFIED, HouseholdStatus.EXITED):
        steps.append(Step(final, today))
    return steps


def steps_after(current: str, steps: list[Step]) -> list[Step] | None:
    """Return the imported steps that continue the register's current status.

    None means the file's history never reaches the register's status, so it cannot be
    appended without rewriting the past.
    """
    if steps and steps[-1].to_status == current:
        return []
    for i in range(len(steps) - 1, -1, -1):
        if steps[i].to_status == current:
            return steps[i + 1:]
    return None
