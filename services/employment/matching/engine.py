"""The vectorised matcher: the rules of `rules.py` over arrays, many pairs at once (numpy).

Both sides become columns of small integers, sorted once by their tie-break, so ranking is
"highest score, then lowest index". Labourers are taken in groups of equal age, health and
schooling: for such a group the position-side hard constraints are one mask over the positions,
so only the positions a group may take are scored, and the place points come from a table per
(county, places accepted). Scores equal `rules.evaluate` pair by pair; excluded pairs score -1.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from services.employment.codes import Place, Skill
from services.employment.matching.rules import (
    EDUCATION_RANK,
    HEALTH_ALLOWED,
    NEARNESS_POINTS,
    PEARL_RIVER_DELTA_CITIES,
    SKILL_POINTS,
    WAGE_POINTS,
    Candidate,
    Opening,
    job_order,
    people_order,
)

SKILL_BIT = {s.value: 1 << i for i, s in enumerate(Skill)}
PLACE_BIT = {p.value: 1 << i for i, p in enumerate(Place)}
HEALTH_CODE = {"healthy": 0, "chronic_illness": 1, "disabled": 2, "serious_illness": 3}
HEALTH_MASK = {req.value: sum(1 << HEALTH_CODE[h] for h in allowed)
               for req, allowed in HEALTH_ALLOWED.items()}
_PRD = np.array(sorted(int(c) for c in PEARL_RIVER_DELTA_CITIES))
_MAX_SKILLS = 16
# SKILL_TABLE[have * 16 + required]: the skill points of having `have` of `required` skills.
SKILL_TABLE = np.array([SKILL_POINTS if r == 0 else SKILL_POINTS * min(h, r) // r
                        for h in range(_MAX_SKILLS) for r in range(_MAX_SKILLS)], dtype=np.int16)
_BLOCK_CELLS = 1_000_000  # pairs scored per step: bounds the memory of one step (a few MB)


def _bits(values: Sequence[str] | frozenset[str], bit: dict[str, int]) -> int:
    return sum(bit[v] for v in values)


@dataclass
class Candidates:
    """Labourers as columns, in people order (registered earlier first, then member id)."""

    items: list[Candidate]
    region: np.ndarray  # 12-digit village code
    county: np.ndarray
    age: np.ndarray
    health: np.ndarray
    education: np.ndarray  # rank, -1 when unrecorded
    willing: np.ndarray
    places: np.ndarray
    wage: np.ndarray  # expectation in fen, 0 when none
    skills: np.ndarray

    @classmethod
    def of(cls, candidates: Sequence[Candidate]) -> Candidates:
        """Columns of candidates, sorted by the people tie-break."""
        items = sorted(candidates, key=people_order)
        region = np.array([int(c.region_code) for c in items], dtype=np.int64)
        return cls(items, region, region // 1_000_000, np.array([c.age for c in items], dtype=np.int64),
                   np.array([HEALTH_CODE[c.health_status] for c in items], dtype=np.int64),
                   np.array([EDUCATION_RANK[c.education] if c.education else -1 for c in items],
                            dtype=np.int64),
                   np.array([c.wants_work for c in items], dtype=bool),
                   np.array([_bits(c.places, PLACE_BIT) for c in items], dtype=np.int64),
                   np.array([c.wage_expectation_fen or 0 for c in items], dtype=np.int64),
                   np.array([_bits(c.skills, SKILL_BIT) for c in items], dtype=np.int64))

    def groups(self) -> list[np.ndarray]:
        """The willing candidates' indices, in groups of equal age, health and schooling (each ascending)."""
        willing = np.flatnonzero(self.willing)
        key = (self.age[willing] * 8 + self.health[willing]) * 8 + self.education[willing] + 1
        order = np.argsort(key, kind="stable")
        bounds = np.flatnonzero(np.diff(key[order])) + 1
        return [willing[part] for part in np.split(order, bounds)] if willing.size else []


