"""The yearly split of an asset's income (保底收益+按股分红, §3) as a pure function, exact to the fen."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Holding:
    """A household's shares, and whether a member is disabled (served first when money is short)."""

    key: str
    shares: int
    disabled: bool


@dataclass(frozen=True)
class Part:
    """What one household receives: its guaranteed part and its dividend, in fen."""

    key: str
    guaranteed: int
    dividend: int

    @property
    def total(self) -> int:
        """The household's whole part."""
        return self.guaranteed + self.dividend


def largest_remainder(amount: int, weights: Sequence[int]) -> list[int]:
    """Split an amount of fen by weights so the parts add up exactly (Hamilton's method).

    Each part is its exact share rounded down; the fen left go one each to the largest fractional
    remainders, ties to the earlier weight, so the split is deterministic for a given order.
    """
    whole = sum(weights)
    if whole == 0:
        return [0] * len(weights)
    floors = [amount * w // whole for w in weights]
    left = amount - sum(floors)
    order = sorted(range(len(weights)), key=lambda i: (-(amount * weights[i] % whole), i))
    for i in order[:left]:
        floors[i] += 1
    return floors


def distribute(total: int, guaranteed: int, holdings: Sequence[Holding]) -> list[Part]:
    """Split a year's income: the guaranteed minimum to each, then the rest as dividends by shares.

    When the income does not cover every guarantee, households with disabled members are served
    first (plan §3: 资产收益项目优先安排贫困残疾人家庭); the group the money runs out in shares what
    is left equally, and nobody receives a dividend. The parts always add up to `total` exactly.
    """
    if total < 0 or guaranteed < 0 or any(h.shares <= 0 for h in holdings):
        raise ValueError("amounts are not negative and every holding has shares")
    if not holdings:
        if total:
            raise ValueError("income with no shareholders cannot be distributed")
        return []
    if total >= guaranteed * len(holdings):
        dividends = largest_remainder(total - guaranteed * len(holdings), [h.shares for h in holdings])
        return [Part(h.key, guaranteed, d) for h, d in zip(holdings, dividends, strict=True)]
    paid: dict[str, int] = {}
    left = total
    for group in ([h for h in holdings if h.disabled], [h for h in holdings if not h.disabled]):
        if left >= guaranteed * len(group):
            paid |= {h.key: guaranteed for h in group}
            left -= guaranteed * len(group)
        else:
            paid |= {h.key: part for h, part in zip(group, largest_remainder(left, [1] * len(group)),
                                                    strict=True)}
            left = 0
    return [Part(h.key, paid[h.key], 0) for h in holdings]
