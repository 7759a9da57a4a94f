"""Typed errors of regions: each declared once, raised by the service, listed on its routes."""

from shared.errors import Problem


class NaturalVillageExists(Problem):
    """The village already has a natural village of that name."""

    STATUS, CODE = 409, "natural_village_exists"


class RegionUnknown(Problem):
    """The register has no region with that code."""

    STATUS, CODE = 422, "region_unknown"


class RegionNotVillage(Problem):
    """The region is a town, county or above: only an administrative village takes this."""

    STATUS, CODE = 422, "region_not_village"
