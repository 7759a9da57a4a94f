"""Audit rules as plain functions: the frozen population's digest, the seeded draw, rectification order.

The draw (algorithm "sha256-rank-v1", rule funds.audit.reproducible_sample): write each id of the
population in lower-case hyphenated form; its key is the hex SHA-256 of the UTF-8 text "<seed>:<id>";
the sample is the `size` ids with the smallest keys, ranked by key (then id). The population's
digest is the hex SHA-256 of its ids so written, sorted, joined by "\\n". Both need nothing but
hashlib, so anyone holding the published seed and population list redraws the same sample.
"""

from __future__ import annotations

import hashlib
import heapq
from collections.abc import Iterable
from datetime import date

from services.funds.audits.errors import RectificationOutOfOrder
from services.funds.catalogue import RECTIFICATION
from services.funds.codes import RectificationStatus

ALGORITHM = "sha256-rank-v1"
R = RectificationStatus
# Each rectification step: the state it starts from and the state it leads to.
STEPS: dict[str, tuple[RectificationStatus, RectificationStatus]] = {
    "report": (R.OPEN, R.REPORTED),
    "accept": (R.REPORTED, R.VERIFIED),
    "reject": (R.REPORTED, R.OPEN),
    "close": (R.VERIFIED, R.CLOSED),
}
STEP_ZH = {"report": "报告整改", "accept": "核验整改", "reject": "核验整改", "close": "整改销号"}


def population_digest(ids: Iterable[object]) -> str:
    """Digest a population: SHA-256 of its ids, sorted, one per line."""
    return hashlib.sha256("\n".join(sorted(str(i) for i in ids)).encode()).hexdigest()


def draw_key(seed: str, item_id: object) -> str:
    """The key an id draws with: SHA-256 of "<seed>:<id>"."""
    return hashlib.sha256(f"{seed}:{item_id}".encode()).hexdigest()


def draw(seed: str, population: Iterable[object], size: int) -> list[tuple[str, str]]:
    """Draw the sample: the (id, key) pairs of the `size` smallest keys, in rank order."""
    return [
        (item, key) for key, item in heapq.nsmallest(size, ((draw_key(seed, i), str(i)) for i in population))
    ]


def next_status(status: str, step: str) -> RectificationStatus:
    """Return the state a rectification step leads to, or refuse it out of order (409)."""
    starts, leads = STEPS[step]
    if status != starts:
        possible = [name for name, (s, _) in STEPS.items() if s == status]
        raise RectificationOutOfOrder(
            f"A rectification {status} cannot take the step {step}; "
            f"possible: {', '.join(possible) or 'none'}",
            f"整改当前为“{R(status).label_zh}”，不能办理“{STEP_ZH[step]}”",
            extra={"status": status, "possible_steps": possible, "rule": RECTIFICATION.code},
        )
    return leads


def overdue(status: str, deadline: date, today: date) -> bool:
    """Tell whether a rectification is still in work after its deadline."""
    return status == R.OPEN and today > deadline