@dataclass
class Openings:
    """Positions as columns, in job order (higher wage first, then position id)."""

    items: list[Opening]
    county: np.ndarray
    takes_hires: np.ndarray
    min_age: np.ndarray
    max_age: np.ndarray
    health_mask: np.ndarray
    min_education: np.ndarray  # rank, -1 when no minimum
    wage: np.ndarray
    required: np.ndarray
    required_count: np.ndarray
    targeted: np.ndarray  # whether the posting names regions at all
    target_divisor: np.ndarray  # (positions, slots): 10 ** (12 - prefix length)
    target_value: np.ndarray  # (positions, slots): the prefix, -1 in unused slots

    @classmethod
    def of(cls, openings: Sequence[Opening]) -> Openings:
        """Columns of openings, sorted by the job tie-break."""
        items = sorted(openings, key=job_order)
        slots = max((len(o.target_regions) for o in items), default=0) or 1
        divisor = np.ones((len(items), slots), dtype=np.int64)
        value = np.full((len(items), slots), -1, dtype=np.int64)
        for i, o in enumerate(items):
            for k, prefix in enumerate(o.target_regions):
                divisor[i, k], value[i, k] = 10 ** (12 - len(prefix)), int(prefix)
        return cls(items, np.array([int(o.region_code[:6]) for o in items], dtype=np.int64),
                   np.array([o.closed is None for o in items], dtype=bool),
                   np.array([o.min_age for o in items], dtype=np.int64),
                   np.array([o.max_age for o in items], dtype=np.int64),
                   np.array([HEALTH_MASK[o.health] for o in items], dtype=np.int64),
                   np.array([EDUCATION_RANK[o.min_education] if o.min_education else -1 for o in items],
                            dtype=np.int64),
                   np.array([o.monthly_wage_fen for o in items], dtype=np.int64),
                   np.array([_bits(o.required_skills, SKILL_BIT) for o in items], dtype=np.int64),
                   np.array([len(o.required_skills) for o in items], dtype=np.int64),
                   np.array([bool(o.target_regions) for o in items], dtype=bool), divisor, value)

    def open_to(self, age: int, health: int, education: int) -> np.ndarray:
        """Indices (ascending) of the positions whose own hard constraints take such a person."""
        return np.flatnonzero(self.takes_hires & (self.min_age <= age) & (age <= self.max_age)
                              & (((self.health_mask >> health) & 1) == 1) & (education >= self.min_education))


