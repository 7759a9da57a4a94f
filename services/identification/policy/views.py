"""Turn standards and evaluations into response bodies."""

from __future__ import annotations

import uuid
from dataclasses import asdict
from datetime import datetime

from services.identification.models import PolicyStandard, StoredEvaluation
from services.identification.policy.repository import to_standard
from services.identification.policy.rules import Evaluation
from services.identification.policy.schemas import ConditionRead, EvaluationRead, StandardRead


def standard_read(row: PolicyStandard) -> StandardRead:
    """Render a standard version with the thresholds it implies."""
    std = to_standard(row)
    return StandardRead(
        id=row.id, year=row.year, region_prefix=row.region_prefix, version=row.version,
        rural_income_per_head=row.rural_income_per_head, household_exit_ratio=row.household_exit_ratio,
        village_exit_ratio=row.village_exit_ratio, identification_line=row.identification_line,
        price_index=row.price_index, village_remaining_poor_share_max=row.village_remaining_poor_share_max,
        village_remaining_poor_share_source=row.village_remaining_poor_share_source,
        road_min_households=row.road_min_households, safe_water_required=row.safe_water_required,
        notice_days=row.notice_days, objection_days=row.objection_days,
        announcement_days=row.announcement_days, household_exit_threshold=std.household_exit_threshold(),
        village_exit_threshold=std.village_exit_threshold(),
        identification_threshold=std.identification_threshold(), reason=row.reason,
        created_by=row.created_by, created_at=row.created_at)


def evaluation_read(ev: Evaluation, evaluation_id: uuid.UUID | None = None, by: str | None = None,
                    at: datetime | None = None) -> EvaluationRead:
    """Render an evaluation, stored (with id, who and when) or just made."""
    return EvaluationRead(
        id=evaluation_id, kind=ev.kind, subject_type=ev.subject_type, subject_id=ev.subject_id,
        region_code=ev.region_code, year=ev.year, standard_year=ev.standard_year,
        standard_region=ev.standard_region, standard_version=ev.standard_version, verdict=ev.verdict,
        summary_en=ev.summary_en, summary_zh=ev.summary_zh,
        conditions=[ConditionRead(**asdict(c)) for c in ev.conditions], facts=ev.facts,
        evaluated_by=by, evaluated_at=at)


def stored_read(row: StoredEvaluation) -> EvaluationRead:
    """Render a stored evaluation exactly as it was stored."""
    return EvaluationRead(
        id=row.id, kind=row.kind, subject_type=row.subject_type, subject_id=row.subject_id,
        region_code=row.region_code, year=row.year, standard_year=row.standard_year,
        standard_region=row.standard_region, standard_version=row.standard_version, verdict=row.verdict,
        summary_en=row.summary_en, summary_zh=row.summary_zh,
        conditions=[ConditionRead(**c) for c in row.conditions], facts=row.facts,
        evaluated_by=row.evaluated_by, evaluated_at=row.evaluated_at)
