"""Performance management: indicators of projects and counties, their periods, scored evaluations."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal

from services.funds import clock
from services.funds.catalogue import PERFORMANCE_SCORE
from services.funds.models import Evaluation, Indicator, IndicatorPeriod
from services.funds.paging import after_id, cut
from services.funds.performance import repository as repo
from services.funds.performance.errors import (
    IndicatorExists,
    NotACounty,
    NothingToEvaluate,
    PeriodNotBegun,
    PeriodOverlaps,
)
from services.funds.performance.rules import evaluation_score, grade, period_score
from services.funds.performance.schemas import (
    ActualWrite,
    EvaluationInput,
    EvaluationRead,
    EvaluationWrite,
    IndicatorRead,
    IndicatorWrite,
    PeriodRead,
    PeriodWrite,
)
from services.funds.projects.rules import check_taker
from services.funds.projects.service import load_visible
from shared.auth import Caller
from shared.db import ServiceSession
from shared.errors import FieldError, not_found
from shared.events.funds import EvaluationMade, IndicatorSet
from shared.types import utcnow

COUNTY = ("county",)
# Evaluation is the superior level's judgement of a county's work, as the project's own evaluation step.
EVALUATING_LEVELS = ("city", "province")
HUNDREDTHS = Decimal(100)


def to_hundredths(value: Decimal) -> int:
    """Store a value of two places as an integer."""
    return int(value * HUNDREDTHS)


def from_hundredths(value: int) -> Decimal:
    """Read a stored value back with its two places."""
    return (Decimal(value) / HUNDREDTHS).quantize(Decimal("0.01"))


def _scope(
    session: ServiceSession, caller: Caller, project_id: uuid.UUID | None, region_code: str | None
) -> tuple[str, str]:
    """Resolve a body's scope to its key and county, or refuse a project or county out of sight."""
    if project_id is not None:
        project = load_visible(session, caller, project_id)
        return f"project:{project.id}", project.county_code
    assert region_code is not None  # the body names exactly one
    if repo.region_level(session, region_code) != "county":
        raise NotACounty.on("region_code", "The register knows no county with this code", "区划中没有该县")
    if not caller.can_see(region_code):
        raise not_found("County", "县", region_code)
    return f"region:{region_code}", region_code


def define(session: ServiceSession, caller: Caller, data: IndicatorWrite) -> Indicator:
    """Define an indicator of a project or county, once per name, by its county."""
    scope_key, county = _scope(session, caller, data.project_id, data.region_code)
    check_taker(caller, COUNTY, county, "设定绩效指标")
    if repo.indicator_named(session, scope_key, data.name) is not None:
        raise _exists()
    indicator = Indicator(
        scope_key=scope_key,
        region_code=county,
        project_id=data.project_id,
        name=data.name,
        unit=data.unit,
        direction=data.direction,
        baseline_hundredths=to_hundredths(data.baseline),
        created_by=caller.subject,
    )
    # the same name defined at the same moment
    session.flush_unique(_exists, indicator)
    _event(session, caller, indicator, "defined", None, data.baseline, "indicator.define")
    return indicator


def _exists() -> IndicatorExists:
    return IndicatorExists.on(
        "name", "The project or county already has an indicator of this name", "该项目或县已有同名绩效指标"
    )


def _event(
    session: ServiceSession,
    caller: Caller,
    indicator: Indicator,
    change: str,
    period: IndicatorPeriod | None,
    value: Decimal,
    action: str,
) -> None:
    session.journal.record(
        IndicatorSet(
            indicator_id=str(indicator.id),
            region_code=indicator.region_code,
            project_id=indicator.project_id and str(indicator.project_id),
            name=indicator.name,
            change=change,
            period_start=period and period.period_start.isoformat(),
            period_end=period and period.period_end.isoformat(),
            value=f"{value:.2f}",
        ),
        actor=caller.subject,
        action=action,
        after={
            "change": change,
            "value": f"{value:.2f}",
            "unit": indicator.unit,
            "period": period and [period.period_start, period.period_end],
        },
    )


def _visible(session: ServiceSession, caller: Caller, indicator_id: uuid.UUID) -> Indicator:
    indicator = repo.indicator(session, indicator_id)
    if indicator is None or not caller.can_see(indicator.region_code):
        raise not_found("Indicator", "绩效指标", indicator_id)
    return indicator


