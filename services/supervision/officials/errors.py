"""Typed errors of officials: each declared once, raised by the service, listed on its routes."""

from shared.errors import Problem


class RegionNotAtLevel(Problem):
    """The region is not in the register at the official's level."""

    STATUS, CODE = 422, "region_not_at_level"


class SecretaryServing(Problem):
    """The region already has a serving party secretary at that level."""

    STATUS, CODE = 409, "secretary_serving"


class SubjectTaken(Problem):
    """Another official already signs in with that account."""

    STATUS, CODE = 409, "subject_taken"


class AlreadyLeft(Problem):
    """The official has already left the post."""

    STATUS, CODE = 409, "official_left"
