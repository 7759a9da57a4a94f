"""Rules of assessments and evaluations: weighted totals, seeded samples, comparison with the register."""

from __future__ import annotations

import secrets
import uuid
from decimal import Decimal

from services.supervision import register
from services.supervision.assessments import repository as repo
from services.supervision.assessments.errors import AlreadyAssessed, NotInSample, SampleEmpty
from services.supervision.assessments.rules import GUARANTEES, comparison, draw, weighted_total
from services.supervision.assessments.schemas import (
    AssessmentCreate,
    AssessmentRead,
    EvaluationCreate,
    EvaluationRead,
    FindingWrite,
    IndicatorWrite,
    SampledHousehold,
)
from services.supervision.catalogue import ASSESSMENT_SCORE, EVALUATION_SAMPLE
from services.supervision.models import (
    Assessment,
    AssessmentIndicator,
    EvaluatedHousehold,
    Evaluation,
    Official,
)
from services.supervision.visits.rules import area_prefix
from shared.auth import Caller
from shared.db import ServiceSession
from shared.errors import FieldError, RegionOutOfScope, invalid, not_found
from shared.events.supervision import AssessmentRecorded, EvaluationFindingRecorded, EvaluationSampled

_HUNDRED = Decimal(100)


def record_assessment(session: ServiceSession, caller: Caller, data: AssessmentCreate) -> Assessment:
    """Record a region's or leader's assessment for a year, once, with its weighted total (§27)."""
    if not caller.can_see(data.region_code):
        raise RegionOutOfScope("region_code", data.region_code)
    if register.region(session, data.region_code) is None:
        raise invalid(
            "region_code", "region_unknown", "The register has no such region", "建档立卡数据中无此区划"
        )
    if data.official_id is not None:
        official = session.get(Official, data.official_id)
        if official is None or official.region_code != data.region_code:
            raise invalid(
                "official_id", "official_unknown", "No official of that region has that id", "该区划无此干部"
            )
    codes = [i.code for i in data.indicators]
    if len(set(codes)) != len(codes):
        raise invalid(
            "indicators", "indicator_repeated", "Each indicator is scored once", "每个指标只评分一次",
            rule=ASSESSMENT_SCORE.code,
        )
    total = weighted_total([(i.weight, int(i.score * _HUNDRED)) for i in data.indicators])
    key = f"official:{data.official_id}" if data.official_id else data.region_code
    assessment = Assessment(
        id=uuid.uuid4(),
        year=data.year,
        subject_key=key,
        region_code=data.region_code,
        official_id=data.official_id,
        assessor=data.assessor,
        total_hundredths=total,
        created_by=caller.subject,
    )
    session.add(assessment)
    session.flush_unique(lambda: AlreadyAssessed.on(
        "year", f"Already assessed for {data.year}", f"{data.year}年度已考核", rule=ASSESSMENT_SCORE.code
    ))
    session.add_all(
        [
            AssessmentIndicator(
                assessment_id=assessment.id,
                code=i.code,
                name=i.name,
                weight=i.weight,
                score_hundredths=int(i.score * _HUNDRED),
            )
            for i in data.indicators
        ]
    )
    session.flush()
    session.journal.record(
        AssessmentRecorded(
            assessment_id=str(assessment.id),
            year=data.year,
            region_code=data.region_code,
            official_id=str(data.official_id) if data.official_id else None,
            total=f"{Decimal(total) / _HUNDRED:.2f}",
        ),
        actor=caller.subject,
        action="assessment.record",
        after=data.model_dump(),
    )
    return assessment


def load_assessment(session: ServiceSession, caller: Caller, assessment_id: uuid.UUID) -> Assessment:
    """Load an assessment in the caller's scope, or answer 404."""
    found = session.get(Assessment, assessment_id)
    if found is None or not caller.can_see(found.region_code):
        raise not_found("Assessment", "考核", assessment_id)
    return found


def render_assessment(session: ServiceSession, assessment: Assessment) -> AssessmentRead:
    """Render an assessment with its indicators."""
    indicators = [
        IndicatorWrite(
            code=i.code, name=i.name, weight=i.weight, score=Decimal(i.score_hundredths) / _HUNDRED
        )
        for i in repo.indicators(session, assessment.id)
    ]
    return AssessmentRead(
        id=assessment.id,
        year=assessment.year,
        region_code=assessment.region_code,
        official_id=assessment.official_id,
        assessor=assessment.assessor,
        total=Decimal(assessment.total_hundredths) / _HUNDRED,
        indicators=indicators,
    )


