"""Matching for the API: the engine ranks, the reference rules explain each result."""

from __future__ import annotations

import uuid
from datetime import date

import numpy as np

from services.employment.jobs.repository import get_position
from services.employment.labour.service import check_in_labour_force, labourer_in_scope
from services.employment.matching import repository as repo
from services.employment.matching.engine import Candidates, Openings, scores, top_jobs, top_people
from services.employment.matching.rules import Candidate, Opening, evaluate
from services.employment.matching.schemas import (
    Excluded,
    JobMatch,
    JobMatches,
    PairRead,
    PersonMatch,
    PersonMatches,
)
from services.employment.matching.views import candidate, opening, reason, reasons
from services.employment.models import Position
from shared.auth import Caller
from shared.db import ServiceSession
from shared.errors import not_found
from shared.types import from_fen

JOB_ORDER = "score desc, then monthly wage desc, then position id asc"
PEOPLE_ORDER = "score desc, then registered earlier first, then member id asc"


def _excluded(pairs: list[tuple[uuid.UUID, Candidate, Opening]]) -> list[Excluded]:
    return [Excluded(id=key, reasons=[reason(line) for line in evaluate(c, o).exclusions])
            for key, c, o in pairs]


def jobs_for(session: ServiceSession, caller: Caller, member_id: uuid.UUID, limit: int,
             today: date) -> JobMatches:
    """Rank the positions taking hires for a labourer in scope, each with its reasons."""
    person, labourer = labourer_in_scope(session, caller, member_id)
    check_in_labour_force(person, today)
    me = candidate(person, labourer, today)
    positions = {p.id: p for p in repo.current_positions(session, today)}
    c, o = Candidates.of([me]), Openings.of([opening(p, today) for p in positions.values()])
    best = top_jobs(c, o, limit)[0]
    row = scores(c, o)[0] if o.items else np.zeros(0)
    items = []
    for rank, (j, score) in enumerate(best, start=1):
        job, position = o.items[j], positions[o.items[j].position_id]
        items.append(JobMatch(rank=rank, position_id=job.position_id, title=position.title,
                              kind=position.kind, region_code=position.region_code,
                              monthly_wage=from_fen(job.monthly_wage_fen), score=score,
                              reasons=reasons(evaluate(me, job))))
    out = np.flatnonzero(row < 0)
    return JobMatches(items=items, eligible=int((row >= 0).sum()), excluded_total=int(out.size),
                      order=JOB_ORDER,
                      excluded=_excluded([(o.items[j].position_id, me, o.items[j]) for j in out[:limit]]))


def people_for(session: ServiceSession, caller: Caller, position_id: uuid.UUID, prefix: str | None,
               limit: int, today: date) -> PersonMatches:
    """Rank the registered labourers in the caller's region (or a narrower prefix) for a position."""
    position = _position(session, position_id)
    job = opening(position, today)
    rows = repo.registered_labour_force(session, today, prefix) if prefix else []
    people = {p.member_id: (p, candidate(p, lab, today)) for p, lab in rows}
    c, o = Candidates.of([entry[1] for entry in people.values()]), Openings.of([job])
    best = top_people(c, o, limit)[0] if c.items else []
    column = scores(c, o)[:, 0] if c.items else np.zeros(0)
    items = []
    for rank, (i, score) in enumerate(best, start=1):
        person, me = people[c.items[i].member_id]
        items.append(PersonMatch(rank=rank, member_id=person.member_id, household_no=person.household_no,
                                 region_code=person.region_code, age=me.age, score=score,
                                 reasons=reasons(evaluate(me, job))))
    out = np.flatnonzero(column < 0)
    return PersonMatches(items=items, eligible=int((column >= 0).sum()), excluded_total=int(out.size),
                         order=PEOPLE_ORDER,
                         excluded=_excluded([(c.items[i].member_id, c.items[i], job) for i in out[:limit]]))


def _position(session: ServiceSession, position_id: uuid.UUID) -> Position:
    position = get_position(session, position_id)
    if position is None:
        raise not_found("Position", "岗位", position_id)
    return position


def explain(session: ServiceSession, caller: Caller, member_id: uuid.UUID, position_id: uuid.UUID,
            today: date) -> PairRead:
    """Judge one labourer in scope against one position, whatever their states, with every reason."""
    person, labourer = labourer_in_scope(session, caller, member_id)
    check_in_labour_force(person, today)
    verdict = evaluate(candidate(person, labourer, today), opening(_position(session, position_id), today))
    return PairRead(member_id=member_id, position_id=position_id, eligible=verdict.score is not None,
                    score=verdict.score, reasons=reasons(verdict))
