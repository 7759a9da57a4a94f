"""The vectorised matcher gives exactly the reference rules' scores and order (no database)."""

from __future__ import annotations

from services.employment.matching.engine import Candidates, Openings, scores, top_jobs, top_people
from services.employment.matching.rules import evaluate, job_order, people_order
from tests.employment.matching_data import population


def test_every_pair_scores_as_the_reference_rules_say():
    people, jobs = population(7, 300, 400)
    c, o = Candidates.of(people), Openings.of(jobs)
    matrix = scores(c, o)
    excluded = 0
    for i, person in enumerate(c.items):
        for j, job in enumerate(o.items):
            expected = evaluate(person, job).score
            assert matrix[i, j] == (-1 if expected is None else expected), (person, job)
            excluded += expected is None
    assert 0 < excluded < matrix.size  # both kinds of pair occur


def test_top_jobs_are_the_reference_ranking_with_its_tie_break():
    people, jobs = population(11, 120, 500)
    c, o = Candidates.of(people), Openings.of(jobs)
    ties = 0
    for person, found in zip(c.items, top_jobs(c, o, 10), strict=True):
        ranked = sorted(((evaluate(person, job).score, job) for job in jobs), key=lambda sj: (
            -(sj[0] if sj[0] is not None else -1), job_order(sj[1])))
        expected = [(job.position_id, score) for score, job in ranked if score is not None][:10]
        assert [(o.items[j].position_id, s) for j, s in found] == expected
        ties += len({s for _, s in found}) < len(found)
    assert ties > 0  # equal scores occurred, so the tie-break was exercised


def test_top_people_are_the_reference_ranking_with_its_tie_break():
    people, jobs = population(13, 400, 60)
    c, o = Candidates.of(people), Openings.of(jobs)
    for job, found in zip(o.items, top_people(c, o, 10), strict=True):
        ranked = sorted(((evaluate(p, job).score, p) for p in people), key=lambda sp: (
            -(sp[0] if sp[0] is not None else -1), people_order(sp[1])))
        expected = [(p.member_id, score) for score, p in ranked if score is not None][:10]
        assert [(c.items[i].member_id, s) for i, s in found] == expected