class PlaceTable:
    """Place points of every position for each (county, places accepted) among the candidates."""

    def __init__(self, c: Candidates, o: Openings) -> None:
        keys, self.row = np.unique(c.county * 16 + c.places, return_inverse=True)
        county, places = keys[:, None] // 16, keys[:, None] % 16
        job_county = o.county[None, :]
        same_county, same_city = job_county == county, job_county // 100 == county // 100
        in_delta = np.isin(job_county // 100, _PRD)
        accepted = ((places & PLACE_BIT[Place.ANYWHERE]) != 0) \
            | (in_delta & ((places & PLACE_BIT[Place.PEARL_RIVER_DELTA]) != 0)) \
            | (same_city & ((places & PLACE_BIT[Place.HOME_CITY]) != 0)) \
            | (same_county & ((places & PLACE_BIT[Place.HOME_COUNTY]) != 0))
        nearness = np.select([same_county, same_city, np.broadcast_to(in_delta, same_county.shape)],
                             [NEARNESS_POINTS[Place.HOME_COUNTY], NEARNESS_POINTS[Place.HOME_CITY],
                              NEARNESS_POINTS[Place.PEARL_RIVER_DELTA]], NEARNESS_POINTS[Place.ANYWHERE])
        self.points = np.where(accepted, nearness, 0).astype(np.int16)


def _block(c: Candidates, rows: np.ndarray, o: Openings, cols: np.ndarray, places: PlaceTable) -> np.ndarray:
    """Score candidates `rows` (all passing `cols`' own constraints) against positions `cols`."""
    have = np.bitwise_count(c.skills[rows][:, None] & o.required[cols][None, :]).astype(np.int16)
    score = SKILL_TABLE[have * _MAX_SKILLS + o.required_count[cols].astype(np.int16)[None, :]]
    score = score + places.points[places.row[rows]][:, cols]
    expected, wage = c.wage[rows][:, None], o.wage[cols][None, :]
    wage_points = np.where(wage >= expected, WAGE_POINTS, WAGE_POINTS * wage // np.maximum(expected, 1))
    score += wage_points.astype(np.int16)
    targeted = np.flatnonzero(o.targeted[cols])
    if targeted.size:  # only postings that name regions need the region test
        region, at = c.region[rows][:, None], cols[targeted]
        inside = np.zeros((rows.size, targeted.size), dtype=bool)
        for slot in range(o.target_value.shape[1]):
            inside |= region // o.target_divisor[at, slot][None, :] == o.target_value[at, slot][None, :]
        score[:, targeted] = np.where(inside, score[:, targeted], -1)
    return score


def _steps(rows: np.ndarray, width: int) -> list[np.ndarray]:
    """Split a group so that one step scores at most _BLOCK_CELLS pairs."""
    size = max(1, _BLOCK_CELLS // max(width, 1))
    return [rows[i:i + size] for i in range(0, rows.size, size)]


def scores(c: Candidates, o: Openings) -> np.ndarray:
    """Score every pair: an array (candidates, openings), -1 where a hard constraint fails."""
    full = np.full((len(c.items), len(o.items)), -1, dtype=np.int16)
    places = PlaceTable(c, o)
    for group in c.groups():
        first = group[0]
        cols = o.open_to(int(c.age[first]), int(c.health[first]), int(c.education[first]))
        for rows in _steps(group, cols.size) if cols.size else []:
            full[np.ix_(rows, cols)] = _block(c, rows, o, cols, places)
    return full


def _best(score: np.ndarray, cols: np.ndarray, width: int, k: int) -> list[list[tuple[int, int]]]:
    """Per row, the k best of `cols` as (column, score): highest score, then lowest column."""
    kind = np.int32 if width < 2**31 // 128 else np.int64  # score ≤ 100: the narrower key sorts faster
    key = score.astype(kind) * width + (width - 1 - cols).astype(kind)[None, :]
    if cols.size > k:
        pick = np.argpartition(-key, k - 1, axis=1)[:, :k]
    else:
        pick = np.broadcast_to(np.arange(cols.size), key.shape)
    ordered = np.take_along_axis(pick, np.argsort(-np.take_along_axis(key, pick, axis=1), axis=1), axis=1)
    chosen = np.take_along_axis(score, ordered, axis=1)
    return [[(int(cols[j]), int(s)) for j, s in zip(row, marks, strict=True) if s >= 0]
            for row, marks in zip(ordered, chosen, strict=True)]


def top_jobs(c: Candidates, o: Openings, k: int) -> list[list[tuple[int, int]]]:
    """For each candidate in order, its k best openings as (index into o.items, score)."""
    found: list[list[tuple[int, int]]] = [[] for _ in c.items]
    places = PlaceTable(c, o)
    for group in c.groups():
        first = group[0]
        cols = o.open_to(int(c.age[first]), int(c.health[first]), int(c.education[first]))
        for rows in _steps(group, cols.size) if cols.size else []:
            for row, best in zip(rows, _best(_block(c, rows, o, cols, places), cols, len(o.items), k),
                                 strict=True):
                found[row] = best
    return found


def top_people(c: Candidates, o: Openings, k: int) -> list[list[tuple[int, int]]]:
    """For each opening, its k best candidates as (index into c.items, score)."""
    matrix = scores(c, o).T
    return _best(matrix, np.arange(len(c.items)), len(c.items), k)
