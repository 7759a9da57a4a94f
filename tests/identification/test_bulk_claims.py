"""In-file duplicates are claimed in the database a chunk at a time: found however far apart the
rows are, forgotten when the job ends or resumes, and the import's memory stays the same whatever
the file's length."""

from __future__ import annotations

import gc
import tracemalloc
import uuid
from datetime import date, timedelta

import pytest
from sqlalchemy import update

from services.identification.bulk import repository as bulk_repo
from services.identification.bulk.runner import ImportRunner
from services.identification.demo import compose_id_number
from services.identification.models import ImportJob
from shared.types import utcnow
from tests.identification.bulk_support import (
    claims_of,
    csv_bytes,
    csv_row,
    ended,
    errors_of,
    person,
    submit,
)

CHUNK = 3  # households a chunk: the duplicates below lie many chunks apart


def number(i: int) -> str:
    """Return the i-th household number of the demo village."""
    return f"441882100201{i:03d}"


def far_apart_duplicates(count: int = 40) -> tuple[bytes, dict[str, int]]:
    """One-person households; the last repeats the first's number, the one before the second's person."""
    rows = [csv_row(number(i), f"户主{i}", person(2 * i + 1)) for i in range(count)]
    rows.append(csv_row(number(count), "重复者", person(3)))  # household 1's person
    rows.append(csv_row(number(0), "重复户", person(2 * count + 3)))  # household 0's number
    return csv_bytes(rows), {"person_row": count + 2, "household_row": count + 3}


def run(ident, job_id: uuid.UUID, chunk: int = CHUNK) -> None:
    """Run a queued job to its end in a worker of the test's own."""
    runner = ImportRunner(ident.db, chunk_households=chunk)
    assert runner.claim() == job_id
    for _ in runner.steps(job_id):
        pass


def test_the_row_that_first_claims_a_key_keeps_it(ident):
    job_id = uuid.uuid4()
    with ident.db.transaction() as s:
        assert bulk_repo.claim_keys(s, job_id, 1, {"p": 2}) == {}
        assert bulk_repo.claim_keys(s, job_id, 1, {"p": 2}) == {"p": 2}  # its own row: no duplicate
        assert bulk_repo.claim_keys(s, job_id, 1, {"p": 7, "h": 7}) == {"p": 2}
        assert bulk_repo.claim_keys(s, job_id, 1, {"h": 9}) == {"h": 7}
        assert bulk_repo.claim_keys(s, job_id, 2, {"p": 9}) == {}  # another attempt starts afresh
        bulk_repo.drop_claims(s, job_id)


@pytest.mark.parametrize(("mode", "state"), [("accept_valid", "succeeded"),
                                             ("validate_only", "succeeded"),
                                             ("all_or_nothing", "failed")])
def test_duplicates_many_chunks_apart_are_found_and_the_claims_then_dropped(ident, stopped_worker,
                                                                           mode, state):
    content, at = far_apart_duplicates()
    job_id = uuid.UUID(submit(ident, content, mode=mode)["id"])
    run(ident, job_id)
    assert ended(ident, job_id).state == state  # ended() checks no claim is left
    assert [(e["row"], e["code"], e["message"]) for e in errors_of(ident, str(job_id))] == [
        (at["person_row"], "person_repeated_in_file",
         "This person is also listed in the household at row 3"),
        (at["household_row"], "household_no_repeated",
         f"Household {number(0)} already appeared at row 2; list a household's members together")]


def test_a_job_resumed_after_a_crash_drops_the_dead_attempts_claims_and_still_finds_duplicates(
        ident, stopped_worker):
    content, at = far_apart_duplicates()
    job_id = uuid.UUID(submit(ident, content, mode="accept_valid")["id"])
    dead = ImportRunner(ident.db, chunk_households=CHUNK)
    assert dead.claim() == job_id
    steps = dead.steps(job_id)
    next(steps)
    steps.close()  # killed: its claims of the chunks it checked stay behind
    assert claims_of(ident, job_id, attempt=1) >= 2 * CHUNK
    with ident.db.transaction() as s:
        s.execute(update(ImportJob).where(ImportJob.id == job_id)
                  .values(heartbeat_at=utcnow() - timedelta(minutes=5)))
    resumed = ImportRunner(ident.db, chunk_households=CHUNK)
    assert resumed.claim() == job_id
    steps = resumed.steps(job_id)
    next(steps)
    assert claims_of(ident, job_id, attempt=1) == 0
    assert claims_of(ident, job_id, attempt=2) > 0
    list(steps)
    job = ended(ident, job_id)
    assert (job.state, job.attempts, job.households_created) == ("succeeded", 2, 40)
    # the rows named were checked before the crash: the resumed attempt claimed them again
    assert [(e["row"], e["code"]) for e in errors_of(ident, str(job_id))] == [
        (at["person_row"], "person_repeated_in_file"), (at["household_row"], "household_no_repeated")]


def test_a_job_failing_on_an_error_drops_its_claims(ident, stopped_worker, monkeypatch):
    job_id = uuid.UUID(submit(ident, far_apart_duplicates()[0], mode="accept_valid")["id"])
    calls = []
    real = bulk_repo.households_by_number

    def failing(session, numbers):
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("the disk is full")
        return real(session, numbers)
    monkeypatch.setattr(bulk_repo, "households_by_number", failing)
    run(ident, job_id)
    job = ended(ident, job_id)
    assert (job.state, job.error_code) == ("failed", "internal_error")


def traced_growth(ident, households: int, early: int, late: int) -> tuple[int, int]:
    """Import four-person households; return the memory the import holds after `early` and `late` of them.

    Each is read after a full collection, so what is counted is what the import keeps, not the
    garbage of its last chunk; both fall inside full stored chunks of the upload (1 MiB each).
    """
    born = [date(1930, 1, 1) + timedelta(days=i) for i in range(households)]
    rows = [csv_row(f"4418821002{i:05d}", f"成员{i}{m}", compose_id_number("441882", born[i], 2 * m + 1),
                    "户主" if m == 0 else "之子") for i in range(households) for m in range(4)]
    job_id = uuid.UUID(submit(ident, csv_bytes(rows), mode="validate_only")["id"])
    runner = ImportRunner(ident.db, chunk_households=50)
    assert runner.claim() == job_id
    held = {}
    tracemalloc.start()
    try:
        for done in runner.steps(job_id):
            if done in (early, late):
                gc.collect()
                held[done] = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    job = ended(ident, job_id)
    assert (job.state, job.households_created, job.households_rejected) == ("succeeded", households, 0)
    return held[early], held[late]


def test_import_memory_does_not_grow_with_the_number_of_rows(ident, stopped_worker):
    # By 3,000 households pydantic-core's cache of short strings is full (about 1.5 MB, ~18,000
    # strings, measured flat from there to 9,000): from then on nothing may grow.
    early, late = traced_growth(ident, 6500, 3000, 6000)
    # 15,000 more people and household numbers checked: the old in-memory index grew by ~100
    # bytes each (1.5 MB); the claims in the database cost the import's memory nothing
    assert late - early < 256 * 1024, f"{early} -> {late} bytes"
