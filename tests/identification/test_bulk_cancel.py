"""A running import stops within seconds when cancelled, and one past its time limit fails."""

from __future__ import annotations

import threading
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from services.identification.bulk.router import runner_for
from services.identification.bulk.runner import ImportRunner
from services.identification.main import create_app
from services.identification.models import Household, ImportJob
from tests.conftest import harness_for
from tests.harness import BACKEND
from tests.identification.bulk_support import csv_bytes, csv_row, ended, person, submit, wait

NUMBERS = [f"4418821002010{i:02d}" for i in range(1, 7)]


def six_households() -> bytes:
    """Six one-person households."""
    return csv_bytes([csv_row(no, f"户主{i}", person(2 * i + 1)) for i, no in enumerate(NUMBERS)])


def many_households(count: int) -> bytes:
    """`count` one-person households, enough to keep a worker busy for several seconds."""
    return csv_bytes([csv_row(f"441882100201{i:04d}", f"户主{i}", person(i % 900 + 1, 1950 + i // 900))
                      for i in range(count)])


def households(ident) -> int:
    with ident.db.transaction(write=False) as s:
        return s.execute(select(func.count()).select_from(Household)).scalar_one()


def feed_types(ident) -> list[str]:
    r = ident.client.get("/api/v1/events", params={"cursor": 0, "limit": 500}, headers=ident.headers())
    return [(e["type"], e["data"].get("state")) for e in r.json()["items"]]


# On SQLite an all_or_nothing job holds the only write lock until it ends, so a cancel, like
# every write, waits for it there (README: use accept_valid for big files on SQLite). On
# PostgreSQL it holds the chain head, which the cancel request does not need.
ALL_OR_NOTHING = pytest.param("all_or_nothing", 0, marks=pytest.mark.skipif(
    BACKEND != "postgresql", reason="SQLite: the job holds the write lock the cancel needs"))


@pytest.mark.parametrize(("mode", "kept"), [("accept_valid", 2), ("validate_only", 0), ALL_OR_NOTHING])
def test_a_cancelled_running_job_stops_at_its_next_check(ident, stopped_worker, mode, kept):
    job_id = uuid.UUID(submit(ident, six_households(), mode=mode)["id"])
    runner = ImportRunner(ident.db, chunk_households=2, cancel_poll_seconds=0)
    assert runner.claim() == job_id
    steps = runner.steps(job_id)
    assert next(steps) == 2
    r = ident.client.post(f"/api/v1/jobs/{job_id}/cancel", headers=ident.headers())
    assert (r.status_code, r.json()["state"]) == (202, "running")
    assert r.json()["cancel_requested_at"] is not None
    again = ident.client.post(f"/api/v1/jobs/{job_id}/cancel", headers=ident.headers())
    assert (again.status_code, again.json()["code"]) == (409, "job_not_queued")
    assert list(steps) == []
    job = ended(ident, job_id)
    assert (job.state, job.error_code) == ("cancelled", "cancelled")
    # accept_valid keeps the chunks it committed (PostgreSQL writes one more while it plans
    # the next); the other modes leave nothing.
    assert job.households_created == households(ident)
    assert kept <= households(ident) < (len(NUMBERS) if kept else 1)
    assert ("import.completed", "cancelled") in feed_types(ident)
    admin = ident.headers("province_official", "44")
    audit = ident.client.get("/api/v1/audit", params={"limit": 500}, headers=admin).json()["items"]
    finish = next(a for a in audit if a["action"] == "import.finish")
    assert finish["after"]["cancelled_by"] == "county_official-441882"


def test_a_job_cancelled_while_its_worker_was_down_ends_cancelled_on_resume(ident, stopped_worker):
    job_id = uuid.UUID(submit(ident, six_households(), mode="accept_valid")["id"])
    dead = ImportRunner(ident.db, chunk_households=2, stale_after=timedelta(0))
    assert dead.claim() == job_id
    assert ident.client.post(f"/api/v1/jobs/{job_id}/cancel", headers=ident.headers()).status_code == 202
    resumed = ImportRunner(ident.db, stale_after=timedelta(0))
    assert resumed.claim() == job_id
    assert list(resumed.steps(job_id)) == []
    assert (ended(ident, job_id).state, households(ident)) == ("cancelled", 0)


class GatedRunner(ImportRunner):
    """A worker that pauses after its first committed step until the test lets it go on."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.first_step, self.go_on = threading.Event(), threading.Event()

    def steps(self, job_id: uuid.UUID):
        """Yield the first step, then wait, so a cancel always lands mid-job."""
        for done, step in enumerate(super().steps(job_id)):
            yield step
            if done == 0:
                self.first_step.set()
                self.go_on.wait(60)


def test_the_background_worker_stops_a_cancelled_import_before_its_end(ident, stopped_worker):
    total = 600
    job_id = submit(ident, many_households(total), mode="accept_valid")["id"]
    runner = GatedRunner(ident.db, chunk_households=50, cancel_poll_seconds=0, poll_seconds=0.05)
    runner.start()  # the worker's own thread, as in the service
    try:
        assert runner.first_step.wait(60), "the worker never ran the job"
        assert ident.client.post(f"/api/v1/jobs/{job_id}/cancel", headers=ident.headers()).status_code == 202
        runner.go_on.set()
        job = wait(ident, job_id)
    finally:
        runner.go_on.set()
        runner.stop()
    assert job["state"] == "cancelled"
    assert job["households_created"] == households(ident) < total


def test_a_job_past_its_time_limit_fails_and_the_queue_moves_on(ident, stopped_worker):
    slow = uuid.UUID(submit(ident, six_households(), mode="all_or_nothing")["id"])
    other = csv_bytes([csv_row("4418821002019001", "户主", person(1, 1990))])
    next_job = uuid.UUID(submit(ident, other, mode="accept_valid")["id"])
    limited = ImportRunner(ident.db, chunk_households=2, time_limit=timedelta(0))
    assert limited.run_next()
    job = ended(ident, slow)
    assert (job.state, job.error_code, households(ident)) == ("failed", "time_limit_exceeded", 0)
    assert ImportRunner(ident.db).run_next()  # the failed job is never claimed again
    assert (ended(ident, next_job).state, households(ident)) == ("succeeded", 1)
    assert ImportRunner(ident.db).claim() is None


def test_the_service_takes_the_time_limit_from_its_settings(ident):
    app = create_app(ident.settings.model_copy(update={"import_time_limit_seconds": 120}))
    assert runner_for(app).time_limit == timedelta(seconds=120)
    app.state.db.dispose()


def test_a_reset_stops_a_stray_job_so_the_next_test_starts_with_an_empty_queue(ident, stopped_worker):
    gated = GatedRunner(ident.db, chunk_households=50, poll_seconds=0.05)
    ident.app.state.bulk_runner = gated
    try:
        submit(ident, many_households(600), mode="accept_valid")
        gated.start()
        assert gated.first_step.wait(60), "the worker never ran the job"
        stray = gated._thread
        gated.go_on.set()  # the job runs on: the next test's reset must stop it wherever it is
        harness_for("identification")
        assert stray is not None and not stray.is_alive()
        with ident.db.transaction(write=False) as s:
            assert s.execute(select(func.count()).select_from(ImportJob)).scalar_one() == 0
        assert households(ident) == 0
    finally:
        gated.go_on.set()
        gated.stop()
        del ident.app.state.bulk_runner
