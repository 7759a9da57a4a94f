"""Typed errors of misconduct leads and the blacklist: each declared once, raised by the service, listed."""

from shared.errors import Problem


class LeadStepRefused(Problem):
    """A lead cannot move to that state from where it stands."""

    STATUS, CODE = 409, "lead_step_refused"


class AlreadyListed(Problem):
    """The person already stands on the blacklist for that reason."""

    STATUS, CODE = 409, "already_listed"


class WrongEntryState(Problem):
    """The entry is not in the state this step needs (appeal: listed; decision: appealed; lift: standing)."""

    STATUS, CODE = 409, "wrong_entry_state"


class TermNotOver(Problem):
    """The entry's term has not ended; it is lifted only after it (or by an upheld appeal)."""

    STATUS, CODE = 409, "term_not_over"