def start_evaluation(session: ServiceSession, caller: Caller, data: EvaluationCreate) -> Evaluation:
    """Draw a county's seeded sample of households from the register replica and record it."""
    if not caller.can_see(data.region_code):
        raise RegionOutOfScope("region_code", data.region_code)
    county = register.region(session, data.region_code)
    if county is None or county.level != "county":
        raise invalid(
            "region_code", "not_a_county", "Evaluations sample a county", "第三方评估以县为单位抽样"
        )
    population = repo.population(session, area_prefix(data.region_code, "county"))
    if not population:
        raise SampleEmpty.on("region_code", "The county has no household in the register", "该县无建档立卡户")
    seed = data.seed if data.seed is not None else secrets.randbelow(2**31)
    chosen = draw(population, data.sample_size, seed)
    evaluation = Evaluation(
        id=uuid.uuid4(),
        year=data.year,
        region_code=data.region_code,
        evaluator=data.evaluator,
        seed=seed,
        population=len(population),
        sample_size=len(chosen),
        created_by=caller.subject,
    )
    session.add(evaluation)
    session.flush()
    repo.add_sample(session, evaluation.id, chosen)
    session.journal.record(
        EvaluationSampled(
            evaluation_id=str(evaluation.id),
            year=data.year,
            region_code=data.region_code,
            seed=seed,
            sample_size=len(chosen),
        ),
        actor=caller.subject,
        action="evaluation.sample",
        after=data.model_dump() | {"seed": seed, "households": [str(r.id) for r in chosen]},
    )
    return evaluation


def load_evaluation(session: ServiceSession, caller: Caller, evaluation_id: uuid.UUID) -> Evaluation:
    """Load an evaluation in the caller's scope, or answer 404."""
    found = session.get(Evaluation, evaluation_id)
    if found is None or not caller.can_see(found.region_code):
        raise not_found("Evaluation", "第三方评估", evaluation_id)
    return found


def record_finding(
    session: ServiceSession,
    caller: Caller,
    evaluation_id: uuid.UUID,
    household_id: uuid.UUID,
    data: FindingWrite,
) -> Evaluation:
    """Record (or correct) what the evaluators found in a sampled household."""
    evaluation = load_evaluation(session, caller, evaluation_id)
    row = repo.sampled(session, evaluation.id, household_id)
    if row is None:
        raise NotInSample(
            "The household is not in this evaluation's sample",
            "该户不在本次评估样本中",
            errors=[FieldError("household_id", NotInSample.CODE, "not in the sample", "不在样本中")],
            extra={"rule": EVALUATION_SAMPLE.code},
        )
    before = {g: getattr(row, g) for g in GUARANTEES}
    for g in GUARANTEES:
        setattr(row, g, getattr(data, g))
    row.evaluated_on, row.evaluated_by = data.evaluated_on, caller.subject
    session.flush()
    session.journal.record(
        EvaluationFindingRecorded(
            evaluation_id=str(evaluation.id),
            household_id=str(household_id),
            all_met=all(getattr(data, g) for g in GUARANTEES),
            region_code=evaluation.region_code,
        ),
        actor=caller.subject,
        action="evaluation.finding",
        before=before,
        after=data.model_dump(),
    )
    return evaluation


def render_evaluation(session: ServiceSession, evaluation: Evaluation) -> EvaluationRead:
    """Render an evaluation with its sample and the comparison with the register."""
    households = [_sampled(r) for r in repo.sample(session, evaluation.id)]
    count = {
        k: sum(h.comparison == k for h in households)
        for k in ("consistent", "exited_but_unmet", "poor_but_met")
    }
    return EvaluationRead(
        id=evaluation.id,
        year=evaluation.year,
        region_code=evaluation.region_code,
        evaluator=evaluation.evaluator,
        seed=evaluation.seed,
        population=evaluation.population,
        sample_size=evaluation.sample_size,
        evaluated=sum(h.all_met is not None for h in households),
        households=households,
        created_on=evaluation.created_at.date(),
        **count,
    )


def _sampled(row: EvaluatedHousehold) -> SampledHousehold:
    if row.evaluated_on is None:
        return SampledHousehold(
            household_id=row.household_id,
            household_no=row.household_no,
            register_status=row.register_status,
            all_met=None,
            comparison=None,
        )
    met = all(getattr(row, g) for g in GUARANTEES)
    return SampledHousehold(
        household_id=row.household_id,
        household_no=row.household_no,
        register_status=row.register_status,
        all_met=met,
        comparison=comparison(row.register_status, met),
    )
