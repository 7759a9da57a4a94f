"""Every query of the job runner, on any table with `JobColumns`."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from shared.jobs.model import JobColumns, JobState

JobTable = type[JobColumns]


def _claimable(table: JobTable, stale_before: datetime) -> Any:
    return or_(table.state == JobState.QUEUED,
               (table.state == JobState.RUNNING) & (table.heartbeat_at < stale_before))


def claimable_job(session: Session, table: JobTable, stale_before: datetime) -> uuid.UUID | None:
    """Find the oldest queued job, or a running one whose worker stopped beating."""
    return session.execute(
        select(table.id).where(_claimable(table, stale_before)).order_by(table.created_at).limit(1)
    ).scalar_one_or_none()


def claim_job(session: Session, table: JobTable, job_id: uuid.UUID, owner: str, now: datetime,
              stale_before: datetime) -> bool:
    """Take a job for a worker; False when another worker took it first."""
    result = session.execute(
        update(table).where(table.id == job_id, _claimable(table, stale_before))
        .values(state=JobState.RUNNING, owner=owner, heartbeat_at=now, attempts=table.attempts + 1,
                started_at=func.coalesce(table.started_at, now))
        .execution_options(synchronize_session=False))
    return result.rowcount == 1


def save_progress(session: Session, table: JobTable, job_id: uuid.UUID, owner: str,
                  values: dict[str, Any]) -> bool:
    """Write a job's columns if the worker still holds it; False when it lost the job."""
    result = session.execute(
        update(table).where(table.id == job_id, table.owner == owner, table.state == JobState.RUNNING)
        .values(**values).execution_options(synchronize_session=False))
    return result.rowcount == 1


def job_status(session: Session, table: JobTable, job_id: uuid.UUID) -> tuple[int, bool]:
    """Return a job's attempts and whether a cancel was requested."""
    attempts, cancel_at = session.execute(
        select(table.attempts, table.cancel_requested_at).where(table.id == job_id)).one()
    return attempts, cancel_at is not None


def cancel_requested(session: Session, table: JobTable, job_id: uuid.UUID) -> bool:
    """Tell whether someone asked a job to stop."""
    return session.execute(
        select(table.cancel_requested_at.is_not(None)).where(table.id == job_id)).scalar_one()
