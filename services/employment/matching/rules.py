"""Matching one labourer with one position: hard constraints exclude, soft ones score (pure functions).

This is the reference: every line names its rule in the catalogue, and the vectorised engine
(`engine.py`) must give exactly these scores; tests and the benchmark hold the two together.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime

from services.employment.catalogue import (
    MATCH_AGE,
    MATCH_EDUCATION,
    MATCH_HEALTH,
    MATCH_OPENINGS,
    MATCH_PLACE,
    MATCH_SKILLS,
    MATCH_TARGETING,
    MATCH_WAGE,
    MATCH_WILLINGNESS,
)
from services.employment.codes import Education, HealthRequirement, Place

SKILL_POINTS, PLACE_POINTS, WAGE_POINTS = 40, 30, 30
# Points for a workplace the labourer accepts, by how near home it is.
NEARNESS_POINTS = {Place.HOME_COUNTY: 30, Place.HOME_CITY: 24, Place.PEARL_RIVER_DELTA: 18,
                   Place.ANYWHERE: 12}
# The nine cities of the Pearl River Delta (珠三角): Guangzhou, Shenzhen, Zhuhai, Foshan, Jiangmen,
# Zhaoqing, Huizhou, Dongguan, Zhongshan.
PEARL_RIVER_DELTA_CITIES = frozenset({"4401", "4403", "4404", "4406", "4407", "4412", "4413", "4419", "4420"})
EDUCATION_RANK = {e.value: rank for rank, e in enumerate(Education)}
# Health statuses each requirement takes (identification's codes).
HEALTH_ALLOWED = {
    HealthRequirement.ANY: frozenset({"healthy", "chronic_illness", "disabled", "serious_illness"}),
    HealthRequirement.NO_SERIOUS_ILLNESS: frozenset({"healthy", "chronic_illness", "disabled"}),
    HealthRequirement.HEALTHY: frozenset({"healthy"}),
}


@dataclass(frozen=True)
class Candidate:
    """A registered labourer as matching sees them."""

    member_id: uuid.UUID
    region_code: str  # the household's village, 12 digits
    age: int
    health_status: str
    education: str | None
    wants_work: bool
    places: frozenset[str]
    wage_expectation_fen: int | None
    skills: frozenset[str]  # declared skills and those of certificates held
    registered_at: datetime


@dataclass(frozen=True)
class Opening:
    """A position as matching sees it; `closed` says why it takes no hire today, if it does not."""

    position_id: uuid.UUID
    region_code: str  # the workplace: 6, 9 or 12 digits
    min_age: int
    max_age: int
    health: str
    min_education: str | None
    monthly_wage_fen: int
    required_skills: frozenset[str]
    target_regions: tuple[str, ...]
    closed: str | None = None


@dataclass(frozen=True)
class Line:
    """One line of an explanation: the rule, whether it is met, the points it gave, and why."""

    rule: str
    code: str
    met: bool
    points: int | None
    max_points: int | None
    en: str
    zh: str


@dataclass(frozen=True)
class Match:
    """A pair's verdict: a score when every hard constraint holds (None when excluded), and its lines."""

    score: int | None
    lines: list[Line] = field(default_factory=list)

    @property
    def exclusions(self) -> list[Line]:
        """The hard constraints the pair fails."""
        return [line for line in self.lines if not line.met and line.points is None]


def areas(home: str, workplace: str) -> set[str]:
    """The places a labourer may accept that contain a workplace, seen from the labourer's village."""
    found = {Place.ANYWHERE.value}
    if workplace[:4] in PEARL_RIVER_DELTA_CITIES:
        found.add(Place.PEARL_RIVER_DELTA.value)
    if workplace[:4] == home[:4]:
        found.add(Place.HOME_CITY.value)
    if workplace[:6] == home[:6]:
        found.add(Place.HOME_COUNTY.value)
    return found


def nearest(found: set[str]) -> Place:
    """The nearest of the places containing a workplace."""
    return next(p for p in NEARNESS_POINTS if p.value in found)


