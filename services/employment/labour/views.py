"""Turn replica rows and labourer records into response bodies and audit snapshots."""

from __future__ import annotations

from datetime import date
from typing import Any

from services.employment.labour.repository import Person
from services.employment.labour.rules import age_on, exclusion
from services.employment.labour.schemas import LabourerRead, LabourForceItem, PersonRead
from services.employment.models import Labourer


def person_fields(p: Person, today: date) -> dict[str, Any]:
    """The replica's fields a response shows: age, never the birth date (it would unmask the ID number)."""
    return {"member_id": p.member_id, "household_id": p.household_id, "household_no": p.household_no,
            "region_code": p.region_code, "sex": p.sex, "age": age_on(p.birth_date, today),
            "labour_capacity": p.labour_capacity, "health_status": p.health_status,
            "household_status": p.household_status}


def render_person(p: Person, today: date) -> PersonRead:
    """Render a person from the replica."""
    return PersonRead(**person_fields(p, today))


def render_labourer(p: Person, labourer: Labourer, today: date) -> LabourerRead:
    """Render a registered labourer, saying whether they are in the labour force today."""
    outside = exclusion(p.household_status, p.active, p.labour_capacity, p.birth_date, today)
    return LabourerRead(**person_fields(p, today), in_labour_force=outside is None,
                        outside_reason=outside[1] if outside else None, **labourer_snapshot(labourer),
                        version=labourer.version)


def render_item(p: Person, labourer: Labourer | None, today: date) -> LabourForceItem:
    """Render one line of the labour force list."""
    return LabourForceItem(**person_fields(p, today), registered=labourer is not None,
                           wants_work=labourer.wants_work if labourer else None,
                           wants_training=labourer.wants_training if labourer else None,
                           employment=labourer.employment if labourer else None)


def labourer_snapshot(labourer: Labourer) -> dict[str, Any]:
    """Employment's own fields of a labourer (no personal data), for responses and the audit trail."""
    return {"skills": list(labourer.skills), "certificates": list(labourer.certificates),
            "education": labourer.education, "wants_work": labourer.wants_work,
            "wants_training": labourer.wants_training, "places": list(labourer.places),
            "wage_expectation": labourer.wage_expectation, "employment": labourer.employment}
