"""Every query of performance management, as functions taking the session."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.funds.models import Evaluation, Indicator, IndicatorPeriod, replica
from shared.pagination import prefix_upper_bound


def region_level(session: Session, code: str) -> str | None:
    """Return a region's level in the register replica."""
    r = replica.regions
    return session.scalar(select(r.c.level).where(r.c.code == code))


def indicator(session: Session, indicator_id: uuid.UUID) -> Indicator | None:
    """Load an indicator."""
    return session.get(Indicator, indicator_id)


def indicator_named(session: Session, scope_key: str, name: str) -> Indicator | None:
    """Find a scope's indicator by name."""
    return session.scalars(
        select(Indicator).where(Indicator.scope_key == scope_key, Indicator.name == name)
    ).first()


def indicators(
    session: Session, region: str, project_id: uuid.UUID | None, after: uuid.UUID | None, limit: int
) -> list[Indicator]:
    """List indicators under a region prefix (or a project's) by id after a cursor."""
    stmt = select(Indicator).where(
        Indicator.region_code >= region, Indicator.region_code < prefix_upper_bound(region)
    )
    if project_id is not None:
        stmt = stmt.where(Indicator.project_id == project_id)
    if after is not None:
        stmt = stmt.where(Indicator.id > after)
    return list(session.scalars(stmt.order_by(Indicator.id).limit(limit + 1)))


def periods(session: Session, indicator_ids: list[uuid.UUID]) -> list[IndicatorPeriod]:
    """List the periods of indicators in order of start."""
    if not indicator_ids:
        return []
    return list(
        session.scalars(
            select(IndicatorPeriod)
            .where(IndicatorPeriod.indicator_id.in_(indicator_ids))
            .order_by(IndicatorPeriod.indicator_id, IndicatorPeriod.period_start)
        )
    )


def period(session: Session, indicator_id: uuid.UUID, period_id: uuid.UUID) -> IndicatorPeriod | None:
    """Load an indicator's period, locked for its actual."""
    return session.scalars(
        select(IndicatorPeriod)
        .where(IndicatorPeriod.id == period_id, IndicatorPeriod.indicator_id == indicator_id)
        .with_for_update()
    ).first()


def overlapping(session: Session, indicator_id: uuid.UUID, start: date, end: date) -> IndicatorPeriod | None:
    """Find a period of the indicator overlapping [start, end]."""
    p = IndicatorPeriod
    return session.scalars(
        select(p).where(p.indicator_id == indicator_id, p.period_start <= end, p.period_end >= start)
    ).first()


def window(
    session: Session, scope_key: str, start: date, end: date
) -> list[tuple[Indicator, IndicatorPeriod]]:
    """List a scope's indicator periods lying inside [start, end], by indicator name and start."""
    p = IndicatorPeriod
    rows = session.execute(
        select(Indicator, p)
        .join(p, p.indicator_id == Indicator.id)
        .where(Indicator.scope_key == scope_key, p.period_start >= start, p.period_end <= end)
        .order_by(Indicator.name, p.period_start)
    )
    return [(i, q) for i, q in rows]


def evaluation(session: Session, evaluation_id: uuid.UUID) -> Evaluation | None:
    """Load an evaluation."""
    return session.get(Evaluation, evaluation_id)


def evaluations(
    session: Session, region: str, project_id: uuid.UUID | None, after: uuid.UUID | None, limit: int
) -> list[Evaluation]:
    """List evaluations under a region prefix (or a project's) by id after a cursor."""
    stmt = select(Evaluation).where(
        Evaluation.region_code >= region, Evaluation.region_code < prefix_upper_bound(region)
    )
    if project_id is not None:
        stmt = stmt.where(Evaluation.project_id == project_id)
    if after is not None:
        stmt = stmt.where(Evaluation.id > after)
    return list(session.scalars(stmt.order_by(Evaluation.id).limit(limit + 1)))
