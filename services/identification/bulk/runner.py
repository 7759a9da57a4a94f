"""The background worker that runs import jobs, and resumes those a dead process left running."""

from __future__ import annotations

import gc
import logging
import threading
import uuid
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from services.identification.bulk import repository as repo
from services.identification.bulk.apply import ChunkPlan, Context, Outcome, apply_chunk, plan_chunk
from services.identification.bulk.parsers import Group, ImportFileError, RowError, read_groups
from services.identification.bulk.planning import Candidate, Scope, check_group
from services.identification.bulk.rules import InFileIndex
from services.identification.bulk.schemas import (
    NUL_FREE_HOUSEHOLD,
    ImportHousehold,
    ImportMode,
    JobState,
)
from shared.db import Database
from shared.events.identification import ImportCompleted
from shared.types import utcnow

log = logging.getLogger("suite.bulk")
MAX_ERRORS = 100_000  # a report past this size helps nobody; the counters still count every row
CHUNK_RETRIES = 3  # a chunk that lost a race with an API write is re-matched and retried
COLLECT_EVERY = 20  # chunks between cyclic collections while a job runs
MAX_ATTEMPTS = 3  # a job that took its worker down this often is failed, not retried forever
_COUNTERS = ("rows_done", "rows_rejected", "households_created", "households_updated",
             "households_unchanged", "households_rejected", "members_added", "members_changed",
             "errors_recorded", "groups_done")


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Stop the cyclic collector while a job runs; the loops collect after each chunk instead.

    Left on, it rescans a chunk's thousands of live rows and models every 700 allocations:
    about a fifth of an import's time, measured.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _collect_now_and_then(chunks_done: int) -> None:
    """Free the cyclic garbage of the last chunks (a few dozen objects each) while paused."""
    if chunks_done % COLLECT_EVERY == 0:
        gc.collect(1)  # scans only what survived since the last time, ~50 ms


class LostJob(Exception):
    """Another worker took the job over; this one stops without writing."""


@dataclass
class Totals:
    """A job's running counters."""

    values: dict[str, int] = field(default_factory=lambda: dict.fromkeys(_COUNTERS, 0))

    def add(self, outcome: Outcome, groups: int, errors_kept: int) -> None:
        """Add a chunk's outcome."""
        v = self.values
        v["rows_rejected"] += outcome.rows_rejected
        v["households_created"] += outcome.created
        v["households_updated"] += outcome.updated
        v["households_unchanged"] += outcome.unchanged
        v["households_rejected"] += outcome.rejected
        v["members_added"] += outcome.members_added
        v["members_changed"] += outcome.members_changed
        v["errors_recorded"] += errors_kept
        v["groups_done"] += groups


@dataclass
class _Chunk:
    groups: list[Group] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    outcome: Outcome = field(default_factory=Outcome)
    rows: int = 0


@dataclass(frozen=True)
class _Job:
    id: uuid.UUID
    mode: str
    file_format: str
    encoding: str
    region: str
    actor: str
    groups_done: int
    attempts: int
    totals: dict[str, int]


