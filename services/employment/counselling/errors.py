"""One-to-one service's typed errors."""

from shared.errors import Problem


class NotWillingToWork(Problem):
    """Counselling is for a labourer who wants work; this one has said they do not (yet)."""

    STATUS, CODE = 409, "not_willing_to_work"


class StepAlreadyDone(Problem):
    """The plan step is already done."""

    STATUS, CODE = 409, "step_already_done"


class NotTheCounsellor(Problem):
    """Only the labourer's own counsellor reads their contact details."""

    STATUS, CODE = 403, "not_the_counsellor"


class ContactRefused(Problem):
    """Identification refused employment's contact read (its token or scope)."""

    STATUS, CODE = 403, "contact_refused"


class MemberNotInRegister(Problem):
    """Identification holds no current member by this id (unknown, left the household, or removed)."""

    STATUS, CODE = 404, "member_not_in_register"


class IdentificationUnavailable(Problem):
    """Identification could not be reached or failed; retry after Retry-After seconds."""

    STATUS, CODE = 503, "identification_unavailable"
    RETRY_AFTER_SECONDS = 10

    def __init__(self, message: str, message_zh: str) -> None:
        super().__init__(message, message_zh)
        self.headers = {"Retry-After": str(self.RETRY_AFTER_SECONDS)}
