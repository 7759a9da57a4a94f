"""HTTP routes of assessments and third-party evaluations (考核、第三方评估)."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Response

from services.supervision.assessments import service
from services.supervision.assessments.errors import AlreadyAssessed, NotInSample, SampleEmpty
from services.supervision.assessments.schemas import (
    AssessmentCreate,
    AssessmentRead,
    EvaluationCreate,
    EvaluationRead,
    FindingWrite,
)
from services.supervision.deps import Reader, Writer
from shared.contract import LOCATION, answers
from shared.errors import RegionOutOfScope
from shared.session import SessionDep

assessments_router = APIRouter(prefix="/api/v1/assessments", tags=["assessments"])
evaluations_router = APIRouter(prefix="/api/v1/evaluations", tags=["evaluations"])


@assessments_router.post(
    "",
    operation_id="record_assessment",
    summary="Record a yearly assessment with scored indicators (考核)",
    response_model=AssessmentRead,
    **answers(201, RegionOutOfScope, AlreadyAssessed, headers=(LOCATION,)),
)
def record_assessment(
    body: AssessmentCreate, session: SessionDep, caller: Writer, response: Response
) -> AssessmentRead:
    """Record a region's or leader's assessment for a year; the total is the indicators' weighted mean."""
    assessment = service.record_assessment(session, caller, body)
    response.headers["Location"] = f"/api/v1/assessments/{assessment.id}"
    return service.render_assessment(session, assessment)


@assessments_router.get(
    "/{assessment_id}",
    operation_id="get_assessment",
    summary="Read an assessment",
    response_model=AssessmentRead,
)
def get_assessment(assessment_id: uuid.UUID, session: SessionDep, caller: Reader) -> AssessmentRead:
    """Read an assessment with its indicators and total."""
    return service.render_assessment(session, service.load_assessment(session, caller, assessment_id))


@evaluations_router.post(
    "",
    operation_id="start_evaluation",
    summary="Draw a seeded sample for a third-party evaluation",
    response_model=EvaluationRead,
    **answers(201, RegionOutOfScope, SampleEmpty, headers=(LOCATION,)),
)
def start_evaluation(
    body: EvaluationCreate, session: SessionDep, caller: Writer, response: Response
) -> EvaluationRead:
    """Draw a county's sample of households with a recorded seed (same seed: same sample)."""
    evaluation = service.start_evaluation(session, caller, body)
    response.headers["Location"] = f"/api/v1/evaluations/{evaluation.id}"
    return service.render_evaluation(session, evaluation)


@evaluations_router.get(
    "/{evaluation_id}",
    operation_id="get_evaluation",
    summary="Read an evaluation and its comparison with the register",
    response_model=EvaluationRead,
)
def get_evaluation(evaluation_id: uuid.UUID, session: SessionDep, caller: Reader) -> EvaluationRead:
    """Read the sample, the findings and how they compare with the register."""
    return service.render_evaluation(session, service.load_evaluation(session, caller, evaluation_id))


@evaluations_router.put(
    "/{evaluation_id}/households/{household_id}",
    operation_id="record_evaluation_finding",
    summary="Record what the evaluators found in a sampled household",
    response_model=EvaluationRead,
    **answers(200, NotInSample),
)
def record_finding(
    evaluation_id: uuid.UUID, household_id: uuid.UUID, body: FindingWrite, session: SessionDep, caller: Writer
) -> EvaluationRead:
    """Record a sampled household's 两不愁三保障 and safe drinking water as the evaluators found them."""
    return service.render_evaluation(
        session, service.record_finding(session, caller, evaluation_id, household_id, body)
    )
