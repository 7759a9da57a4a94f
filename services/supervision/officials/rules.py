"""Pure rules of officials (plan §28: reserve village secretaries at least 1:2)."""

from __future__ import annotations

from services.supervision.catalogue import RESERVE_PER_SECRETARY


def reserve_meets(reserve: int, secretary_posts: int = 1) -> bool:
    """Tell whether a village's reserve candidates reach the 1:2 ratio for its secretary posts."""
    return reserve >= RESERVE_PER_SECRETARY * secretary_posts
