"""Typed errors of campaigns and cases: each declared once, raised by the services, listed on routes."""

from shared.errors import Problem


class AlreadyVerified(Problem):
    """The household's verification result is already recorded."""

    STATUS, CODE = 409, "already_verified"


class NotInCampaign(Problem):
    """A listed household is not in the campaign within the caller's region."""

    STATUS, CODE = 422, "not_in_campaign"


class NotAssigned(Problem):
    """The household has not been assigned to a cadre yet."""

    STATUS, CODE = 409, "not_assigned"


class NotAssignee(Problem):
    """Only the cadre the household is assigned to records its result."""

    STATUS, CODE = 403, "not_assignee"


class CaseAlreadyClosed(Problem):
    """The case is already closed."""

    STATUS, CODE = 409, "case_closed"


class SelectionEmpty(Problem):
    """No household in the register matches the selection; a campaign needs at least one."""

    STATUS, CODE = 422, "selection_empty"
