"""Queries of assessments and evaluations."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from services.supervision.assessments.rules import SAMPLED_STATUSES
from services.supervision.models import AssessmentIndicator, EvaluatedHousehold, replica
from shared.pagination import prefix_upper_bound


def indicators(session: Session, assessment_id: uuid.UUID) -> list[AssessmentIndicator]:
    """An assessment's indicators, by code."""
    return list(
        session.execute(
            select(AssessmentIndicator)
            .where(AssessmentIndicator.assessment_id == assessment_id)
            .order_by(AssessmentIndicator.code)
        ).scalars()
    )


def population(session: Session, county_prefix: str) -> list[Any]:
    """The county's households in the register, in household-number order (the order samples draw from)."""
    h = replica.households
    return list(
        session.execute(
            select(h.c.id, h.c.household_no, h.c.status)
            .where(
                h.c.region_code >= county_prefix,
                h.c.region_code < prefix_upper_bound(county_prefix),
                h.c.status.in_(SAMPLED_STATUSES),
            )
            .order_by(h.c.household_no)
        )
    )


def add_sample(session: Session, evaluation_id: uuid.UUID, rows: list[Any]) -> None:
    """Store the sampled households with their register status."""
    session.execute(
        insert(EvaluatedHousehold),
        [
            {
                "evaluation_id": evaluation_id,
                "household_id": r.id,
                "household_no": r.household_no,
                "register_status": r.status,
            }
            for r in rows
        ],
    )


def sample(session: Session, evaluation_id: uuid.UUID) -> list[EvaluatedHousehold]:
    """An evaluation's sampled households, by household number."""
    return list(
        session.execute(
            select(EvaluatedHousehold)
            .where(EvaluatedHousehold.evaluation_id == evaluation_id)
            .order_by(EvaluatedHousehold.household_no)
        ).scalars()
    )


def sampled(session: Session, evaluation_id: uuid.UUID, household_id: uuid.UUID) -> EvaluatedHousehold | None:
    """A household of an evaluation's sample."""
    return session.execute(
        select(EvaluatedHousehold).where(
            EvaluatedHousehold.evaluation_id == evaluation_id, EvaluatedHousehold.household_id == household_id
        )
    ).scalar_one_or_none()
