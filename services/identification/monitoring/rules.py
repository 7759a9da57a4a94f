"""Monitoring rules as plain functions: the near-the-line threshold and poverty incidence."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

FEN = Decimal("0.01")
SERIOUS_HEALTH = ("serious_illness", "disabled")
REGION_LENGTHS = (2, 4, 6, 9, 12)


def near_line_threshold(exit_line: Decimal, margin: Decimal) -> Decimal:
    """Return the income per head below which an exited household is at risk: line × (1 + margin)."""
    if margin < 0:
        raise ValueError("margin must not be negative")
    return (exit_line * (1 + margin)).quantize(FEN, rounding=ROUND_HALF_UP)


def income_at_risk(income_per_head: Decimal, threshold: Decimal) -> bool:
    """Tell whether an income per head lies below the near-the-line threshold."""
    return income_per_head < threshold


def below_threshold_in_fen(net_fen: int, household_size: int, threshold_fen: int) -> bool:
    """Integer form of income_at_risk that SQL evaluates: round_half_up(net / size) < threshold.

    For a positive threshold T (fen), a per-head income x rounds half-up below T exactly when
    x < T - 0.5, that is 2·net < (2·T − 1)·size; no division, so both databases agree to the fen.
    """
    return 2 * net_fen < (2 * threshold_fen - 1) * household_size


def incidence_percent(poor_people: int, rural_population: int | None) -> Decimal | None:
    """Return poverty incidence in percent, half-up to two places; None without a population."""
    if not rural_population:
        return None
    return (Decimal(poor_people) * 100 / Decimal(rural_population)).quantize(FEN, rounding=ROUND_HALF_UP)


def region_code_of(prefix: str) -> str:
    """Return the 12-digit code of the region a level prefix names (4418 → 441800000000)."""
    if len(prefix) not in REGION_LENGTHS:
        raise ValueError("a region prefix has 2, 4, 6, 9 or 12 digits")
    return prefix.ljust(12, "0")
