"""Import rules as plain functions: status histories and in-file duplicates."""

from __future__ import annotations

import hashlib
import os
from array import array
from bisect import bisect_left
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


RECENT_CLAIMS = 1 << 15  # claims kept in a dict before they are merged into the sorted arrays
_HASHED = 1 << 63  # keys of hashed texts; exact keys of digit strings stay below 2 * 10**18


class _Claims:
    """The row that first claimed each 64-bit key: 12 bytes a key, in two sorted arrays.

    New claims go to a dict of at most RECENT_CLAIMS entries, merged into the arrays when it
    fills (one pass of memory copies, so a key costs amortised one merge step). A file's million
    people take 12 MB here, where a dict of their texts took about 200 MB.
    """

    def __init__(self) -> None:
        self.keys = array("Q")
        self.rows = array("I")
        self.recent: dict[int, int] = {}

    def claim(self, key: int, row: int) -> int | None:
        """Record a key at a row; return the earlier row that claimed it, or None."""
        at = bisect_left(self.keys, key)
        if at < len(self.keys) and self.keys[at] == key:
            first = self.rows[at]
        else:
            first = self.recent.setdefault(key, row)
            if len(self.recent) >= RECENT_CLAIMS:
                self._merge()
        return None if first == row else first

    def _merge(self) -> None:
        keys, rows, start = array("Q"), array("I"), 0
        for key in sorted(self.recent):
            end = bisect_left(self.keys, key, start)
            keys.extend(self.keys[start:end])
            rows.extend(self.rows[start:end])
            keys.append(key)
            rows.append(self.recent[key])
            start = end
        keys.extend(self.keys[start:])
        rows.extend(self.rows[start:])
        self.keys, self.rows, self.recent = keys, rows, {}


class InFileIndex:
    """Remembers which row first listed each person and household number in a file.

    Keys are exact for what a county file holds: an ID number's 17-digit body (its check
    character follows from the body, and only numbers whose check holds reach the index) and
    household numbers of up to 18 digits. Other texts take a 63-bit BLAKE2b hash keyed with a
    random salt of this index, so a file cannot be crafted to collide; two different texts
    share a hash with a chance of about n² / 2^64 (10^-8 for a million households).
    """

    def __init__(self) -> None:
        self.people = _Claims()
        self.households = _Claims()
        self._salt = os.urandom(16)

    def claim_household(self, household_no: str, row: int) -> int | None:
        """Record a household number; return the earlier row that already used it."""
        return self.households.claim(self._key(household_no), row)

    def claim_person(self, id_number: str, row: int) -> int | None:
        """Record a person; return the earlier row of another household that listed them."""
        body = id_number[:17] if len(id_number) == 18 else id_number
        return self.people.claim(self._key(body), row)

    def _key(self, text: str) -> int:
        if len(text) <= 18 and text.isascii() and text.isdigit():
            return int("1" + text)  # the leading 1 keeps leading zeros apart: "07" is not "7"
        digest = hashlib.blake2b(text.encode(), digest_size=8, key=self._salt).digest()
        return _HASHED | int.from_bytes(digest) >> 1
