"""Typed errors of micro-credit."""

from shared.errors import Problem


class HouseholdNotEligible(Problem):
    """The register does not hold the household as registered (unknown, a candidate, rejected or removed)."""

    STATUS, CODE = 422, "household_not_eligible"


class LoanClosed(Problem):
    """The loan is repaid or renewed; only an active loan changes."""

    STATUS, CODE = 409, "loan_closed"
