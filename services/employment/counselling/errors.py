"""One-to-one service's typed errors."""

from shared.errors import Problem


class NotWillingToWork(Problem):
    """Counselling is for a labourer who wants work; this one has said they do not (yet)."""

    STATUS, CODE = 409, "not_willing_to_work"


class StepAlreadyDone(Problem):
    """The plan step is already done."""

    STATUS, CODE = 409, "step_already_done"