class JobRunner:
    """Claims queued jobs (or ones whose worker died) and runs them, one at a time."""

    def __init__(self, db: Database, chunk_households: int = 2000,
                 stale_after: timedelta = timedelta(seconds=60), poll_seconds: float = 2.0) -> None:
        self.db = db
        self.chunk_households = chunk_households
        self.stale_after = stale_after
        self.poll_seconds = poll_seconds
        self.owner = str(uuid.uuid4())
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._stopped = False

    def start(self) -> None:
        """Start the worker thread unless it runs already."""
        with self._lock:
            self._stopped = False
            if self._thread is not None and self._thread.is_alive():
                return
            self._stop.clear()
            self._thread = threading.Thread(target=self._loop, name="import-worker", daemon=True)
            self._thread.start()

    def wake(self) -> None:
        """Tell the worker a job is waiting, starting it unless it was stopped on purpose."""
        if not self._stopped:
            self.start()
        self._wake.set()

    def stop(self, timeout: float = 30.0) -> None:
        """Stop the worker after the chunk it is writing; waking it no longer starts it."""
        self._stopped = True
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                ran = self.run_next()
            except OperationalError as exc:  # database away: try again at the next poll
                log.warning("import worker cannot reach the database: %s", type(exc.orig).__name__)
                ran = False
            except Exception:  # keep the worker alive; the job itself was marked failed
                log.exception("import worker error")
                ran = False
            if not ran:
                self._wake.wait(self.poll_seconds)
                self._wake.clear()

    def claim(self) -> uuid.UUID | None:
        """Take the oldest waiting or abandoned job; None when there is none."""
        now = utcnow()
        with self.db.transaction(write=False) as session:  # polls must not lock SQLite
            job_id = repo.claimable_job(session, now - self.stale_after)
        if job_id is None:
            return None
        with self.db.transaction() as session:
            claimed = repo.claim_job(session, job_id, self.owner, now, now - self.stale_after)
        return job_id if claimed else None

    def run_next(self) -> bool:
        """Claim and run one job; False when none was waiting."""
        job_id = self.claim()
        if job_id is None:
            return False
        for _ in self.steps(job_id):
            if self._stop.is_set():
                return True  # the job stays running; a later start resumes it
        return True

    def steps(self, job_id: uuid.UUID) -> Iterator[int]:
        """Run a claimed job, yielding the households done after each chunk."""
        job = self._load(job_id)
        if job.attempts > MAX_ATTEMPTS:
            self._finish(job, JobState.FAILED, Totals(dict(job.totals)), [],
                         ("attempts_exhausted", f"The import was interrupted {MAX_ATTEMPTS} times",
                          f"导入已中断 {MAX_ATTEMPTS} 次"))
            return
        try:
            with _collector_paused():
                if job.mode == ImportMode.ACCEPT_VALID:
                    yield from self._accept_valid(job)
                else:
                    yield from self._single_transaction(job)
        except LostJob:
            log.warning("import job %s was taken over by another worker", job_id)
        except OperationalError:
            raise  # the database went away: the job stays running and resumes once it is stale
        except ImportFileError as exc:
            self._finish(job, JobState.FAILED, Totals(dict(job.totals)), [],
                         (exc.code, exc.message, exc.message_zh))
        except Exception:
            log.exception("import job %s failed", job_id)
            self._finish(job, JobState.FAILED, Totals(dict(job.totals)), [],
                         ("internal_error", "The import stopped on an unexpected error",
                          "导入因意外错误而中止"))

    def _load(self, job_id: uuid.UUID) -> _Job:
        with self.db.transaction(write=False) as session:
            row = repo.get_job(session, job_id)
            assert row is not None
            totals = {name: getattr(row, name) for name in _COUNTERS}
            return _Job(row.id, row.mode, row.file_format, row.encoding, row.region_scope,
                        row.submitted_by, row.groups_done, row.attempts, totals)

    def _chunks(self, job: _Job, index: InFileIndex, scope: Scope,
                skip: int) -> Iterator[_Chunk]:
        """Read the file and check each household on its own, a chunk at a time."""
        with self.db.transaction(write=False) as session:
            content = repo.job_file(session, job.id)
        today, table = utcnow().date(), job.file_format != "ndjson"
        schema = _row_schema(job.file_format, content)
        chunk, seen = _Chunk(), 0
        for group in read_groups(content, job.file_format, job.encoding):
            checked = check_group(group, index, scope, today, table, schema)
            seen += 1
            if seen <= skip:
                continue  # committed before a restart; checked again only to rebuild the index
            chunk.groups.append(group)
            chunk.rows += group.row_count
            if isinstance(checked, Candidate):
                chunk.candidates.append(checked)
            else:
                chunk.outcome.rejected += 1
                chunk.outcome.rows_rejected += group.row_count
                chunk.outcome.errors.extend(checked)
            if len(chunk.groups) >= self.chunk_households:
                yield chunk
                chunk = _Chunk()
        if chunk.groups:
            yield chunk

    def _scope(self, job: _Job) -> Scope:
        with self.db.transaction(write=False) as session:
            return Scope(job.region, repo.region_levels(session, job.region))

    def _context(self, job: _Job, write: bool) -> Context:
        return Context(actor=job.actor, job_id=job.id, region=job.region, write=write,
                       table=job.file_format != "ndjson")

    def _accept_valid(self, job: _Job) -> Iterator[int]:
        """Commit chunk by chunk; a restart resumes after the last committed chunk."""
        totals, ctx = Totals(dict(job.totals)), self._context(job, True)
        chunks = self._chunks(job, InFileIndex(), self._scope(job), job.groups_done)
        if self.db.dialect == "postgresql":
            yield from self._pipelined(job, ctx, chunks, totals)
        else:  # SQLite has one writer at a time: no second transaction can plan ahead
            for number, chunk in enumerate(chunks, 1):
                self._commit_chunk(job, ctx, chunk, totals)
                _collect_now_and_then(number)
                yield totals.values["groups_done"]
        self._finish(job, JobState.SUCCEEDED, totals, [], None)

    def _pipelined(self, job: _Job, ctx: Context, chunks: Iterator[_Chunk],
                   totals: Totals) -> Iterator[int]:
        """Plan each chunk while a second thread writes and commits the one before it.

        PostgreSQL ingests a chunk's COPY on the other core for about as long as Python takes
        to read, validate and build the next one; the writer waits on the socket without the
        GIL, so the two overlap. Chunks still commit one at a time in file order, so restarts
        resume as before. A chunk is planned before the previous one committed, which it
        never needs to see: a file lists each household and each person once.
        """
        pending: Future[None] | None = None
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="import-writer") as writer:
            for number, chunk in enumerate(chunks, 1):
                session = self.db.new_session()
                try:
                    outcome = _copy_outcome(chunk.outcome)
                    planned = plan_chunk(session, ctx, chunk.candidates, outcome)
                    if pending is not None:
                        pending.result()  # the writer's error, if any, surfaces here
                        pending = None
                        yield totals.values["groups_done"]
                except BaseException:
                    session.rollback()
                    session.close()
                    raise
                pending = writer.submit(self._write_planned, job, ctx, chunk,
                                        (session, planned, outcome), totals)
                _collect_now_and_then(number)
            if pending is not None:
                pending.result()
                yield totals.values["groups_done"]

    def _write_planned(self, job: _Job, ctx: Context, chunk: _Chunk,
                       planned: tuple[Session, ChunkPlan, Outcome], totals: Totals) -> None:
        """Write and commit a planned chunk; on a lost race, plan it again from scratch."""
        session, plan, outcome = planned
        try:
            plan.flush()
            trial = self._progress(session, job, chunk, outcome, totals)
            session.commit()
        except IntegrityError:
            session.rollback()
            log.info("import chunk of job %s raced a concurrent write; retrying", job.id)
            self._commit_chunk(job, ctx, chunk, totals)
            return
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()
        totals.values = trial.values

    def _progress(self, session: Session, job: _Job, chunk: _Chunk, outcome: Outcome,
                  totals: Totals) -> Totals:
        """Store a chunk's errors and the job's new counters in the chunk's transaction."""
        kept = _keep(outcome.errors, totals.values["errors_recorded"])
        _store_errors(session, job.id, kept)
        trial = Totals(dict(totals.values))
        trial.add(outcome, len(chunk.groups), len(kept))
        trial.values["rows_done"] += chunk.rows
        self._save(session, job, trial.values)
        return trial

    def _commit_chunk(self, job: _Job, ctx: Context, chunk: _Chunk, totals: Totals) -> None:
        for attempt in range(CHUNK_RETRIES):
            outcome = _copy_outcome(chunk.outcome)
            try:
                with self.db.transaction() as session:
                    apply_chunk(session, ctx, chunk.candidates, outcome)
                    trial = self._progress(session, job, chunk, outcome, totals)
                totals.values = trial.values
                return
            except IntegrityError:
                if attempt == CHUNK_RETRIES - 1:
                    raise
                log.info("import chunk of job %s raced a concurrent write; retrying", job.id)

    def _save(self, session: Session, job: _Job, values: dict[str, Any]) -> None:
        if not repo.save_progress(session, job.id, self.owner, {**values, "heartbeat_at": utcnow()}):
            raise LostJob(str(job.id))

    def _single_transaction(self, job: _Job) -> Iterator[int]:
        """Validate (and for all_or_nothing write) in ONE transaction: a crash leaves nothing."""
        write = job.mode == ImportMode.ALL_OR_NOTHING
        session = self.db.new_session(write=write)
        totals, errors = Totals(), []
        try:
            ctx = self._context(job, write)
            for chunk in self._chunks(job, InFileIndex(), self._scope(job), 0):
                if errors:
                    ctx = self._context(job, False)  # doomed: keep checking, stop writing
                apply_chunk(session, ctx, chunk.candidates, chunk.outcome)
                session.journal.seal(session)  # journal rows go to the open transaction, not to memory
                kept = _keep(chunk.outcome.errors, len(errors))
                errors.extend(kept)
                totals.add(chunk.outcome, len(chunk.groups), len(kept))
                totals.values["rows_done"] += chunk.rows
                self._beat(job, totals, write)
                _collect_now_and_then(totals.values["groups_done"] // self.chunk_households)
                yield totals.values["groups_done"]
            if write and not totals.values["households_rejected"]:
                self._finish(job, JobState.SUCCEEDED, totals, [], None, session)
                session.commit()
                return
            session.rollback()
        finally:
            session.close()
        self._finish_unwritten(job, totals, errors)

    def _finish_unwritten(self, job: _Job, totals: Totals, errors: list[RowError]) -> None:
        if job.mode == ImportMode.VALIDATE_ONLY:
            self._finish(job, JobState.SUCCEEDED, totals, errors, None)
            return
        for name in ("households_created", "households_updated", "members_added",
                     "members_changed", "households_unchanged"):
            totals.values[name] = 0  # all or nothing: nothing was written
        self._finish(job, JobState.FAILED, totals, errors,
                     ("rows_rejected", "Rows were rejected, so nothing was imported",
                      "存在被拒绝的行，整批未导入"))

    def _beat(self, job: _Job, totals: Totals, write: bool) -> None:
        """Show progress and prove liveness from a second connection.

        On SQLite an all_or_nothing job holds the only write lock, so it cannot beat
        until it commits; there the stale timeout must exceed its running time.
        """
        if write and self.db.dialect == "sqlite":
            return
        with self.db.transaction() as session:
            progress = {k: totals.values[k] for k in ("rows_done", "rows_rejected")}
            self._save(session, job, progress)

    def _finish(self, job: _Job, state: JobState, totals: Totals, errors: list[RowError],
                failure: tuple[str, str, str] | None, session: Session | None = None) -> None:
        if session is None:
            with self.db.transaction() as own:
                self._finish(job, state, totals, errors, failure, own)
            return
        _store_errors(session, job.id, errors)
        repo.delete_file(session, job.id)  # only a restart needed it; the register holds the rest
        code, message, message_zh = failure or (None, None, None)
        values = {**totals.values, "state": state, "finished_at": utcnow(), "heartbeat_at": utcnow(),
                  "error_code": code, "error_message": message, "error_message_zh": message_zh}
        self._save(session, job, values)
        v = totals.values
        session.journal.record(
            ImportCompleted(job_id=str(job.id), state=state, mode=job.mode, rows_done=v["rows_done"],
                            rows_rejected=v["rows_rejected"], households_created=v["households_created"],
                            households_updated=v["households_updated"], members_added=v["members_added"],
                            members_changed=v["members_changed"], region_code=job.region),
            actor=job.actor, action="import.finish",
            after={"state": state, "mode": job.mode, "error_code": code, **{k: v[k] for k in _COUNTERS}})


def _row_schema(file_format: str, content: bytes) -> type[ImportHousehold]:
    """Pick the row schema; a CSV without a 0x00 byte decodes to text without NUL (UTF-8, GBK)."""
    if file_format == "csv" and b"\x00" not in content:
        return NUL_FREE_HOUSEHOLD
    return ImportHousehold


def _copy_outcome(outcome: Outcome) -> Outcome:
    return Outcome(rejected=outcome.rejected, rows_rejected=outcome.rows_rejected,
                   errors=list(outcome.errors))


def _keep(errors: list[RowError], recorded: int) -> list[RowError]:
    return errors[:max(MAX_ERRORS - recorded, 0)]


def _store_errors(session: Session, job_id: uuid.UUID, errors: list[RowError]) -> None:
    repo.insert_rows(session, repo.ERRORS, [
        {"job_id": job_id, "row": e.row, "household_no": (e.household_no or None) and
         str(e.household_no)[:32], "field": e.field[:64], "code": e.code[:64],
         "message": e.message, "message_zh": e.message_zh} for e in errors])
