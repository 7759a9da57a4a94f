"""Employers' and positions' typed errors."""

from shared.errors import Problem


class EmployerExists(Problem):
    """An employer with this unified social credit code is already registered."""

    STATUS, CODE = 409, "employer_exists"


class PositionTermsInvalid(Problem):
    """The position's terms contradict each other (age range, period, kind, openings below filled)."""

    STATUS, CODE = 422, "position_terms_invalid"
