"""Typed errors of tracking audits, spot checks and rectification."""

from shared.errors import Problem


class PopulationEmpty(Problem):
    """The region and year hold nothing to sample."""

    STATUS, CODE = 422, "population_empty"


class SampleTooLarge(Problem):
    """The sample asked for is larger than the population."""

    STATUS, CODE = 422, "sample_too_large"


class NotSampled(Problem):
    """A finding is recorded on an item the audit drew, not another."""

    STATUS, CODE = 422, "not_sampled"


class DeadlinePassed(Problem):
    """A rectification's deadline lies ahead of the day it is set."""

    STATUS, CODE = 422, "deadline_passed"


class RectificationOutOfOrder(Problem):
    """The step does not follow from the rectification's state (report, verify, close, in that order)."""

    STATUS, CODE = 409, "rectification_out_of_order"


class VerifierIsReporter(Problem):
    """A rectification is verified by another official than the one who reported it."""

    STATUS, CODE = 403, "verifier_is_reporter"
