"""Typed errors of contact reads."""

from shared.errors import Problem


class MemberNotCurrent(Problem):
    """The member left their household, or the household was removed or rejected: no contact is given."""

    STATUS, CODE = 404, "member_not_current"


class OnBehalfOfRequired(Problem):
    """A service reads contact details only for the end user it names in On-Behalf-Of."""

    STATUS, CODE = 422, "on_behalf_of_required"


class OnBehalfOfNotCaller(Problem):
    """A user reads contact details for themselves; On-Behalf-Of named someone else."""

    STATUS, CODE = 422, "on_behalf_of_not_caller"
