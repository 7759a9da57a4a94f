"""Campaign rules as plain functions: reproducible samples, results consistent with findings."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")


def draw_sample(candidates: Sequence[T], size: int, seed: int) -> list[T]:
    """Draw `size` candidates with a seeded generator; the same seed and candidates give the same draw.

    The candidates must come in a stable order (household number), so the draw depends only on
    the register and the seed, never on the order the database happened to return rows in.
    """
    if size < 1:
        raise ValueError("sample size must be at least 1")
    ordered = sorted(candidates)
    if size >= len(ordered):
        return ordered
    return sorted(random.Random(seed).sample(ordered, size))


@dataclass(frozen=True)
class ResultProblem:
    """Why a verification result contradicts its own findings."""

    field: str
    code: str
    message: str
    message_zh: str


def result_problem(outcome: str, failed_conditions: Sequence[str],
                   case_kind: str | None) -> ResultProblem | None:
    """Check that an outcome agrees with its findings: failed needs a failed condition and a case kind."""
    if outcome == "confirmed" and failed_conditions:
        return ResultProblem("findings", "confirmed_with_failed_finding",
                             "A confirmed result cannot contain a failed finding",
                             "核实无误的结果不能包含未通过的核实项")
    if outcome == "confirmed" and case_kind is not None:
        return ResultProblem("case_kind", "case_kind_unexpected",
                             "case_kind is only for a failed result", "只有核实有问题时才能填写处理类型")
    if outcome == "failed" and not failed_conditions:
        return ResultProblem("findings", "failed_without_finding",
                             "A failed result names at least one failed finding",
                             "核实有问题时须至少有一项未通过")
    if outcome == "failed" and case_kind is None:
        return ResultProblem("case_kind", "case_kind_required",
                             "A failed result says whether it leads to removal or correction",
                             "核实有问题时须说明清退或信息更正")
    return None
