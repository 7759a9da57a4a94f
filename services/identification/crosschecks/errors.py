"""Typed errors of cross-checks: each declared once, raised by the service, listed on its routes."""

from shared.errors import Problem


class ListTooLarge(Problem):
    """A department's list is larger than 5 MB."""

    STATUS, CODE = 413, "payload_too_large"
