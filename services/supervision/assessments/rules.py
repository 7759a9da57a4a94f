"""Pure rules of assessments and evaluations (§27): weighted totals, seeded samples, register comparison."""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")
GUARANTEES = ("food_clothing", "education", "medical", "housing", "drinking_water")
SAMPLED_STATUSES = ("identified", "returned", "exited")


def weighted_total(scores: Sequence[tuple[int, int]]) -> int:
    """The weighted mean of (weight, score ×100) pairs, ×100 and rounded half-up."""
    weights = sum(w for w, _ in scores)
    numerator = sum(w * s for w, s in scores)
    return (2 * numerator + weights) // (2 * weights)


def draw(population: Sequence[T], size: int, seed: int) -> list[T]:
    """Draw a sample the same seed over the same ordered population always draws again."""
    chosen = random.Random(seed).sample(range(len(population)), min(size, len(population)))
    return [population[i] for i in sorted(chosen)]


def comparison(register_status: str, all_met: bool) -> str:
    """How a finding compares with the register's status."""
    if register_status == "exited":
        return "consistent" if all_met else "exited_but_unmet"
    return "poor_but_met" if all_met else "consistent"
