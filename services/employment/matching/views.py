"""Turn rows into matching's inputs, and verdicts into response bodies."""

from __future__ import annotations

from datetime import date

from services.employment.codes import PositionState
from services.employment.labour.repository import Person
from services.employment.labour.rules import age_on
from services.employment.matching.rules import Candidate, Line, Match, Opening
from services.employment.matching.schemas import ReasonRead
from services.employment.models import Labourer, Position
from shared.types import to_fen


def candidate(person: Person, labourer: Labourer, today: date) -> Candidate:
    """A labourer as matching sees them: declared skills and those of certificates held count alike."""
    skills = frozenset(labourer.skills) | {c["skill"] for c in labourer.certificates}
    wage = labourer.wage_expectation
    return Candidate(person.member_id, person.region_code, age_on(person.birth_date, today),
                     person.health_status, labourer.education, labourer.wants_work,
                     frozenset(labourer.places), to_fen(wage) if wage is not None else None,
                     frozenset(skills), labourer.registered_at)


def closed_reason(p: Position, today: date) -> str | None:
    """Why a position takes no hire today, if it does not."""
    if p.state != PositionState.OPEN:
        return "position_closed"
    if p.ends_on is not None and p.ends_on < today:
        return "period_over"
    if p.filled >= p.openings:
        return "no_openings_left"
    return None


def opening(p: Position, today: date) -> Opening:
    """A position as matching sees it."""
    return Opening(p.id, p.region_code, p.min_age, p.max_age, p.health, p.min_education,
                   to_fen(p.monthly_wage), frozenset(p.required_skills), tuple(p.target_regions),
                   closed_reason(p, today))


def reasons(match: Match) -> list[ReasonRead]:
    """Every line of a verdict, hard constraints first."""
    return [reason(line) for line in match.lines]


def reason(line: Line) -> ReasonRead:
    """One line of a verdict."""
    return ReasonRead(rule=line.rule, code=line.code, met=line.met, points=line.points,
                      max_points=line.max_points, detail_en=line.en, detail_zh=line.zh)
