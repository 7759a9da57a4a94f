"""The asset-income split, property-tested: exact to the fen for any income and shares, the disabled first."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from services.funds.assets.rules import Holding, distribute, largest_remainder

holdings = st.lists(st.tuples(st.integers(1, 10_000), st.booleans()), min_size=1, max_size=40).map(
    lambda rows: [Holding(f"h{i}", shares, disabled) for i, (shares, disabled) in enumerate(rows)])
fen = st.integers(0, 10**11)
# No deadline: the suite asserts no timings, and a loaded machine is not a failing rule.
unhurried = settings(deadline=None, max_examples=300)


@unhurried
@given(total=fen, guaranteed=st.integers(0, 10**7), rows=holdings)
def test_the_parts_add_up_to_the_income_exactly(total, guaranteed, rows):
    parts = distribute(total, guaranteed, rows)
    assert sum(p.total for p in parts) == total
    assert all(p.guaranteed >= 0 and p.dividend >= 0 for p in parts)
    assert [p.key for p in parts] == [h.key for h in rows]


@unhurried
@given(total=fen, guaranteed=st.integers(0, 10**7), rows=holdings)
def test_enough_income_pays_every_guarantee_and_dividends_by_shares(total, guaranteed, rows):
    if total < guaranteed * len(rows):
        return
    parts = distribute(total, guaranteed, rows)
    assert all(p.guaranteed == guaranteed for p in parts)
    pool, shares = total - guaranteed * len(rows), sum(h.shares for h in rows)
    for part, holding in zip(parts, rows, strict=True):
        exact = pool * holding.shares / shares
        assert abs(part.dividend - exact) < 1  # never a fen away from the exact share
        for other_part, other in zip(parts, rows, strict=True):
            if holding.shares > other.shares:
                assert part.dividend >= other_part.dividend


@unhurried
@given(guaranteed=st.integers(1, 10**7), rows=holdings, data=st.data())
def test_short_income_serves_households_with_disabled_members_first(guaranteed, rows, data):
    total = data.draw(st.integers(0, guaranteed * len(rows) - 1))
    parts = {p.key: p for p in distribute(total, guaranteed, rows)}
    assert all(p.dividend == 0 for p in parts.values())
    disabled = [parts[h.key].total for h in rows if h.disabled]
    others = [parts[h.key].total for h in rows if not h.disabled]
    if any(others):
        assert all(t == guaranteed for t in disabled)
    assert all(t <= guaranteed for t in disabled + others)
    for group in (disabled, others):
        if group:
            assert max(group) - min(group) <= 1 or (max(group) == guaranteed and min(group) == guaranteed)


def test_a_worked_example():
    rows = [Holding("a", 3, False), Holding("b", 1, True), Holding("c", 2, False)]
    assert [(p.guaranteed, p.dividend) for p in distribute(100_000, 10_000, rows)] == [
        (10_000, 35_000), (10_000, 11_667), (10_000, 23_333)]
    assert [p.total for p in distribute(15_000, 10_000, rows)] == [2_500, 10_000, 2_500]
    assert largest_remainder(10, [1, 1, 1]) == [4, 3, 3]