def hard_lines(c: Candidate, o: Opening) -> list[Line]:
    """Check the hard constraints, each as a line that is met or not."""
    healthy = c.health_status in HEALTH_ALLOWED[o.health]
    targeted = not o.target_regions or any(c.region_code.startswith(t) for t in o.target_regions)
    schooled = o.min_education is None or (
        c.education is not None and EDUCATION_RANK[c.education] >= EDUCATION_RANK[o.min_education])
    return [
        Line(MATCH_WILLINGNESS.code, "willing" if c.wants_work else "not_willing", c.wants_work, None, None,
             "wants work" if c.wants_work else "does not want work now",
             "有就业意愿" if c.wants_work else "暂无就业意愿"),
        Line(MATCH_OPENINGS.code, o.closed or "openings_left", o.closed is None, None, None,
             "takes hires" if o.closed is None else f"takes no hire: {o.closed}",
             "尚有空缺" if o.closed is None else f"不可录用：{o.closed}"),
        Line(MATCH_AGE.code, "age_within_limits" if o.min_age <= c.age <= o.max_age else "age_outside_limits",
             o.min_age <= c.age <= o.max_age, None, None, f"aged {c.age}, limits {o.min_age}–{o.max_age}",
             f"{c.age}周岁，要求{o.min_age}至{o.max_age}周岁"),
        Line(MATCH_HEALTH.code, "health_met" if healthy else "health_not_met", healthy, None, None,
             f"health {c.health_status}, requirement {o.health}",
             f"健康状况{c.health_status}，要求{o.health}"),
        Line(MATCH_EDUCATION.code, "education_met" if schooled else "education_below_minimum", schooled, None,
             None, f"schooling {c.education or 'unrecorded'}, minimum {o.min_education or 'none'}",
             f"文化程度{c.education or '未登记'}，最低要求{o.min_education or '无'}"),
        Line(MATCH_TARGETING.code, "targeted" if targeted else "not_in_target_regions", targeted, None, None,
             "open to the labourer's region" if targeted
             else f"posted for {', '.join(o.target_regions)} only",
             "面向本人所在地区" if targeted else f"仅面向{'、'.join(o.target_regions)}定向发布"),
    ]


def skill_line(c: Candidate, o: Opening) -> Line:
    """Score the share of required skills the labourer has."""
    if not o.required_skills:
        return Line(MATCH_SKILLS.code, "no_skills_required", True, SKILL_POINTS, SKILL_POINTS,
                    "no skill required", "无技能要求")
    have = sorted(o.required_skills & c.skills)
    points = SKILL_POINTS * len(have) // len(o.required_skills)
    missing = sorted(o.required_skills - c.skills)
    return Line(MATCH_SKILLS.code, "skills_overlap", not missing, points, SKILL_POINTS,
                f"has {len(have)} of {len(o.required_skills)} skills required"
                + (f"; lacks {', '.join(missing)}" if missing else ""),
                f"具备所需{len(o.required_skills)}项技能中的{len(have)}项"
                + (f"，缺{'、'.join(missing)}" if missing else ""))


def place_line(c: Candidate, o: Opening) -> Line:
    """Score the workplace by whether the labourer accepts it and how near home it is."""
    found = areas(c.region_code, o.region_code)
    place = nearest(found)
    if not found & c.places:
        return Line(MATCH_PLACE.code, "place_not_accepted", False, 0, PLACE_POINTS,
                    f"workplace ({place.value}) is not among the places accepted",
                    f"工作地（{place.label_zh}）不在本人可接受范围内")  # type: ignore[attr-defined]
    return Line(MATCH_PLACE.code, f"place_{place.value}", True, NEARNESS_POINTS[place], PLACE_POINTS,
                f"workplace in {place.value}, accepted", f"工作地在{place.label_zh}，本人可接受")  # type: ignore[attr-defined]


def wage_line(c: Candidate, o: Opening) -> Line:
    """Score the wage against the labourer's expectation."""
    expected = c.wage_expectation_fen
    if expected is None or o.monthly_wage_fen >= expected:
        return Line(MATCH_WAGE.code, "wage_meets_expectation", True, WAGE_POINTS, WAGE_POINTS,
                    "wage meets the expectation" if expected else "no wage expectation recorded",
                    "工资达到期望" if expected else "未登记期望工资")
    points = WAGE_POINTS * o.monthly_wage_fen // expected
    return Line(MATCH_WAGE.code, "wage_below_expectation", False, points, WAGE_POINTS,
                f"wage {o.monthly_wage_fen / 100:.2f} below the expected {expected / 100:.2f}",
                f"工资{o.monthly_wage_fen / 100:.2f}元低于期望{expected / 100:.2f}元")


def evaluate(c: Candidate, o: Opening) -> Match:
    """Judge one pair: excluded (score None) when a hard constraint fails, else scored 0–100."""
    lines = hard_lines(c, o)
    soft = [skill_line(c, o), place_line(c, o), wage_line(c, o)]
    if not all(line.met for line in lines):
        return Match(None, lines + soft)
    return Match(sum(line.points or 0 for line in soft), lines + soft)


def job_order(o: Opening) -> tuple[int, str]:
    """Tie-break of jobs for a person at equal score: higher wage first, then position id."""
    return -o.monthly_wage_fen, str(o.position_id)


def people_order(c: Candidate) -> tuple[datetime, str]:
    """Tie-break of people for a job at equal score: registered earlier first, then member id."""
    return c.registered_at, str(c.member_id)
