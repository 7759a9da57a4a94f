"""Random but reproducible labourers and positions for matching tests and the benchmark."""

from __future__ import annotations

import random
import uuid
from datetime import UTC, datetime, timedelta

from services.employment.codes import Education, HealthRequirement, Place, Skill
from services.employment.matching.rules import Candidate, Opening

SKILLS = [s.value for s in Skill]
HEALTH = ["healthy"] * 6 + ["chronic_illness", "disabled", "serious_illness"]
# Villages of poor counties in the north, east and west, and workplaces there and in the delta.
COUNTIES = ["441882", "441881", "441823", "441825", "441424", "441426", "440881", "445381", "440232"]
DELTA = ["440106", "440305", "441900", "442000", "440604", "441302"]
START = datetime(2018, 3, 1, tzinfo=UTC)


def candidate(rng: random.Random) -> Candidate:
    """A labourer with a random village, age, health, schooling, wishes and skills."""
    county = rng.choice(COUNTIES)
    return Candidate(
        member_id=uuid.UUID(int=rng.getrandbits(128)), region_code=f"{county}{rng.randrange(100, 120)}"
        f"{rng.randrange(200, 230)}", age=rng.randrange(16, 60), health_status=rng.choice(HEALTH),
        education=rng.choice([None, *[e.value for e in Education]]), wants_work=rng.random() < 0.9,
        places=frozenset(rng.sample([p.value for p in Place], rng.randrange(1, 3))),
        wage_expectation_fen=rng.choice([None, rng.randrange(150_000, 600_000, 5_000)]),
        skills=frozenset(rng.sample(SKILLS, rng.randrange(0, 5))),
        registered_at=START + timedelta(days=rng.randrange(0, 20)))


def opening(rng: random.Random) -> Opening:
    """A position with a random workplace, wage, requirements and targets."""
    county = rng.choice(COUNTIES + DELTA)
    low = rng.randrange(16, 40)
    targets = tuple(rng.sample([*COUNTIES, "4418", "4414", "441882100"], rng.randrange(0, 3))) \
        if rng.random() < 0.3 else ()
    return Opening(
        position_id=uuid.UUID(int=rng.getrandbits(128)),
        region_code=county if rng.random() < 0.5 else f"{county}{rng.randrange(100, 120)}",
        min_age=low, max_age=rng.randrange(low, 66), health=rng.choice([h.value for h in HealthRequirement]),
        min_education=rng.choice([None, None, *[e.value for e in Education]]),
        monthly_wage_fen=rng.randrange(150_000, 700_000, 10_000),
        required_skills=frozenset(rng.sample(SKILLS, rng.randrange(0, 4))), target_regions=targets,
        closed=None if rng.random() < 0.9 else "no_openings_left")


def population(seed: int, people: int, positions: int) -> tuple[list[Candidate], list[Opening]]:
    """Draw people and positions from a seed."""
    rng = random.Random(seed)
    return [candidate(rng) for _ in range(people)], [opening(rng) for _ in range(positions)]
