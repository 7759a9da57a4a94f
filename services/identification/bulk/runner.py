"""Import jobs on the shared job runner: read, check and write a file a chunk at a time."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, BinaryIO

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from services.identification.bulk import repository as repo
from services.identification.bulk.apply import ChunkPlan, Context, Outcome, apply_chunk, plan_chunk
from services.identification.bulk.parsers import Group, RowError, contains_nul, read_groups
from services.identification.bulk.planning import Candidate, Claim, Scope, check_groups
from services.identification.bulk.schemas import NUL_FREE_HOUSEHOLD, ImportHousehold, ImportMode
from services.identification.models import ImportJob
from services.identification.settings import IMPORT_TIME_LIMIT_SECONDS
from shared.bulk_copy import insert_rows
from shared.db import Database, ServiceSession
from shared.events.identification import ImportCompleted
from shared.jobs.control import JobControl
from shared.jobs.model import JobState
from shared.jobs.runner import JobRunner, collect_now_and_then
from shared.types import utcnow

log = logging.getLogger("suite.bulk")
MAX_ERRORS = 100_000  # a report past this size helps nobody; the counters still count every row
CHUNK_RETRIES = 3  # a chunk that lost a race with an API write is re-matched and retried
_COUNTERS = ("rows_done", "rows_rejected", "households_created", "households_updated",
             "households_unchanged", "households_rejected", "members_added", "members_changed",
             "errors_recorded", "groups_done")


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
    attempt: int
    groups_done: int
    totals: dict[str, int]
    cancelled_by: str | None


class ImportRunner(JobRunner):
    """The worker of import jobs: the shared runner doing `ImportWork`."""

    def __init__(self, db: Database, chunk_households: int = 2000,
                 time_limit: timedelta = timedelta(seconds=IMPORT_TIME_LIMIT_SECONDS),
                 **options: Any) -> None:
        super().__init__(db, ImportJob, ImportWork(db, chunk_households), name="import",
                         time_limit=time_limit, pause_gc=True, **options)


@dataclass(frozen=True)
class ImportWork:
    """What an import job does, for the shared runner."""

    db: Database
    chunk_households: int

    def run(self, job_id: uuid.UUID, control: JobControl) -> Iterator[int]:
        """Import the job's file, yielding the households done after each chunk."""
        with self.db.transaction() as session:  # what a crashed attempt claimed: checked again below
            repo.drop_claims(session, job_id)
        run = _ImportRun(self.db, self.chunk_households, _load(self.db, job_id), control)
        if run.job.mode == ImportMode.ACCEPT_VALID:
            return run.accept_valid()
        return run.single_transaction()

    def fail(self, job_id: uuid.UUID, control: JobControl, state: JobState,
             failure: tuple[str, str, str]) -> None:
        """End the job with the counters it committed so far."""
        job = _load(self.db, job_id)
        _ImportRun(self.db, self.chunk_households, job, control).finish(
            state, Totals(dict(job.totals)), [], failure)


def _load(db: Database, job_id: uuid.UUID) -> _Job:
    with db.transaction(write=False) as session:
        row = repo.get_job(session, job_id)
        assert row is not None
        totals = {name: getattr(row, name) for name in _COUNTERS}
        return _Job(row.id, row.mode, row.file_format, row.encoding, row.region_scope,
                    row.submitted_by, row.attempts, row.groups_done, totals, row.cancel_requested_by)


