"""Typed errors of performance management."""

from shared.errors import Problem


class IndicatorExists(Problem):
    """The project or county already has an indicator of this name."""

    STATUS, CODE = 409, "indicator_exists"


class PeriodOverlaps(Problem):
    """The indicator already has a period overlapping this one."""

    STATUS, CODE = 409, "period_overlaps"


class PeriodNotBegun(Problem):
    """An actual value is recorded only once its period has begun."""

    STATUS, CODE = 422, "period_not_begun"


class NotACounty(Problem):
    """A county's indicator or evaluation names a county code the register knows."""

    STATUS, CODE = 422, "not_a_county"


class NothingToEvaluate(Problem):
    """The window holds no indicator period, or a period in it lacks its actual value."""

    STATUS, CODE = 422, "nothing_to_evaluate"
