"""The household list's filters, applied alike by the list (households/) and the export (bulk/)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, exists, tuple_

from services.identification.models import Household, Member
from shared.pagination import prefix_upper_bound

# The lists' keyset order: village by village, then household number. A region prefix is a range of
# the leading column, so the index on (region_code, household_no) both finds and orders a page at any
# level, and a page stops after its last row instead of walking the whole register.
ORDER = (Household.__table__.c.region_code, Household.__table__.c.household_no)


def after(key: tuple[str, str] | None) -> list[ColumnElement[bool]]:
    """Return the condition selecting rows after a keyset key (none for the first page)."""
    return [] if key is None else [tuple_(*ORDER) > tuple_(*key)]


@dataclass(frozen=True)
class HouseholdFilter:
    """The filters of the household list."""

    region_prefix: str
    status: str | None = None
    category: str | None = None
    cause: str | None = None
    labour_capacity: str | None = None
    name: str | None = None

    def conditions(self) -> list[ColumnElement[bool]]:
        """Return the conditions on the households table that select what the filter asks for."""
        households, members = Household.__table__.c, Member.__table__.c
        # A range on the code, not LIKE 'prefix%': the region index serves it on both databases.
        found = [households.region_code >= self.region_prefix,
                 households.region_code < prefix_upper_bound(self.region_prefix)]
        for column, value in (("status", self.status), ("category", self.category),
                              ("primary_cause", self.cause)):
            if value:
                found.append(households[column] == value)
        of_household = members.household_id == households.id
        if self.labour_capacity:
            found.append(exists().where(of_household, members.active.is_(True),
                                        members.labour_capacity == self.labour_capacity))
        if self.name:
            found.append(exists().where(of_household, members.name.contains(self.name, autoescape=True)))
        return found
