"""Typed errors of imports: each declared once, raised by the service, listed on its routes."""

from shared.errors import Problem


class FileTooLarge(Problem):
    """The uploaded file is larger than 512 MiB."""

    STATUS, CODE = 413, "file_too_large"


class JobNotCancellable(Problem):
    """The job has ended (or is already stopping); only queued or running jobs can be cancelled."""

    STATUS, CODE = 409, "job_not_queued"


class ExportNotAllowed(Problem):
    """The caller's roles export no lists (ROLE_ACCESS: helpers and service accounts read by API)."""

    STATUS, CODE = 403, "export_not_allowed"


class ExportTooWide(Problem):
    """The list asked for is wider than the caller's roles may export (ROLE_ACCESS); narrow region."""

    STATUS, CODE = 403, "export_too_wide"


class FileEmpty(Problem):
    """The uploaded file has no bytes."""

    STATUS, CODE = 422, "file_empty"


class ExportTooLargeForXlsx(Problem):
    """The list has more rows than an XLSX sheet holds; export it as csv or ndjson."""

    STATUS, CODE = 422, "export_too_large_for_xlsx"
