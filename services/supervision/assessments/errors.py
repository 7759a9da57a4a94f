"""Typed errors of assessments and evaluations: each declared once, raised by the service, listed."""

from shared.errors import Problem


class AlreadyAssessed(Problem):
    """The region or leader already has an assessment for that year."""

    STATUS, CODE = 409, "already_assessed"


class NotInSample(Problem):
    """The household is not in the evaluation's sample."""

    STATUS, CODE = 422, "not_in_sample"


class SampleEmpty(Problem):
    """The county has no household in the register to sample."""

    STATUS, CODE = 422, "sample_empty"
