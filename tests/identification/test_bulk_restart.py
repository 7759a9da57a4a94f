"""Jobs survive a restart: a new app on the same database resumes or restarts them cleanly."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, update

from services.identification.bulk import repository as bulk_repo
from services.identification.bulk.router import runner_for
from services.identification.bulk.runner import ImportRunner
from services.identification.main import create_app
from services.identification.models import Household, ImportJob, ImportRowError, Member
from shared.types import utcnow
from tests.harness import BACKEND
from tests.identification.bulk_support import csv_bytes, csv_row, person, submit, wait

NUMBERS = [f"4418821002010{i:02d}" for i in range(1, 7)]


def six_households(bad_index: int | None = None) -> bytes:
    """Six one-person households; the one at bad_index has no name."""
    return csv_bytes([csv_row(no, "" if i == bad_index else f"户主{i}", person(2 * i + 1))
                      for i, no in enumerate(NUMBERS)])


@pytest.fixture(autouse=True)
def no_background_worker(ident):
    """Stop the test app's own worker, so each test decides which worker runs what."""
    runner_for(ident.app).stop()
    yield
    runner_for(ident.app).start()


def queued_job(ident, content: bytes, mode: str) -> uuid.UUID:
    """Queue a job while no worker of the test app runs."""
    return uuid.UUID(submit(ident, content, mode=mode)["id"])


def crash_after_first_chunk(ident, job_id: uuid.UUID) -> ImportRunner:
    """Run one chunk of two households in a worker, then let it die as a killed process would."""
    dead = ImportRunner(ident.db, chunk_households=2)
    assert dead.claim() == job_id
    steps = dead.steps(job_id)
    assert next(steps) == 2
    steps.close()  # the process is gone: an open transaction rolls back, nothing more runs
    with ident.db.transaction() as s:  # ...and its heartbeat stops
        s.execute(update(ImportJob).where(ImportJob.id == job_id)
                  .values(heartbeat_at=utcnow() - timedelta(minutes=5)))
    return dead


def rows(ident) -> tuple[int, int]:
    with ident.db.transaction(write=False) as s:
        return (s.execute(select(func.count()).select_from(Household)).scalar_one(),
                s.execute(select(func.count()).select_from(Member)).scalar_one())


def restart(ident, job_id: uuid.UUID) -> dict:
    """Start a new app instance on the same database and wait until it finished the job."""
    app = create_app(ident.settings)
    with TestClient(app) as client:  # runs the lifespan: the worker starts and looks for work
        ident_like = type("H", (), {"client": client, "headers": ident.headers})
        job = wait(ident_like, str(job_id))
    app.state.db.dispose()
    return job


def test_accept_valid_job_resumes_after_its_last_committed_chunk(ident):
    job_id = queued_job(ident, six_households(bad_index=4), "accept_valid")
    dead = crash_after_first_chunk(ident, job_id)
    assert rows(ident) == (2, 2)
    with ident.db.transaction(write=False) as s:
        job = s.get(ImportJob, job_id)
        assert (job.state, job.groups_done, job.rows_done, job.owner) == ("running", 2, 2, dead.owner)
    done = restart(ident, job_id)
    assert (done["state"], done["attempts"], done["rows_done"], done["households_created"],
            done["rows_rejected"]) == ("succeeded", 2, 6, 5, 1)
    assert rows(ident) == (5, 5)
    with ident.db.transaction(write=False) as s:
        numbers = s.execute(select(Household.household_no).order_by(Household.household_no)).scalars()
        assert list(numbers) == [n for i, n in enumerate(NUMBERS) if i != 4]
        assert s.execute(select(ImportRowError.row)).scalars().all() == [6]


def test_all_or_nothing_job_leaves_nothing_and_restarts_from_scratch(ident):
    job_id = queued_job(ident, six_households(), "all_or_nothing")
    dead = ImportRunner(ident.db, chunk_households=2)
    assert dead.claim() == job_id
    steps = dead.steps(job_id)
    assert next(steps) == 2
    assert rows(ident) == (0, 0)  # written, but not committed: invisible to everyone else
    steps.close()
    with ident.db.transaction() as s:
        s.execute(update(ImportJob).where(ImportJob.id == job_id)
                  .values(heartbeat_at=utcnow() - timedelta(minutes=5)))
    assert rows(ident) == (0, 0)
    done = restart(ident, job_id)
    assert (done["state"], done["attempts"], done["households_created"]) == ("succeeded", 2, 6)
    assert rows(ident) == (6, 6)


