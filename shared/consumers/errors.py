"""Typed errors of the consumers API: each declared once, raised by the service, listed on its routes."""

from shared.errors import Problem


class ConsumerUnknown(Problem):
    """No consumer of that name runs in this service."""

    STATUS, CODE = 404, "consumer_unknown"


class DeadLetterUnknown(Problem):
    """The consumer has no dead letter with that id."""

    STATUS, CODE = 404, "dead_letter_unknown"


class DeadLetterReplayed(Problem):
    """The dead letter was replayed already."""

    STATUS, CODE = 409, "dead_letter_replayed"


class ReplayFailed(Problem):
    """The handler failed again on the event; nothing was written."""

    STATUS, CODE = 409, "replay_failed"


class SourceUnavailable(Problem):
    """The source service could not be read; try again later."""

    STATUS, CODE = 503, "source_unavailable"