def set_period(
    session: ServiceSession, caller: Caller, indicator_id: uuid.UUID, data: PeriodWrite
) -> Indicator:
    """Add a period with its target; periods of one indicator never overlap."""
    indicator = _visible(session, caller, indicator_id)
    check_taker(caller, COUNTY, indicator.region_code, "设定绩效目标")
    if repo.overlapping(session, indicator.id, data.period_start, data.period_end) is not None:
        raise _overlaps()
    period = IndicatorPeriod(
        indicator_id=indicator.id,
        period_start=data.period_start,
        period_end=data.period_end,
        target_hundredths=to_hundredths(data.target),
        set_by=caller.subject,
    )
    # the same start added at the same moment
    session.flush_unique(_overlaps, period)
    _event(session, caller, indicator, "target", period, data.target, "indicator.target")
    return indicator


def _overlaps() -> PeriodOverlaps:
    return PeriodOverlaps.on(
        "period_start", "The indicator already has a period overlapping this one", "该指标已有与之重叠的期次"
    )


def record_actual(
    session: ServiceSession, caller: Caller, indicator_id: uuid.UUID, period_id: uuid.UUID, data: ActualWrite
) -> Indicator:
    """Record (or correct) a period's actual value, once the period has begun."""
    indicator = _visible(session, caller, indicator_id)
    check_taker(caller, COUNTY, indicator.region_code, "登记绩效实际值")
    period = repo.period(session, indicator.id, period_id)
    if period is None:
        raise not_found("Indicator period", "指标期次", period_id)
    if clock.today() < period.period_start:
        raise PeriodNotBegun.on(
            "actual",
            f"The period begins on {period.period_start}; no actual before then",
            f"该期次{period.period_start}开始，开始前不能登记实际值",
        )
    period.actual_hundredths = to_hundredths(data.actual)
    period.actual_by, period.actual_at = caller.subject, utcnow()
    session.flush()
    _event(session, caller, indicator, "actual", period, data.actual, "indicator.actual")
    return indicator


def evaluate(session: ServiceSession, caller: Caller, data: EvaluationWrite) -> Evaluation:
    """Score a scope's indicator periods in the window by rule funds.performance.score; keep the inputs."""
    scope_key, county = _scope(session, caller, data.project_id, data.region_code)
    check_taker(caller, EVALUATING_LEVELS, county, "绩效评价")
    rows = repo.window(session, scope_key, data.period_start, data.period_end)
    if not rows:
        raise NothingToEvaluate.on(
            "period_start", "No indicator period lies inside the window", "评价期内没有绩效指标期次"
        )
    missing = [
        FieldError(
            f"indicators.{i.name}.{p.period_start}",
            "actual_missing",
            "the period has no actual value",
            "该期次尚未登记实际值",
        )
        for i, p in rows
        if p.actual_hundredths is None
    ]
    if missing:
        raise NothingToEvaluate(
            "Every indicator period in the window needs its actual value",
            "评价期内每个指标期次须已登记实际值",
            errors=missing,
            extra={"rule": PERFORMANCE_SCORE.code},
        )
    inputs = [_input(i, p) for i, p in rows]
    score = evaluation_score([x.score for x in inputs])
    evaluation = Evaluation(
        scope_key=scope_key,
        region_code=county,
        project_id=data.project_id,
        period_start=data.period_start,
        period_end=data.period_end,
        score_hundredths=to_hundredths(score),
        grade=grade(score),
        rule=PERFORMANCE_SCORE.code,
        inputs=[x.model_dump(mode="json") for x in inputs],
        evaluated_by=caller.subject,
    )
    session.add(evaluation)
    session.flush()
    session.journal.record(
        EvaluationMade(
            evaluation_id=str(evaluation.id),
            region_code=county,
            project_id=data.project_id and str(data.project_id),
            period_start=data.period_start.isoformat(),
            period_end=data.period_end.isoformat(),
            score=f"{score:.2f}",
            grade=evaluation.grade,
            rule=evaluation.rule,
        ),
        actor=caller.subject,
        action="evaluation.make",
        after={"score": f"{score:.2f}", "grade": evaluation.grade, "inputs": len(inputs)},
    )
    return evaluation


