"""What a running job holds: its ownership, its clock and the ways it is told to stop."""

from __future__ import annotations

import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from shared.db import Database
from shared.jobs import queries
from shared.jobs.queries import JobTable
from shared.types import utcnow


class JobFailure(Exception):
    """A job cannot go on for a reason its submitter should read (raised by a job's work)."""

    def __init__(self, code: str, message: str, message_zh: str) -> None:
        super().__init__(message)
        self.code, self.message, self.message_zh = code, message, message_zh


class Interrupted(Exception):
    """The job must stop now; its work rolls back what it has not committed."""


class LostJob(Interrupted):
    """Another worker took the job over; this one stops without writing."""


class Cancelled(Interrupted):
    """Someone cancelled the job while it ran."""


class TimedOut(Interrupted):
    """The job ran past its time limit."""


class Stopped(Interrupted):
    """The worker is stopping: the job stays running and a worker resumes it once it is stale."""


@dataclass
class JobControl:
    """Handed to a job's work: `check()` often, `save()` in each committed step."""

    db: Database
    table: JobTable
    job_id: uuid.UUID
    owner: str
    deadline: float  # time.monotonic() past which the job is failed
    cancel_poll_seconds: float = 1.0
    # Set when the worker stops (a shutdown, a test's reset): the job ends its attempt at once.
    stopping: threading.Event = field(default_factory=threading.Event)
    _next_poll: float = field(default=0.0, init=False)

    def check(self) -> None:
        """Raise Interrupted when the job must stop; cheap enough to call for every row."""
        if self.stopping.is_set():
            raise Stopped(str(self.job_id))
        now = time.monotonic()
        if now >= self.deadline:
            raise TimedOut(str(self.job_id))
        if now < self._next_poll:
            return
        self._next_poll = now + self.cancel_poll_seconds
        with self.db.transaction(write=False) as session:  # a read: it never waits for a writer
            if queries.cancel_requested(session, self.table, self.job_id):
                raise Cancelled(str(self.job_id))

    def save(self, session: Session, values: dict[str, Any]) -> None:
        """Write the job's progress and heartbeat in the caller's transaction, if it still owns it."""
        if not queries.save_progress(session, self.table, self.job_id, self.owner,
                                     {**values, "heartbeat_at": utcnow()}):
            raise LostJob(str(self.job_id))

    def beat(self, values: dict[str, Any]) -> None:
        """Show progress and prove liveness in a transaction of its own."""
        with self.db.transaction() as session:
            self.save(session, values)
