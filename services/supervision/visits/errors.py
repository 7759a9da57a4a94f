"""Typed errors of visits: each declared once, raised by the service, listed on its routes."""

from shared.errors import Problem


class BatchRace(Problem):
    """Some records of the batch were stored by another request at the same moment; send it again."""

    STATUS, CODE = 409, "batch_race"


class LevelWithoutTargets(Problem):
    """The level has no visit targets in the plan."""

    STATUS, CODE = 422, "level_without_targets"