@dataclass
class _ImportRun:
    """One attempt at one job."""

    db: Database
    chunk_households: int
    job: _Job
    control: JobControl

    def _chunks(self, claim: Claim, scope: Scope, skip: int) -> Iterator[_Chunk]:
        """Read the file and check its households a chunk at a time."""
        with repo.job_file(self.db, self.job.id, self.control.check) as stream:
            today, table = utcnow().date(), self.job.file_format != "ndjson"
            schema = _row_schema(self.job.file_format, stream)
            groups: list[Group] = []
            for seen, group in enumerate(read_groups(stream, self.job.file_format, self.job.encoding,
                                                     self.control.check), 1):
                self.control.check()
                groups.append(group)
                if len(groups) >= self.chunk_households or seen == skip:
                    checked = check_groups(groups, claim, self.db.context.cipher, scope, today, table, schema)
                    if seen > skip:  # chunks committed before a restart are checked only to claim again
                        yield _chunk(groups, checked)
                    groups = []
            if groups:
                yield _chunk(groups, check_groups(groups, claim, self.db.context.cipher, scope, today,
                                                  table, schema))

    def _claims(self, session: Session | None) -> Claim:
        """Claim a chunk's keys in the job's transaction, or without one in a short one of their own."""
        job_id, attempt = self.job.id, self.job.attempt

        def claim(firsts: dict[str, int]) -> dict[str, int]:
            if session is not None:
                return repo.claim_keys(session, job_id, attempt, firsts)
            with self.db.transaction() as own:
                return repo.claim_keys(own, job_id, attempt, firsts)
        return claim

    def _scope(self) -> Scope:
        with self.db.transaction(write=False) as session:
            return Scope(self.job.region, repo.region_levels(session, self.job.region))

    def _context(self, write: bool) -> Context:
        return Context(actor=self.job.actor, job_id=self.job.id, region=self.job.region, write=write,
                       table=self.job.file_format != "ndjson")

    def accept_valid(self) -> Iterator[int]:
        """Commit chunk by chunk; a restart resumes after the last committed chunk."""
        totals, ctx = Totals(dict(self.job.totals)), self._context(True)
        chunks = self._chunks(self._claims(None), self._scope(), self.job.groups_done)
        if self.db.dialect == "postgresql":
            yield from self._pipelined(ctx, chunks, totals)
        else:  # SQLite has one writer at a time: no second transaction can plan ahead
            for number, chunk in enumerate(chunks, 1):
                self._commit_chunk(ctx, chunk, totals)
                collect_now_and_then(number)
                yield totals.values["groups_done"]
        self.finish(JobState.SUCCEEDED, totals, [], None)

    def _pipelined(self, ctx: Context, chunks: Iterator[_Chunk],
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
                pending = writer.submit(self._write_planned, ctx, chunk,
                                        (session, planned, outcome), totals)
                collect_now_and_then(number)
            if pending is not None:
                pending.result()
                yield totals.values["groups_done"]

    def _write_planned(self, ctx: Context, chunk: _Chunk,
                       planned: tuple[Session, ChunkPlan, Outcome], totals: Totals) -> None:
        """Write and commit a planned chunk; on a lost race, plan it again from scratch."""
        session, plan, outcome = planned
        try:
            plan.flush()
            trial = self._progress(session, chunk, outcome, totals)
            session.commit()
        except IntegrityError:
            session.rollback()
            log.info("import chunk of job %s raced a concurrent write; retrying", self.job.id)
            self._commit_chunk(ctx, chunk, totals)
            return
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()
        totals.values = trial.values

    def _progress(self, session: Session, chunk: _Chunk, outcome: Outcome,
                  totals: Totals) -> Totals:
        """Store a chunk's errors and the job's new counters in the chunk's transaction."""
        kept = _keep(outcome.errors, totals.values["errors_recorded"])
        _store_errors(session, self.job.id, kept)
        trial = Totals(dict(totals.values))
        trial.add(outcome, len(chunk.groups), len(kept))
        trial.values["rows_done"] += chunk.rows
        self.control.save(session, trial.values)
        return trial

    def _commit_chunk(self, ctx: Context, chunk: _Chunk, totals: Totals) -> None:
        for attempt in range(CHUNK_RETRIES):
            outcome = _copy_outcome(chunk.outcome)
            try:
                with self.db.transaction() as session:
                    apply_chunk(session, ctx, chunk.candidates, outcome)
                    trial = self._progress(session, chunk, outcome, totals)
                totals.values = trial.values
                return
            except IntegrityError:
                if attempt == CHUNK_RETRIES - 1:
                    raise
                log.info("import chunk of job %s raced a concurrent write; retrying", self.job.id)

    def single_transaction(self) -> Iterator[int]:
        """Validate (and for all_or_nothing write) in ONE transaction: a crash leaves nothing."""
        write = self.job.mode == ImportMode.ALL_OR_NOTHING
        session = self.db.new_session(write=write)
        totals, errors = Totals(), []
        try:
            ctx = self._context(write)
            # An all_or_nothing job claims in its own transaction (on SQLite it holds the only
            # write lock); a validate_only job must not hold it, so it claims a chunk at a time.
            claims = self._claims(session if write else None)
            for chunk in self._chunks(claims, self._scope(), 0):
                if errors:
                    ctx = self._context(False)  # doomed: keep checking, stop writing
                apply_chunk(session, ctx, chunk.candidates, chunk.outcome)
                session.journal.seal(session)  # journal rows go to the open transaction, not to memory
                kept = _keep(chunk.outcome.errors, len(errors))
                errors.extend(kept)
                totals.add(chunk.outcome, len(chunk.groups), len(kept))
                totals.values["rows_done"] += chunk.rows
                self._beat(totals, write)
                collect_now_and_then(totals.values["groups_done"] // self.chunk_households)
                yield totals.values["groups_done"]
            if write and not totals.values["households_rejected"]:
                self.finish(JobState.SUCCEEDED, totals, [], None, session)
                session.commit()
                return
            session.rollback()
        finally:
            session.close()
        self._finish_unwritten(totals, errors)

    def _finish_unwritten(self, totals: Totals, errors: list[RowError]) -> None:
        if self.job.mode == ImportMode.VALIDATE_ONLY:
            self.finish(JobState.SUCCEEDED, totals, errors, None)
            return
        for name in ("households_created", "households_updated", "members_added",
                     "members_changed", "households_unchanged"):
            totals.values[name] = 0  # all or nothing: nothing was written
        self.finish(JobState.FAILED, totals, errors,
                     ("rows_rejected", "Rows were rejected, so nothing was imported",
                      "存在被拒绝的行，整批未导入"))

    def _beat(self, totals: Totals, write: bool) -> None:
        """Show progress and prove liveness from a second connection.

        On SQLite an all_or_nothing job holds the only write lock, so it cannot beat
        until it commits; there the stale timeout must exceed its running time.
        """
        if write and self.db.dialect == "sqlite":
            return
        self.control.beat({k: totals.values[k] for k in ("rows_done", "rows_rejected")})

    def finish(self, state: JobState, totals: Totals, errors: list[RowError],
               failure: tuple[str, str, str] | None, session: ServiceSession | None = None) -> None:
        """Record the job's outcome, drop its file, audit it and publish ImportCompleted."""
        if session is None:
            with self.db.transaction() as own:
                self.finish(state, totals, errors, failure, own)
            return
        _store_errors(session, self.job.id, errors)
        repo.drop_claims(session, self.job.id)
        repo.delete_file(session, self.job.id)  # only a restart needed it; the register holds the rest
        code, message, message_zh = failure or (None, None, None)
        values = {**totals.values, "state": state, "finished_at": utcnow(),
                  "error_code": code, "error_message": message, "error_message_zh": message_zh}
        self.control.save(session, values)
        v = totals.values
        after = {"state": state, "mode": self.job.mode, "error_code": code, **{k: v[k] for k in _COUNTERS}}
        if state == JobState.CANCELLED:
            after["cancelled_by"] = self.job.cancelled_by
        session.journal.record(
            ImportCompleted(job_id=str(self.job.id), state=state, mode=self.job.mode,
                            rows_done=v["rows_done"], rows_rejected=v["rows_rejected"],
                            households_created=v["households_created"],
                            households_updated=v["households_updated"], members_added=v["members_added"],
                            members_changed=v["members_changed"], region_code=self.job.region),
            actor=self.job.actor, action="import.finish", after=after)


def _chunk(groups: list[Group], checked: list[Candidate | list[RowError]]) -> _Chunk:
    """Sort a chunk's checked households into candidates and rejections."""
    chunk = _Chunk(groups=groups, rows=sum(g.row_count for g in groups))
    for group, result in zip(groups, checked, strict=True):
        if isinstance(result, Candidate):
            chunk.candidates.append(result)
        else:
            chunk.outcome.rejected += 1
            chunk.outcome.rows_rejected += group.row_count
            chunk.outcome.errors.extend(result)
    return chunk


def _row_schema(file_format: str, stream: BinaryIO) -> type[ImportHousehold]:
    """Pick the row schema; a CSV without a 0x00 byte decodes to text without NUL (UTF-8, GBK)."""
    if file_format == "csv" and not contains_nul(stream):
        return NUL_FREE_HOUSEHOLD
    return ImportHousehold


def _copy_outcome(outcome: Outcome) -> Outcome:
    return Outcome(rejected=outcome.rejected, rows_rejected=outcome.rows_rejected,
                   errors=list(outcome.errors))


def _keep(errors: list[RowError], recorded: int) -> list[RowError]:
    return errors[:max(MAX_ERRORS - recorded, 0)]


def _store_errors(session: Session, job_id: uuid.UUID, errors: list[RowError]) -> None:
    insert_rows(session, repo.ERRORS, [
        {"job_id": job_id, "row": e.row, "household_no": (e.household_no or None) and
         str(e.household_no)[:32], "field": e.field[:64], "code": e.code[:64],
         "message": e.message, "message_zh": e.message_zh} for e in errors])
