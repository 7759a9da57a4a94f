"""Typed errors of cross-checks: each declared once, raised by the service, listed on its routes."""

from shared.errors import Problem


class ListTooLarge(Problem):
    """A department's list is larger than 5 MB."""

    STATUS, CODE = 413, "payload_too_large"


class CsvEncoding(Problem):
    """The CSV list is not UTF-8 text."""

    STATUS, CODE = 422, "csv_encoding"


class CsvMalformed(Problem):
    """The CSV list cannot be read as CSV (a field beyond the reader's size limit, a broken quote)."""

    STATUS, CODE = 422, "csv_malformed"


class CsvHeaderMissing(Problem):
    """The CSV list's first line names no id_number column."""

    STATUS, CODE = 422, "csv_header_missing"


class CsvRowInvalid(Problem):
    """A line of the CSV list is not a valid row (an ID number or a detail too long); `errors` names it."""

    STATUS, CODE = 422, "csv_row_invalid"


class TooManyRows(Problem):
    """The CSV list has more than 20,000 rows."""

    STATUS, CODE = 422, "too_many_rows"


class CsvEmpty(Problem):
    """The CSV list has a header and no rows."""

    STATUS, CODE = 422, "csv_empty"