def _input(indicator: Indicator, period: IndicatorPeriod) -> EvaluationInput:
    baseline, target = (
        from_hundredths(indicator.baseline_hundredths),
        from_hundredths(period.target_hundredths),
    )
    actual = from_hundredths(period.actual_hundredths)  # type: ignore[arg-type]
    return EvaluationInput(
        indicator_id=indicator.id,
        period_id=period.id,
        name=indicator.name,
        unit=indicator.unit,
        direction=indicator.direction,
        period_start=period.period_start,
        period_end=period.period_end,
        baseline=baseline,
        target=target,
        actual=actual,
        score=period_score(indicator.direction, baseline, target, actual),
    )


def render(session: ServiceSession, indicators: list[Indicator]) -> list[IndicatorRead]:
    """Render indicators with their periods."""
    by_indicator: dict[uuid.UUID, list[PeriodRead]] = {}
    for p in repo.periods(session, [i.id for i in indicators]):
        by_indicator.setdefault(p.indicator_id, []).append(
            PeriodRead(
                id=p.id,
                period_start=p.period_start,
                period_end=p.period_end,
                target=from_hundredths(p.target_hundredths),
                actual=None if p.actual_hundredths is None else from_hundredths(p.actual_hundredths),
                set_by=p.set_by,
                actual_by=p.actual_by,
                actual_at=p.actual_at,
            )
        )
    return [
        IndicatorRead(
            id=i.id,
            project_id=i.project_id,
            region_code=i.region_code,
            name=i.name,
            unit=i.unit,
            direction=i.direction,
            baseline=from_hundredths(i.baseline_hundredths),
            periods=by_indicator.get(i.id, []),
            created_by=i.created_by,
            created_at=i.created_at,
        )
        for i in indicators
    ]


def read_indicator(session: ServiceSession, caller: Caller, indicator_id: uuid.UUID) -> IndicatorRead:
    """Read an indicator in the caller's scope."""
    return render(session, [_visible(session, caller, indicator_id)])[0]


@dataclass(frozen=True)
class Listing:
    """What a list of indicators or evaluations asks for: a region, a project, and the page."""

    region: str | None
    project_id: uuid.UUID | None
    cursor: str | None
    limit: int


def indicator_page(
    session: ServiceSession, caller: Caller, asked: Listing
) -> tuple[list[IndicatorRead], str | None]:
    """A page of indicators in scope."""
    prefix = caller.narrow(asked.region)
    if prefix is None:
        return [], None
    rows, next_cursor = cut(
        repo.indicators(session, prefix, asked.project_id, after_id(asked.cursor), asked.limit), asked.limit,
        lambda i: i.id,
    )
    return render(session, rows), next_cursor


def render_evaluation(e: Evaluation) -> EvaluationRead:
    """Render an evaluation with its stored inputs."""
    return EvaluationRead(
        id=e.id,
        project_id=e.project_id,
        region_code=e.region_code,
        period_start=e.period_start,
        period_end=e.period_end,
        score=from_hundredths(e.score_hundredths),
        grade=e.grade,
        rule=e.rule,
        inputs=[EvaluationInput.model_validate(x) for x in e.inputs],
        evaluated_by=e.evaluated_by,
        evaluated_at=e.evaluated_at,
    )


def read_evaluation(session: ServiceSession, caller: Caller, evaluation_id: uuid.UUID) -> EvaluationRead:
    """Read an evaluation in the caller's scope."""
    e = repo.evaluation(session, evaluation_id)
    if e is None or not caller.can_see(e.region_code):
        raise not_found("Evaluation", "绩效评价", evaluation_id)
    return render_evaluation(e)


def evaluation_page(
    session: ServiceSession, caller: Caller, asked: Listing
) -> tuple[list[EvaluationRead], str | None]:
    """A page of evaluations in scope."""
    prefix = caller.narrow(asked.region)
    if prefix is None:
        return [], None
    rows, next_cursor = cut(
        repo.evaluations(session, prefix, asked.project_id, after_id(asked.cursor), asked.limit), asked.limit,
        lambda e: e.id,
    )
    return [render_evaluation(e) for e in rows], next_cursor
