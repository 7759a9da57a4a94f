"""Money rules as pure functions: when money may move, and what each stage of a subsidy pays."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from services.funds.codes import ProjectStatus

S = ProjectStatus
WHOLE_BP = 10_000  # 100% in basis points
# Money is allocated once the project is in the annual plan, and paid while work runs or is done.
ALLOCATION_STATES = (S.IN_ANNUAL_PLAN, S.IMPLEMENTING, S.COMPLETED)
PAYMENT_STATES = (S.IMPLEMENTING, S.COMPLETED, S.ACCEPTED)
PLAN_STATES = (S.PROPOSED, S.APPRAISED, S.IN_LIBRARY, S.IN_ANNUAL_PLAN, S.IMPLEMENTING)
PROGRESS_STATES = (S.IMPLEMENTING, S.COMPLETED)


def stage_amount(subsidy_fen: int, shares_bp: Sequence[int], stage_index: int) -> int:
    """Return what one stage pays of a subsidy, in fen.

    Each stage pays the cumulative share up to it less the cumulative share before it, both rounded
    down to the fen: the stages of a plan that covers 100% add up to the subsidy exactly, whatever
    order they are paid in.
    """
    before = sum(shares_bp[:stage_index])
    upto = before + shares_bp[stage_index]
    return subsidy_fen * upto // WHOLE_BP - subsidy_fen * before // WHOLE_BP



def share_percent(share_bp: int) -> Decimal:
    """Return a share in basis points as a percentage with two places."""
    return (Decimal(share_bp) / 100).quantize(Decimal("0.01"))
