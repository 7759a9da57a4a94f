"""Typed errors of work teams: each declared once, raised by the service, listed on its routes."""

from shared.errors import Problem


class TeamExists(Problem):
    """The village already has a work team; its members rotate by hand-over."""

    STATUS, CODE = 409, "team_exists"


class RoleTaken(Problem):
    """The team already has a serving first secretary; replace one by hand-over."""

    STATUS, CODE = 409, "role_taken"


class OfficialPosted(Problem):
    """The official already serves in a work team."""

    STATUS, CODE = 409, "official_posted"


class PostingEnded(Problem):
    """The term has already ended."""

    STATUS, CODE = 409, "posting_ended"