def test_a_running_job_with_a_live_heartbeat_is_left_alone(ident):
    job_id = queued_job(ident, six_households(), "accept_valid")
    alive = ImportRunner(ident.db, chunk_households=2)
    assert alive.claim() == job_id
    assert ImportRunner(ident.db).claim() is None
    for _ in alive.steps(job_id):
        pass
    with ident.db.transaction(write=False) as s:
        assert s.get(ImportJob, job_id).state == "succeeded"


def test_a_worker_that_lost_its_job_writes_nothing_more(ident):
    job_id = queued_job(ident, six_households(), "accept_valid")
    first = ImportRunner(ident.db, chunk_households=2)
    assert first.claim() == job_id
    steps = first.steps(job_id)
    next(steps)
    with ident.db.transaction() as s:  # it stalled so long that another worker took over
        s.execute(update(ImportJob).where(ImportJob.id == job_id)
                  .values(heartbeat_at=utcnow() - timedelta(minutes=5)))
    second = ImportRunner(ident.db, chunk_households=2)
    assert second.claim() == job_id
    assert list(steps) == []  # the stalled worker's next chunk is refused and rolled back
    assert rows(ident) == (2, 2)
    for _ in second.steps(job_id):
        pass
    assert rows(ident) == (6, 6)


def test_a_job_interrupted_too_often_fails_cleanly(ident):
    job_id = queued_job(ident, six_households(), "all_or_nothing")
    with ident.db.transaction() as s:
        s.execute(update(ImportJob).where(ImportJob.id == job_id).values(attempts=3))
    runner = ImportRunner(ident.db)
    assert runner.claim() == job_id
    list(runner.steps(job_id))
    with ident.db.transaction(write=False) as s:
        job = s.get(ImportJob, job_id)
        assert (job.state, job.error_code, job.attempts) == ("failed", "attempts_exhausted", 4)
    assert rows(ident) == (0, 0)


def test_a_queued_job_can_be_cancelled_and_is_then_never_run(ident):
    job_id = queued_job(ident, six_households(), "accept_valid")
    r = ident.client.post(f"/api/v1/jobs/{job_id}/cancel", headers=ident.headers())
    assert (r.status_code, r.json()["state"]) == (200, "cancelled")
    assert ImportRunner(ident.db).claim() is None
    r = ident.client.post(f"/api/v1/jobs/{job_id}/cancel", headers=ident.headers())
    assert (r.status_code, r.json()["code"]) == (409, "job_not_queued")


@pytest.mark.skipif(BACKEND != "postgresql", reason="SQLite admits one writer at a time: no race")
def test_a_person_registered_while_the_chunk_is_written_ends_up_in_one_household(ident, monkeypatch):
    job_id = queued_job(ident, csv_bytes([csv_row(NUMBERS[1], "户主", person(1))]), "accept_valid")
    looked_up = bulk_repo.active_people
    raced: list[int] = []

    def racing(session, hashes):
        found = looked_up(session, hashes)
        if not raced:  # another request registers the same person and commits first
            raced.append(1)
            body = {"household_no": NUMBERS[0], "region_code": "441882100201", "address": "三古滩村1号",
                    "category": "general", "primary_cause": "illness", "safe_drinking_water": True,
                    "members": [{"name": "户主", "id_number": person(1), "relation": "head",
                                 "labour_capacity": "normal"}]}
            assert ident.client.post("/api/v1/households", json=body,
                                     headers=ident.headers()).status_code == 201
        return found

    monkeypatch.setattr(bulk_repo, "active_people", racing)
    runner = ImportRunner(ident.db)
    assert runner.claim() == job_id
    list(runner.steps(job_id))
    with ident.db.transaction(write=False) as s:
        job = s.get(ImportJob, job_id)
        assert (job.state, job.households_created, job.households_rejected) == ("succeeded", 0, 1)
        assert s.execute(select(ImportRowError.code)).scalars().all() == ["person_in_other_household"]
        assert s.execute(select(Household.household_no).join(Member)).scalars().all() == [NUMBERS[0]]
