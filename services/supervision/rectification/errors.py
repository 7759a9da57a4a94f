"""Typed errors of rectification: each declared once, raised by the service, listed on its routes."""

from shared.errors import Problem


class WrongItemState(Problem):
    """The item is not in the state this step needs (report: open; verification: reported)."""

    STATUS, CODE = 409, "wrong_item_state"


class VerifierNotIndependent(Problem):
    """The reporter or the item's owner cannot verify the item; someone else must."""

    STATUS, CODE = 403, "verifier_not_independent"


class ItemsStillOpen(Problem):
    """The interview has items not yet closed."""

    STATUS, CODE = 409, "items_still_open"


class InterviewClosed(Problem):
    """The interview is already closed."""

    STATUS, CODE = 409, "interview_closed"
