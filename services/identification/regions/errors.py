"""Typed errors of regions: each declared once, raised by the service, listed on its routes."""

from shared.errors import Problem


class NaturalVillageExists(Problem):
    """The village already has a natural village of that name."""

    STATUS, CODE = 409, "natural_village_exists"
