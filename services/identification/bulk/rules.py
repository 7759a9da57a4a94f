"""Import rules as plain functions: ID numbers at bulk speed, status histories, in-file duplicates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from stdnum.cn import ric

from services.identification.codes import HouseholdStatus
from services.identification.households.rules import IdNumberError, IdNumberFacts, parse_id_number

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
_CHECK_CHARS = frozenset("0123456789X")


@lru_cache(maxsize=65536)
def _area_verdict(area: str, year: int) -> IdNumberError | None:
    """Judge an area code for people born in `year`, as parse_id_number would.

    Once length, digits, check digit and birth date are right, parse_id_number's verdict
    depends only on the area code and the birth year, so one representative number answers
    for all of them. Its lookup in python-stdnum's area table costs ~100 µs, too much to pay
    800,000 times per import.
    """
    body = f"{area}{year:04d}0101001"
    try:
        parse_id_number(body + ric.calc_check_digit(body + "0"))
    except IdNumberError as exc:
        return exc
    return None


def id_number_facts(raw: str) -> IdNumberFacts:
    """Validate an ID number exactly as parse_id_number does, caching the costly part."""
    number = raw.upper()
    if len(number) != 18 or not number[:17].isdigit() or not number.isascii() \
            or number[17] not in _CHECK_CHARS:
        return parse_id_number(raw)  # rare shapes take the reference path for its exact verdict
    if ric.calc_check_digit(number) != number[17]:
        raise IdNumberError("id_number_checksum", "The ID number's check digit is wrong",
                            "身份证号码校验位错误")
    try:
        birth = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError as exc:
        raise IdNumberError("id_number_birth_date", "The ID number holds no valid birth date",
                            "身份证号码中的出生日期无效") from exc
    verdict = _area_verdict(number[:6], birth.year)
    if verdict is not None:
        raise IdNumberError(verdict.code, verdict.message, verdict.message_zh)
    if birth > date.today():
        raise IdNumberError("id_number_birth_date", "The ID number's birth date is in the future",
                            "身份证号码中的出生日期晚于今天")
    return IdNumberFacts(number=number, birth_date=birth,
                         sex="male" if int(number[16]) % 2 == 1 else "female")


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


class InFileIndex:
    """Remembers which household first listed each person and household number in a file."""

    def __init__(self) -> None:
        self.people: dict[str, int] = {}
        self.households: dict[str, int] = {}

    def claim_household(self, household_no: str, row: int) -> int | None:
        """Record a household number; return the earlier row that already used it."""
        first = self.households.setdefault(household_no, row)
        return None if first == row else first

    def claim_person(self, id_number: str, row: int) -> int | None:
        """Record a person; return the earlier row of another household that listed them."""
        first = self.people.setdefault(id_number, row)
        return None if first == row else first
