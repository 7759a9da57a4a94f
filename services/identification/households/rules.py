"""Register rules as plain functions: ages, households' shape, incomes."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal


def age_on(birth_date: date, on: date) -> int:
    """Return the age in whole years on a given day."""
    return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))


def is_compulsory_school_age(birth_date: date, on: date) -> bool:
    """Tell whether a child is of compulsory-education age (6 to 15 inclusive)."""
    return 6 <= age_on(birth_date, on) <= 15


def duplicate_values(values: list[str]) -> set[str]:
    """Return the values that occur more than once."""
    seen: set[str] = set()
    return {v for v in values if v in seen or seen.add(v)}  # type: ignore[func-returns-value]


def net_income(wages: Decimal, production_business: Decimal, property_income: Decimal,
               transfer_income: Decimal, production_costs: Decimal) -> Decimal:
    """Return a household's net income: the four components less production costs."""
    return wages + production_business + property_income + transfer_income - production_costs


def income_per_head(net: Decimal, household_size: int) -> Decimal:
    """Divide net income by household size, rounded half-up to the fen."""
    if household_size < 1:
        raise ValueError("household size must be at least 1")
    return (net / household_size).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
