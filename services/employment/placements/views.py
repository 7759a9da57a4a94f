"""Turn placements into response bodies, audit snapshots and events."""

from __future__ import annotations

from typing import Any

from services.employment.models import FollowUp, Placement
from services.employment.placements.rules import follow_up_due
from services.employment.placements.schemas import FollowUpRead, PlacementRead

DATES = ("recommended_on", "applied_on", "hired_on", "started_on", "ended_on")


def render_placement(p: Placement, follow_ups: list[FollowUp]) -> PlacementRead:
    """Render a placement with its follow-ups."""
    due = follow_up_due(p.started_on) if p.started_on else {}
    return PlacementRead(
        id=p.id, member_id=p.member_id, position_id=p.position_id, region_code=p.region_code, state=p.state,
        score=p.score, recommended_on=p.recommended_on, applied_on=p.applied_on, hired_on=p.hired_on,
        started_on=p.started_on, ended_on=p.ended_on, end_reason=p.end_reason, follow_ups_due=due,
        follow_ups=[FollowUpRead(month=f.month, due_on=due[f.month], followed_on=f.followed_on,
                                 still_employed=f.still_employed, reason=f.reason, note=f.note)
                    for f in follow_ups],
        version=p.version)


def placement_snapshot(p: Placement) -> dict[str, Any]:
    """A placement's state and dates for the audit trail."""
    return {"state": p.state, "end_reason": p.end_reason, **{d: getattr(p, d) for d in DATES}}


def event_fields(p: Placement) -> dict[str, str]:
    """The fields every placement event carries."""
    return {"placement_id": str(p.id), "member_id": str(p.member_id), "position_id": str(p.position_id),
            "region_code": p.region_code}
