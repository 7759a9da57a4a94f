"""The worker thread: claims jobs, runs their work, and ends them however they end."""

from __future__ import annotations

import gc
import logging
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from datetime import timedelta
from typing import Protocol

from sqlalchemy.exc import OperationalError

from shared.db import Database
from shared.errors import log_failure
from shared.jobs import queries
from shared.jobs.control import Cancelled, JobControl, JobFailure, LostJob, Stopped, TimedOut
from shared.jobs.model import JobState
from shared.jobs.queries import JobTable
from shared.types import utcnow

log = logging.getLogger("suite.jobs")
COLLECT_EVERY = 20  # steps between cyclic collections while the collector is paused
_CANCELLED = ("cancelled", "The job was cancelled while it ran", "任务在运行中被取消")


class JobWork(Protocol):
    """What one kind of job does."""

    def run(self, job_id: uuid.UUID, control: JobControl) -> Iterator[int]:
        """Do the job, yielding progress after each committed step; end it on success."""
        ...

    def fail(self, job_id: uuid.UUID, control: JobControl, state: JobState,
             failure: tuple[str, str, str]) -> None:
        """End the job as failed or cancelled: (code, message, message in Chinese)."""
        ...


@contextmanager
def collector_paused() -> Iterator[None]:
    """Stop the cyclic collector while a job runs; the work collects after its steps instead.

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


def collect_now_and_then(steps_done: int) -> None:
    """Free the cyclic garbage of the last steps (a few dozen objects each) while paused."""
    if steps_done % COLLECT_EVERY == 0:
        gc.collect(1)  # scans only what survived since the last time, ~50 ms


class JobRunner:
    """Claims queued jobs (or ones whose worker died) of one table and runs them, one at a time."""

    def __init__(self, db: Database, table: JobTable, work: JobWork, *, name: str,
                 time_limit: timedelta, stale_after: timedelta = timedelta(seconds=60),
                 poll_seconds: float = 2.0, cancel_poll_seconds: float = 1.0, max_attempts: int = 3,
                 pause_gc: bool = False) -> None:
        self.db, self.table, self.work, self.name = db, table, work, name
        self.time_limit = time_limit
        self.stale_after = stale_after
        self.poll_seconds = poll_seconds
        self.cancel_poll_seconds = cancel_poll_seconds
        self.max_attempts = max_attempts  # a job that took its worker down this often is failed
        self.pause_gc = pause_gc
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
            self._thread = threading.Thread(target=self._loop, name=f"{self.name}-worker", daemon=True)
            self._thread.start()

    def wake(self) -> None:
        """Tell the worker a job is waiting, starting it unless it was stopped on purpose."""
        if not self._stopped:
            self.start()
        self._wake.set()

    def stop(self, timeout: float = 30.0) -> None:
        """Stop the worker at its job's next check (within seconds); waking it no longer starts it.

        The job it ran stays running: a worker resumes it once its heartbeat is stale.
        """
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
                log.warning("%s worker cannot reach the database: %s", self.name, type(exc.orig).__name__)
                ran = False
            except Exception as exc:  # keep the worker alive; the job itself was marked failed
                log_failure(log, "%s worker error", self.name, exc=exc)
                ran = False
            if not ran:
                self._wake.wait(self.poll_seconds)
                self._wake.clear()

    def claim(self) -> uuid.UUID | None:
        """Take the oldest waiting or abandoned job; None when there is none."""
        now = utcnow()
        with self.db.transaction(write=False) as session:  # polls must not lock SQLite
            job_id = queries.claimable_job(session, self.table, now - self.stale_after)
        if job_id is None:
            return None
        with self.db.transaction() as session:
            claimed = queries.claim_job(session, self.table, job_id, self.owner, now,
                                        now - self.stale_after)
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
        """Run a claimed job, yielding its progress after each committed step."""
        control = JobControl(self.db, self.table, job_id, self.owner,
                             time.monotonic() + self.time_limit.total_seconds(), self.cancel_poll_seconds,
                             stopping=self._stop)
        with self.db.transaction(write=False) as session:
            attempts, cancelled = queries.job_status(session, self.table, job_id)
        if cancelled:  # cancelled while its worker was down
            self.work.fail(job_id, control, JobState.CANCELLED, _CANCELLED)
            return
        if attempts > self.max_attempts:
            self.work.fail(job_id, control, JobState.FAILED, (
                "attempts_exhausted", f"The job was interrupted {self.max_attempts} times",
                f"任务已中断 {self.max_attempts} 次"))
            return
        try:
            with collector_paused() if self.pause_gc else nullcontext():
                yield from self.work.run(job_id, control)
        except LostJob:
            log.warning("%s job %s was taken over by another worker", self.name, job_id)
        except Stopped:
            log.info("%s job %s left running for a later worker: this one stops", self.name, job_id)
        except OperationalError:
            raise  # the database went away: the job stays running and resumes once it is stale
        except Cancelled:
            self.work.fail(job_id, control, JobState.CANCELLED, _CANCELLED)
        except TimedOut:
            limit = int(self.time_limit.total_seconds())
            self.work.fail(job_id, control, JobState.FAILED, (
                "time_limit_exceeded", f"The job ran longer than its limit of {limit} s",
                f"任务运行超过时限 {limit} 秒"))
        except JobFailure as exc:
            self.work.fail(job_id, control, JobState.FAILED, (exc.code, exc.message, exc.message_zh))
        except Exception as exc:  # logged by type and place: a message may quote the file's values
            log_failure(log, "%s job %s failed", self.name, job_id, exc=exc)
            self.work.fail(job_id, control, JobState.FAILED, (
                "internal_error", "The job stopped on an unexpected error", "任务因意外错误而中止"))
