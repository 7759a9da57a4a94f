"""Column types that behave the same on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import JSON, BigInteger, DateTime, Dialect
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.types import TypeDecorator

FEN = Decimal("0.01")
# The largest value of an Integer column (PostgreSQL int4); every integer key of the suite is one, and
# a larger parameter compared with such a column fails in the database instead of matching nothing.
INTEGER_MAX = 2**31 - 1

JSONType = JSON().with_variant(JSONB(), "postgresql")


def ascii_digits(text: str) -> bool:
    """Tell whether text is one or more ASCII digits (`str.isdigit` also takes `²`, `１` and `٣`)."""
    return text.isascii() and text.isdigit()


def utcnow() -> datetime:
    """Return the current time, timezone-aware in UTC."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC and always read back timezone-aware."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTCDateTime column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def to_fen(amount: Decimal) -> int:
    """Convert yuan to integer fen, refusing fractions of a fen."""
    quantized = amount.quantize(FEN, rounding=ROUND_HALF_UP)
    if quantized != amount:
        raise ValueError(f"{amount} has more than two decimal places")
    return int(quantized * 100)


def from_fen(fen: int) -> Decimal:
    """Convert integer fen to yuan with two places."""
    return (Decimal(fen) / 100).quantize(FEN)


class Money(TypeDecorator[Decimal]):
    """Yuan as Decimal in Python, integer fen in the database (SQLite has no exact NUMERIC)."""

    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> int | None:
        return None if value is None else to_fen(Decimal(value))

    def process_result_value(self, value: int | None, dialect: Dialect) -> Decimal | None:
        return None if value is None else from_fen(int(value))
