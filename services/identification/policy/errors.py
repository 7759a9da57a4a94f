"""Typed errors of standards: each declared once, raised by the service, listed on its routes."""

from shared.errors import Problem


class StandardIncomplete(Problem):
    """A year's first standard must give every figure."""

    STATUS, CODE = 422, "standard_incomplete"


class StandardVersionConflict(Problem):
    """Another version of the standard was issued at the same time; read and retry."""

    STATUS, CODE = 409, "standard_version_conflict"


class StandardMissing(Problem):
    """No standard is recorded for the year covering the region; an administrator issues one first."""

    STATUS, CODE = 422, "standard_missing"
