"""Turn employers and positions into response bodies and audit snapshots."""

from __future__ import annotations

from typing import Any

from services.employment.jobs.schemas import EmployerRead, PositionRead
from services.employment.models import Employer, Position

POSITION_TERMS = ("title", "monthly_wage", "required_skills", "min_age", "max_age", "health", "min_education",
                  "openings", "ends_on", "target_regions", "state")


def render_employer(e: Employer) -> EmployerRead:
    """Render an employer."""
    return EmployerRead(id=e.id, credit_code=e.credit_code, name=e.name, kind=e.kind,
                        region_code=e.region_code, version=e.version)


def render_position(p: Position, employer_name: str) -> PositionRead:
    """Render a position."""
    return PositionRead(
        id=p.id, employer_id=p.employer_id, employer_name=employer_name, title=p.title, kind=p.kind,
        public_welfare_kind=p.public_welfare_kind, region_code=p.region_code, monthly_wage=p.monthly_wage,
        required_skills=p.required_skills, min_age=p.min_age, max_age=p.max_age, health=p.health,
        min_education=p.min_education, openings=p.openings, filled=p.filled, starts_on=p.starts_on,
        ends_on=p.ends_on, target_regions=p.target_regions, state=p.state, version=p.version)


def position_snapshot(p: Position) -> dict[str, Any]:
    """A position's terms for the audit trail."""
    return {name: getattr(p, name) for name in (*POSITION_TERMS, "kind", "public_welfare_kind",
                                                 "region_code", "starts_on", "filled")}
