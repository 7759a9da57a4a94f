"""Placements' typed errors."""

from shared.errors import Problem


class PairExcluded(Problem):
    """A hard constraint of matching excludes this person from this position; `errors` say which."""

    STATUS, CODE = 422, "pair_excluded"


class PlacementExists(Problem):
    """The person already has a live placement for this position."""

    STATUS, CODE = 409, "placement_exists"


class StepNotAllowed(Problem):
    """The placement's state does not allow this step now."""

    STATUS, CODE = 409, "step_not_allowed"


class NoOpeningsLeft(Problem):
    """Every opening of the position is filled (or it closed meanwhile): the hire would exceed them."""

    STATUS, CODE = 409, "no_openings_left"


class FollowUpNotDue(Problem):
    """The follow-up is not due yet, is out of order, or was already recorded."""

    STATUS, CODE = 409, "follow_up_not_due"
