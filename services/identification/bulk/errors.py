"""Typed errors of imports: each declared once, raised by the service, listed on its routes."""

from shared.errors import Problem


class FileTooLarge(Problem):
    """The uploaded file is larger than 512 MiB."""

    STATUS, CODE = 413, "file_too_large"


class JobNotCancellable(Problem):
    """The job has ended (or is already stopping); only queued or running jobs can be cancelled."""

    STATUS, CODE = 409, "job_not_queued"
