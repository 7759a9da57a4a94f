"""Typed errors of publicity: notices, their periods and corrections, objections."""

from shared.errors import Problem


class NoticePeriodInvalid(Problem):
    """The publicity period's dates are out of order or shorter than its kind's minimum."""

    STATUS, CODE = 422, "notice_period_invalid"


class NoticeTextInvalid(Problem):
    """A notice's text holds an ID, phone or account number, or it lists a household not a beneficiary."""

    STATUS, CODE = 422, "notice_text_invalid"


class NoticePublished(Problem):
    """A notice edited after publication: a published notice never changes; publish a correction."""

    STATUS, CODE = 409, "notice_published"


class NoticeNotOpen(Problem):
    """The project's state does not call for a notice of this kind yet."""

    STATUS, CODE = 409, "notice_not_open"


class CurrentNoticeExists(Problem):
    """The project has a current notice of this kind; a new one must name it in supersedes_id."""

    STATUS, CODE = 409, "current_notice_exists"


class SupersedesInvalid(Problem):
    """The notice to supersede is not a current notice of the same project and kind."""

    STATUS, CODE = 422, "supersedes_invalid"


class NoticeAlreadySuperseded(Problem):
    """Another correction superseded this notice first; read it and correct the current one."""

    STATUS, CODE = 409, "notice_already_superseded"


class NoticeNotCurrent(Problem):
    """Objections are taken on a published, current notice only (not a draft or a superseded one)."""

    STATUS, CODE = 409, "notice_not_current"


class ObjectionPeriodClosed(Problem):
    """The notice's publicity period has not begun or has ended: no objection is taken on it."""

    STATUS, CODE = 409, "objection_period_closed"


class ObjectionAlreadyAnswered(Problem):
    """The objection is answered already; an answer is given once."""

    STATUS, CODE = 409, "objection_already_answered"


class PublicityNotClosed(Problem):
    """The project's plan notice has not closed without an upheld objection: its money waits."""

    STATUS, CODE = 409, "publicity_not_closed"
