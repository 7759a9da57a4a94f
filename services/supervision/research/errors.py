"""Typed errors of research quotas: each declared once, raised by the service, listed on its routes."""

from shared.errors import Problem


class NoQuotaForYear(Problem):
    """No research quota is stored for that year and level."""

    STATUS, CODE = 422, "quota_year_without_rule"


class QuotaExists(Problem):
    """The year already has a quota for that level."""

    STATUS, CODE = 409, "quota_exists"


class AlreadyRecorded(Problem):
    """That day (or that year's report) is already recorded for the official."""

    STATUS, CODE = 409, "already_recorded"
