"""The evaluation's score as plain functions (rule funds.performance.score)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from services.funds.codes import Direction, Grade

HUNDRED, ZERO, CENT = Decimal(100), Decimal(0), Decimal("0.01")
# 财预〔2013〕53号: 优 90 and above, 良 80, 中 60, else 差.
GRADE_FLOORS = ((Decimal(90), Grade.EXCELLENT), (Decimal(80), Grade.GOOD), (Decimal(60), Grade.FAIR))


def period_score(direction: str, baseline: Decimal, target: Decimal, actual: Decimal) -> Decimal:
    """Score one period: the share of the way from baseline to target reached, 0–100, to the 0.01."""
    gain, span = actual - baseline, target - baseline
    if direction == Direction.LOWER:
        gain, span = -gain, -span
    if span <= 0:  # a target no better than its baseline is met or not
        return HUNDRED if gain >= span else ZERO
    return min(max(gain / span * HUNDRED, ZERO), HUNDRED).quantize(CENT, ROUND_HALF_UP)


def evaluation_score(period_scores: Sequence[Decimal]) -> Decimal:
    """Average the periods' (rounded) scores, rounded half up to 0.01."""
    if not period_scores:
        raise ValueError("an evaluation needs at least one scored period")
    return (sum(period_scores, ZERO) / len(period_scores)).quantize(CENT, ROUND_HALF_UP)


def grade(score: Decimal) -> Grade:
    """Grade a score: 优 from 90, 良 from 80, 中 from 60, else 差."""
    return next((g for floor, g in GRADE_FLOORS if score >= floor), Grade.POOR)
